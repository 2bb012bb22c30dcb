import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Compact HS256 JSON Web Tokens, written here rather than pulled in so that the
 * one algorithm we accept is pinned in plain sight: any header whose `alg` is not
 * exactly HS256 (`none`, RS256 with a public key as the secret, …) is refused
 * before a signature is even computed.
 */
export interface JwtClaims {
  [claim: string]: unknown;
  sub?: unknown;
  exp?: unknown;
  nbf?: unknown;
  iat?: unknown;
}

export class JwtError extends Error {}

/** Tokens larger than this are refused unread (headers can be at most 64 KiB anyway). */
export const MAX_TOKEN_LENGTH = 8192;
/** Clock skew tolerated on `exp` and `nbf`. */
const LEEWAY_SECONDS = 30;

export function signJwt(claims: JwtClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${hmac(`${header}.${payload}`, secret)}`;
}

export function verifyJwt(
  token: string,
  secret: string,
  now = Date.now(),
): JwtClaims {
  if (token.length > MAX_TOKEN_LENGTH) throw new JwtError("token too large");
  const parts = token.split(".");
  if (
    parts.length !== 3 ||
    parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))
  ) {
    throw new JwtError("malformed token");
  }
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = parseJson(headerPart);
  if (header.alg !== "HS256") throw new JwtError("unsupported algorithm");
  if (header.typ !== undefined && header.typ !== "JWT")
    throw new JwtError("unsupported type");
  if (header.crit !== undefined)
    throw new JwtError("unsupported critical header");

  const expected = Buffer.from(hmac(`${headerPart}.${payloadPart}`, secret));
  const actual = Buffer.from(signaturePart);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new JwtError("bad signature");
  }

  const claims = parseJson(payloadPart);
  const seconds = now / 1000;
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) {
      throw new JwtError("malformed exp");
    }
    if (seconds > claims.exp + LEEWAY_SECONDS)
      throw new JwtError("token expired");
  }
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== "number" || !Number.isFinite(claims.nbf)) {
      throw new JwtError("malformed nbf");
    }
    if (seconds + LEEWAY_SECONDS < claims.nbf)
      throw new JwtError("token not yet valid");
  }
  return claims;
}

function hmac(input: string, secret: string): string {
  return createHmac("sha256", secret).update(input).digest("base64url");
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

function parseJson(part: string): JwtClaims {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw new JwtError("malformed token");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new JwtError("malformed token");
  }
  return value as JwtClaims;
}
