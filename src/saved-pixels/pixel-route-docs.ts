import type { ErrorCode } from "../http/error-codes";

/** The `{pixel_id}` path parameter, as the OpenAPI document shows it. */
export const PIXEL_ID_PARAM = {
  name: "pixel_id",
  description: "Saved pixel ID",
  example: "pix_a1b2c3d4e5f6",
};

/** What any route on one saved pixel can answer besides success. */
export const PIXEL_ROUTE_ERRORS: readonly ErrorCode[] = [
  "VALIDATION_FAILED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "RATE_LIMITED",
];
