import { randomBytes } from "node:crypto";

/** What follows `pix_` in an id: lowercase ASCII letters and digits. */
export const PIXEL_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
/** Random characters in a new id (36^12 ≈ 4.7 × 10^18 ids). */
export const PIXEL_ID_RANDOM_LENGTH = 12;
/**
 * Bounds on the characters after `pix_`: the contract promises at least 6; the
 * `saved_pixels.id` column holds 32 characters, so at most 28 follow the prefix.
 */
export const PIXEL_ID_MIN_SUFFIX = 6;
export const PIXEL_ID_MAX_SUFFIX = 28;
/** The one shape of a pixel id, as a string (OpenAPI `pattern`). */
export const PIXEL_ID_SOURCE = `^pix_[a-z0-9]{${PIXEL_ID_MIN_SUFFIX},${PIXEL_ID_MAX_SUFFIX}}$`;
/**
 * The one shape of a pixel id (CONTRACT.md: `pix_` and at least 6 random lowercase
 * letters and digits). Anything else cannot name a stored pixel, so callers may
 * refuse it without a lookup.
 */
export const PIXEL_ID = new RegExp(PIXEL_ID_SOURCE);

/** Whether a value has the shape of a pixel id (not whether such a pixel exists). */
export function isPixelId(value: unknown): value is string {
  return typeof value === "string" && PIXEL_ID.test(value);
}

/**
 * The largest multiple of the alphabet's size that fits in a byte (252 = 7 × 36):
 * bytes at or above it are thrown away, so each character is equally likely
 * (rejection sampling; `byte % 36` alone favours the first 4 characters).
 */
const UNBIASED_BYTE_LIMIT = 256 - (256 % PIXEL_ID_ALPHABET.length);

/**
 * A new random pixel id: `pix_` and {@link PIXEL_ID_RANDOM_LENGTH} characters drawn
 * uniformly from {@link PIXEL_ID_ALPHABET} with the CSPRNG.
 * @param random source of random bytes (tests pass a fixed one)
 */
export function newPixelId(
  random: (size: number) => Uint8Array = randomBytes,
): string {
  let id = "pix_";
  while (id.length < 4 + PIXEL_ID_RANDOM_LENGTH) {
    for (const byte of random(PIXEL_ID_RANDOM_LENGTH)) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      id += PIXEL_ID_ALPHABET[byte % PIXEL_ID_ALPHABET.length];
      if (id.length === 4 + PIXEL_ID_RANDOM_LENGTH) break;
    }
  }
  return id;
}
