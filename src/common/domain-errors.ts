/**
 * Errors the services and repositories raise, in the terms of the domain, with no
 * HTTP in them: the exception filter (`src/http/error-response.ts`) is the one
 * place that maps each to a status and an error code of the contract (§3).
 */
export abstract class DomainError extends Error {}

/** A value the caller sent cannot be stored: each detail names the field and why. */
export class InvalidValueError extends DomainError {
  constructor(
    readonly details: { field: string; message: string }[],
    message = "The request is not valid.",
  ) {
    super(message);
  }
}

/** The record does not exist in the caller's account (or cannot, by its id's shape). */
export class NotFoundError extends DomainError {}

/** Another record of the account already has this name (names ignore case). */
export class NameConflictError extends DomainError {
  readonly field = "name";
  readonly reason =
    "is already used by another pixel of this account (names ignore case)";

  constructor(readonly pixelName: string) {
    super(`A saved pixel named "${pixelName}" already exists in this account.`);
  }
}

/** The caller may read the record but not do this to it (a pixel shared with its account). */
export class ForbiddenError extends DomainError {}

/** The record changed since the caller read it: its version is not the one expected. */
export class PreconditionFailedError extends DomainError {}

/**
 * The service cannot take this now (a bounded buffer is full because the
 * database is not keeping up); the caller may try again after `retryAfterS` seconds.
 */
export class OverloadedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(message);
  }
}
