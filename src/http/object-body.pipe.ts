import { Injectable, PipeTransform } from "@nestjs/common";
import { ApiError } from "./api-error";

/** Refuses bodies that are not a JSON object before class-validator sees them. */
@Injectable()
export class ObjectBodyPipe implements PipeTransform {
  transform(value: unknown): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw ApiError.validation([
        { field: "body", message: "must be a JSON object" },
      ]);
    }
    return value;
  }
}

export const OBJECT_BODY = new ObjectBodyPipe();
