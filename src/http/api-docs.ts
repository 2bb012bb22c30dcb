import { applyDecorators, Type } from "@nestjs/common";
import { ApiExtraModels, ApiResponse, getSchemaPath } from "@nestjs/swagger";
import type {
  ReferenceObject,
  SchemaObject,
} from "@nestjs/swagger/dist/interfaces/open-api-spec.interface";
import { ERROR_STATUS, ErrorCode } from "./error-codes";

/** Documents a success answer in the contract's envelope around `model`. */
export function ApiEnvelope(
  status: number,
  model: Type<unknown>,
  options: {
    isArray?: boolean;
    meta?: Type<unknown>;
    description?: string;
    headers?: Record<string, { description: string }>;
  } = {},
) {
  const data: SchemaObject | ReferenceObject = options.isArray
    ? { type: "array", items: { $ref: getSchemaPath(model) } }
    : { $ref: getSchemaPath(model) };
  const properties: Record<string, SchemaObject | ReferenceObject> = {
    success: { type: "boolean", enum: [true] },
    data,
  };
  const required = ["success", "data"];
  const models: Type<unknown>[] = [model];
  if (options.meta) {
    properties.meta = { $ref: getSchemaPath(options.meta) };
    required.push("meta");
    models.push(options.meta);
  }
  return applyDecorators(
    ApiExtraModels(...models),
    ApiResponse({
      status,
      description: options.description ?? "OK",
      headers: options.headers,
      schema: { type: "object", required, properties },
    }),
  );
}

const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  VALIDATION_FAILED:
    "Invalid input; `details` names each bad field by its dotted path.",
  UNAUTHENTICATED: "No token, or a malformed, wrongly signed or expired one.",
  FORBIDDEN:
    "The token has no role on this account, or the role lacks the scope.",
  NOT_FOUND: "No such pixel in this account.",
  NAME_CONFLICT: "Another pixel of the account has this name (ignoring case).",
  PRECONDITION_FAILED: "If-Match does not match the current ETag.",
  PAYLOAD_TOO_LARGE: "The body is over the size limit.",
  UNSUPPORTED_MEDIA_TYPE: "The body is not application/json.",
  RATE_LIMITED: "Too many requests with this token; see Retry-After.",
  INTERNAL: "Unexpected server error.",
  SERVICE_UNAVAILABLE: "The database cannot be reached.",
};

/**
 * The errors of every account-scoped route: a bad query (`account_id`), no or a
 * refused token, no role or scope, too many requests.
 */
export const ACCOUNT_ERRORS = [
  "VALIDATION_FAILED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "RATE_LIMITED",
] as const satisfies readonly ErrorCode[];

/** The errors of an account-scoped route on one resource named in the path: those, and an unknown id. */
export const ACCOUNT_RESOURCE_ERRORS = [
  ...ACCOUNT_ERRORS,
  "NOT_FOUND",
] as const satisfies readonly ErrorCode[];

/**
 * The errors of a route that reads a body, or holds one sent anyway (to a
 * DELETE, say) to the API's limits: too large, or not JSON.
 */
export const BODY_ERRORS = [
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
] as const satisfies readonly ErrorCode[];

/**
 * Documents the error answers a route can give, all in the error envelope, and
 * `INTERNAL` (500), which any route can answer when something fails unexpectedly
 * (the database going away, for one).
 */
export function ApiErrors(...codes: ErrorCode[]) {
  const all = codes.includes("INTERNAL")
    ? codes
    : [...codes, "INTERNAL" as const];
  return applyDecorators(
    ...all.map((code) =>
      ApiResponse({
        status: ERROR_STATUS[code],
        description: `\`${code}\`: ${ERROR_DESCRIPTIONS[code]}`,
        schema: { $ref: "#/components/schemas/ErrorEnvelope" },
      }),
    ),
  );
}
