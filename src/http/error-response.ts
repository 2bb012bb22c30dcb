import { HttpException } from "@nestjs/common";
import {
  InvalidValueError,
  NameConflictError,
  ForbiddenError,
  NotFoundError,
  OverloadedError,
  PreconditionFailedError,
} from "../common/domain-errors";
import { ApiError } from "./api-error";
import { ErrorEnvelope, failure } from "./envelope";
import { ERROR_STATUS, ErrorCode } from "./error-codes";

export interface ErrorResponse {
  status: number;
  body: ErrorEnvelope;
  headers: Record<string, string>;
  /** True when the error was not one we meant to raise: it gets logged with its stack. */
  unexpected: boolean;
}

/** Fastify's own errors that reach us before a route runs (body parsing, limits). */
const FASTIFY_ERRORS: Record<
  string,
  { code: ErrorCode; message: string; field?: string }
> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: "PAYLOAD_TOO_LARGE",
    message: "The request body is too large.",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "Send the request body as application/json.",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: "VALIDATION_FAILED",
    message: "The request body is not valid JSON.",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: "VALIDATION_FAILED",
    message: "The request body is empty; send a JSON object.",
  },
  // A path segment over the router's limit (100 characters) cannot name a pixel.
  FST_ERR_MAX_PARAM_LENGTH: { code: "NOT_FOUND", message: "No such route." },
  FST_ERR_BAD_URL: {
    code: "VALIDATION_FAILED",
    message: "The request path is not a valid URL.",
    field: "path",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "VALIDATION_FAILED",
    message: "The Content-Length header does not match the body.",
  },
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: "VALIDATION_FAILED",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "NOT_FOUND",
  409: "NAME_CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
  503: "SERVICE_UNAVAILABLE",
};

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: "The request is not valid.",
  NOT_FOUND: "Not found.",
  UNAUTHENTICATED: "A valid bearer token is required.",
  FORBIDDEN: "You do not have access to this.",
  PAYLOAD_TOO_LARGE: "The request body is too large.",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported content type.",
};

/**
 * Maps anything thrown while handling a request to the contract's envelope. The
 * message of an unexpected error is never shown: it may carry SQL or internals.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      body: failure(error.code, error.message, error.details),
      headers: error.headers ?? {},
      unexpected: false,
    };
  }
  const domain = fromDomainError(error);
  if (domain) return domain;
  // Nest wraps Fastify's own errors (body parsing, limits) in an HttpException.
  const cause = error instanceof HttpException ? (error.cause ?? error) : error;
  const fastifyResponse = fromFastifyError(cause);
  if (fastifyResponse) return fastifyResponse;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = STATUS_CODES[status];
    if (code) {
      const message =
        status === 404 || status === 405
          ? "No such route."
          : DEFAULT_MESSAGES[code];
      return plain(status, code, message ?? error.message);
    }
  }
  return {
    ...plain(
      500,
      "INTERNAL",
      "Something went wrong on our side. It has been logged.",
    ),
    unexpected: true,
  };
}

/** The domain's errors (`src/common/domain-errors.ts`) and their codes. */
function fromDomainError(error: unknown): ErrorResponse | null {
  if (error instanceof InvalidValueError)
    return plain(400, "VALIDATION_FAILED", error.message, error.details);
  if (error instanceof ForbiddenError)
    return plain(403, "FORBIDDEN", error.message);
  if (error instanceof NotFoundError)
    return plain(404, "NOT_FOUND", error.message);
  if (error instanceof NameConflictError)
    return plain(409, "NAME_CONFLICT", error.message, [
      { field: error.field, message: error.reason },
    ]);
  if (error instanceof PreconditionFailedError)
    return plain(412, "PRECONDITION_FAILED", error.message);
  if (error instanceof OverloadedError)
    return {
      ...plain(503, "SERVICE_UNAVAILABLE", error.message),
      headers: { "Retry-After": String(error.retryAfterS) },
    };
  return null;
}

function fromFastifyError(error: unknown): ErrorResponse | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && FASTIFY_ERRORS[code]) {
    const known = FASTIFY_ERRORS[code];
    const details =
      known.code === "VALIDATION_FAILED"
        ? [{ field: known.field ?? "body", message: known.message }]
        : undefined;
    return plain(ERROR_STATUS[known.code], known.code, known.message, details);
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    const mapped = STATUS_CODES[statusCode] ?? "VALIDATION_FAILED";
    return plain(
      statusCode,
      mapped,
      DEFAULT_MESSAGES[mapped] ?? "The request is not valid.",
    );
  }
  return null;
}

function plain(
  status: number,
  code: ErrorCode,
  message: string,
  details?: { field: string; message: string }[],
): ErrorResponse {
  return {
    status,
    body: failure(code, message, details),
    headers: {},
    unexpected: false,
  };
}
