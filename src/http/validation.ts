import {
  ArgumentMetadata,
  ValidationError,
  ValidationPipe,
} from "@nestjs/common";
import { getMetadataStorage } from "class-validator";
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

/** `name[]`, `name[0]`, `name[key]`: the bracket forms some clients use for lists. */
const BRACKETED = /^([^[\]]+)\[[^\]]*\]/;

const declaredFieldsOf = new WeakMap<object, ReadonlySet<string>>();

/** The query parameters a DTO declares: the properties class-validator checks. */
function declaredFields(metatype: new () => unknown): ReadonlySet<string> {
  let fields = declaredFieldsOf.get(metatype);
  if (!fields) {
    fields = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(metatype, "", true, false)
        .map((rule) => rule.propertyName),
    );
    declaredFieldsOf.set(metatype, fields);
  }
  return fields;
}

/**
 * Each declared parameter given more than once (`limit=1&limit=2`, which the
 * query parser turns into a list) or in a bracket form (`limit[]=1`, which it
 * keeps under another name that validation would otherwise drop unseen),
 * named by the parameter. Every parameter the API takes is a single value.
 */
export function repeatedQueryParameters(
  query: Record<string, unknown>,
  declared: ReadonlySet<string>,
): ErrorDetail[] {
  const named = new Set<string>();
  for (const [key, value] of Object.entries(query)) {
    const field = Array.isArray(value) ? key : BRACKETED.exec(key)?.[1];
    if (field !== undefined && declared.has(field)) named.add(field);
  }
  return [...named].map((field) => ({
    field,
    message: `must be given once, as ${field}=value (not repeated, not ${field}[]=…)`,
  }));
}

/** The query pipe: refuses repeated and bracketed declared parameters, then validates. */
class QueryValidationPipe extends ValidationPipe {
  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    const metatype = metadata.metatype;
    if (typeof value === "object" && value !== null && metatype) {
      const details = repeatedQueryParameters(
        value as Record<string, unknown>,
        declaredFields(metatype as new () => unknown),
      );
      if (details.length > 0) throw ApiError.validation(details);
    }
    return super.transform(value, metadata);
  }
}

/**
 * For query strings: other parameters (account_id, cache busters) are allowed;
 * declared ones are converted from strings by the DTO's own @Type decorators,
 * and refused when repeated or bracketed (`limit[]=1`), each named.
 */
export const QUERY_VALIDATION = new QueryValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: false,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory,
});
