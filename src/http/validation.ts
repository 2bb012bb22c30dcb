import { ValidationError, ValidationPipe } from "@nestjs/common";
import { ApiError } from "./api-error";
import { ErrorDetail } from "./error-codes";

/**
 * Flattens class-validator's error tree into the contract's `details`, one entry
 * per failing rule, each named by its dotted path (`config.properties.0.key`).
 */
export function flattenValidationErrors(
  errors: ValidationError[],
  prefix = "",
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      details.push({ field, message: friendlyMessage(rule, message) });
    }
    if (error.children?.length)
      details.push(...flattenValidationErrors(error.children, field));
  }
  return details;
}

/** class-validator's wording for a few built-in rules, said the way our own rules say things. */
function friendlyMessage(rule: string, message: string): string {
  if (rule === "whitelistValidation") return "is not a known field";
  if (rule === "nestedValidation") return "must be an object";
  return message;
}

function exceptionFactory(errors: ValidationError[]): ApiError {
  return ApiError.validation(flattenValidationErrors(errors));
}

/** For request bodies: unknown fields anywhere are refused and named. */
export const BODY_VALIDATION = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  stopAtFirstError: false,
  exceptionFactory,
});

/**
 * For query strings: other parameters (account_id, cache busters) are allowed;
 * declared ones are converted from strings by the DTO's own @Type decorators.
 */
export const QUERY_VALIDATION = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: false,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory,
});
