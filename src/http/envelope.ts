import { ErrorCode, ErrorDetail } from "./error-codes";

export interface SuccessEnvelope<T> {
  success: true;
  data: T;
  meta?: Record<string, unknown>;
}

export interface ErrorEnvelope {
  success: false;
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

export function ok<T>(
  data: T,
  meta?: Record<string, unknown>,
): SuccessEnvelope<T> {
  return meta ? { success: true, data, meta } : { success: true, data };
}

export function failure(
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
): ErrorEnvelope {
  return {
    success: false,
    error:
      details && details.length > 0
        ? { code, message, details }
        : { code, message },
  };
}
