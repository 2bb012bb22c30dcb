import { createHmac } from "node:crypto";
import { decodeProtectedHeader, errors, jwtVerify } from "jose";

/**
 * HS256 JSON Web Tokens (RFC 7519). Verification is `jose`'s (signature, claim set,
 * `exp`/`nbf`); the header policy is checked here first so that the one algorithm
 * we accept stays pinned in plain sight: any header whose `alg` is not exactly
 * HS256 (`none`, RS256 with a public key as the secret, …) is refused before a
 * signature is computed, and jose is told to accept HS256 only as well.
 */
export interface JwtClaims {
  [claim: string]: unknown;
  sub?: unknown;
  exp?: unknown;
  nbf?: unknown;
  iat?: unknown;
}

/** A refused token; `message` is a short reason safe to show the caller. */
export class JwtError extends Error {}

/** Tokens larger than this are refused unread (headers can be at most 64 KiB anyway). */
export const MAX_TOKEN_LENGTH = 8192;
/** Clock skew tolerated on `exp` and `nbf`, in seconds. */
const LEEWAY_SECONDS = 30;
const ALGORITHM = "HS256";
const COMPACT_JWS = /^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/**
 * Signs `claims` as a compact HS256 JWT with header `{"alg":"HS256","typ":"JWT"}`.
 * Synchronous (jose's SignJWT is async), which keeps `npm run token` and the test
 * harness simple; tokens it makes are verified by jose like any other.
 */
export function signJwt(claims: JwtClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: ALGORITHM, typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", secret)
    .update(`${header}.${payload}`)
    .digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/**
 * Verifies a compact HS256 JWT signed with `secret` and returns its claims.
 * `now` is in milliseconds since the epoch. `exp` and `nbf` are optional and get
 * 30 s of leeway. Throws JwtError with one of: "token too large", "malformed
 * token", "unsupported algorithm", "unsupported type", "unsupported critical
 * header", "bad signature", "token expired", "token not yet valid", "malformed
 * exp" (or nbf, iat).
 */
export async function verifyJwt(
  token: string,
  secret: string,
  now = Date.now(),
): Promise<JwtClaims> {
  if (token.length > MAX_TOKEN_LENGTH) throw new JwtError("token too large");
  if (!COMPACT_JWS.test(token)) throw new JwtError("malformed token");
  checkHeader(token);
  // base64url leaves spare bits in a signature's last character, which decoders
  // ignore: four texts carry one HMAC. Only the canonical one is accepted, so a
  // token has one spelling (the rate limiter and the memo of verified tokens
  // key on its text).
  const signature = token.slice(token.lastIndexOf(".") + 1);
  if (Buffer.from(signature, "base64url").toString("base64url") !== signature)
    throw new JwtError("bad signature");
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      algorithms: [ALGORITHM],
      clockTolerance: LEEWAY_SECONDS,
      currentDate: new Date(now),
    });
    return payload as JwtClaims;
  } catch (error) {
    throw refusal(error);
  }
}

let importedSecret: string | undefined;
let importedKey: Promise<CryptoKey> | undefined;

/**
 * The secret as a WebCrypto HMAC-SHA-256 key, imported once per secret: handing
 * jose the raw bytes makes it import a key on every call, which was a quarter of
 * the CPU of an authenticated GET (measured with `node --cpu-prof`). A service
 * has one secret, so one remembered key is enough; a new secret (tests) replaces it.
 */
function hmacKey(secret: string): Promise<CryptoKey> {
  if (importedKey === undefined || importedSecret !== secret) {
    importedSecret = secret;
    importedKey = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
  }
  return importedKey;
}

/** Our header policy: alg exactly HS256, typ absent or "JWT", no crit. */
function checkHeader(token: string): void {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    throw new JwtError("malformed token");
  }
  if (header.alg !== ALGORITHM) throw new JwtError("unsupported algorithm");
  if (header.typ !== undefined && header.typ !== "JWT")
    throw new JwtError("unsupported type");
  if (header.crit !== undefined)
    throw new JwtError("unsupported critical header");
}

/** Maps jose's error codes to our short reasons; anything else is rethrown as is. */
function refusal(error: unknown): unknown {
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new JwtError("bad signature");
  if (error instanceof errors.JWTExpired) return new JwtError("token expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "invalid")
      return new JwtError(`malformed ${error.claim}`);
    if (error.claim === "nbf") return new JwtError("token not yet valid");
    return new JwtError(`invalid ${error.claim}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new JwtError("unsupported algorithm");
  if (error instanceof errors.JOSENotSupported)
    return new JwtError("unsupported critical header");
  if (error instanceof errors.JOSEError) return new JwtError("malformed token");
  return error;
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
