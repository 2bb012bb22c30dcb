import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Every ingest key starts with this, so it is recognisable in code and in leak scanners. */
export const INGEST_KEY_PREFIX = "spx_ik_";
/** Random bytes per key: 256 bits, far past the 128 that rule out guessing. */
const KEY_BYTES = 32;
/** The prefix and 43 base64url characters (32 bytes, no padding). */
const INGEST_KEY_PATTERN = /^spx_ik_[A-Za-z0-9_-]{43}$/;
/** Domain separation: the pepper is derived from the JWT secret but is not it. */
const PEPPER_LABEL = "saved-pixels ingest-key pepper v1";

/** A fresh key, as the user sees it once: `spx_ik_` and 43 base64url characters. */
export function newIngestKey(): string {
  return INGEST_KEY_PREFIX + randomBytes(KEY_BYTES).toString("base64url");
}

/** Whether `value` has the shape of a key (so junk never reaches the database). */
export function looksLikeIngestKey(value: string): boolean {
  return INGEST_KEY_PATTERN.test(value);
}

/**
 * Hashes ingest keys for storage and lookup.
 *
 * Why HMAC-SHA-256 and not a slow password KDF (bcrypt, scrypt, Argon2): a KDF's
 * cost only matters for secrets an attacker can enumerate, such as passwords. An
 * ingest key is 256 random bits, so even a fast hash cannot be brute-forced, and a
 * request pays microseconds instead of the tens of milliseconds a KDF takes on
 * every event batch (OWASP's password storage guidance makes the same
 * distinction for high-entropy tokens). The HMAC key, a server-side pepper, adds
 * that a copy of the database alone does not even let anyone test a candidate key.
 *
 * The pepper is derived from AUTH_JWT_SECRET (HMAC with a fixed label), so there
 * is no extra secret to manage; the catch is that rotating AUTH_JWT_SECRET
 * invalidates every ingest key (the README says so).
 *
 * Lookup is by the hash (a unique index); the found row's hash is then compared
 * with `timingSafeEqual`, so the final check takes the same time whatever the
 * input. The index lookup itself leaks nothing useful: its input is a keyed
 * hash that an attacker cannot steer without the pepper.
 */
export class IngestKeyHasher {
  private readonly pepper: Buffer;

  constructor(jwtSecret: string) {
    this.pepper = createHmac("sha256", jwtSecret).update(PEPPER_LABEL).digest();
  }

  /** 64 lowercase hex characters. */
  hash(key: string): string {
    return createHmac("sha256", this.pepper).update(key).digest("hex");
  }

  /** Constant-time equality of two hex hashes of the same length. */
  matches(storedHash: string, computedHash: string): boolean {
    const stored = Buffer.from(storedHash, "hex");
    const computed = Buffer.from(computedHash, "hex");
    return (
      stored.length === computed.length && timingSafeEqual(stored, computed)
    );
  }
}
