import { LRUCache } from "lru-cache";
import { JwtClaims, verifyJwt } from "./jwt";

/** How long a verified token is trusted without checking its signature again, in ms. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Bytes of token text remembered at once (tokens are the keys); about 4,000 typical tokens. */
const MAX_CACHED_TOKEN_BYTES = 2 * 1024 * 1024;
/** `exp` leeway, in ms; the same 30 s `verifyJwt` grants. */
const EXP_LEEWAY_MS = 30_000;

/**
 * A memo of tokens that passed `verifyJwt`: the same token sent again within a
 * minute (a dashboard, a script paging a list) is not HMAC-verified again, which
 * was most of an authenticated request's CPU. Only successes are kept, and never
 * past the token's own `exp` (+ the 30 s leeway), so a cached answer is one
 * `verifyJwt` would still give; a refused token is verified (and refused) every time.
 *
 * Bounded by the bytes of token text it holds (2 MiB); the least recently used go first.
 */
export class VerifiedTokens {
  private readonly cache: LRUCache<string, JwtClaims>;

  /** `now`: the clock in ms since the epoch, for `exp` and the memo's own expiry. */
  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new LRUCache<string, JwtClaims>({
      maxSize: MAX_CACHED_TOKEN_BYTES,
      sizeCalculation: (_claims, token) => token.length,
      perf: { now },
    });
  }

  /**
   * The token's claims, from the memo or from `verifyJwt`.
   * @throws JwtError exactly as `verifyJwt` does.
   */
  async verify(token: string): Promise<JwtClaims> {
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached;
    const now = this.now();
    const claims = await verifyJwt(token, this.secret, now);
    const ttl = trustedFor(claims, now);
    if (ttl > 0) this.cache.set(token, Object.freeze(claims), { ttl });
    return claims;
  }
}

/** How long, in ms from `now`, a verified token's claims may be reused. */
function trustedFor(claims: JwtClaims, now: number): number {
  if (typeof claims.exp !== "number") return VERIFIED_TOKEN_TTL_MS;
  return Math.min(
    VERIFIED_TOKEN_TTL_MS,
    Math.floor(claims.exp * 1000 + EXP_LEEWAY_MS - now),
  );
}
