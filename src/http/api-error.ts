import { ERROR_STATUS, ErrorCode, ErrorDetail } from "./error-codes";

/**
 * The one exception type the application throws on purpose. The exception filter
 * turns it into the contract's envelope; anything else becomes a bare 500.
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  static validation(
    details: ErrorDetail[],
    message = "The request is not valid.",
  ): ApiError {
    return new ApiError("VALIDATION_FAILED", message, details);
  }

  static notFound(message = "Not found."): ApiError {
    return new ApiError("NOT_FOUND", message);
  }
}
