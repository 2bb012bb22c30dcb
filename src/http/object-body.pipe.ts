import { Injectable, PipeTransform } from "@nestjs/common";
import { ApiError } from "./api-error";

/**
 * How deeply a body may nest objects and arrays. Ours need five levels
 * (body → config → properties → item → field); class-transformer and
 * class-validator walk bodies recursively, so a 64 KiB body of `[[[[…]]]]`
 * would otherwise overflow the stack and answer 500.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Refuses bodies that are not a JSON object, or that nest deeper than
 * MAX_BODY_DEPTH, before class-validator sees them.
 */
@Injectable()
export class ObjectBodyPipe implements PipeTransform {
  transform(value: unknown): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw ApiError.validation([
        { field: "body", message: "must be a JSON object" },
      ]);
    }
    if (nestsDeeperThan(value, MAX_BODY_DEPTH)) {
      throw ApiError.validation([
        {
          field: "body",
          message: `must not nest objects or arrays more than ${MAX_BODY_DEPTH} levels deep`,
        },
      ]);
    }
    return value;
  }
}

/** Iterative, so that checking a deep value cannot itself overflow the stack. */
function nestsDeeperThan(value: object, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

export const OBJECT_BODY = new ObjectBodyPipe();
