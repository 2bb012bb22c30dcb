import { Inject, Injectable } from "@nestjs/common";
import { LRUCache } from "lru-cache";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { ApiError } from "../http/api-error";

/** Tokens whose windows are kept at once (a few MB at most). */
const MAX_TRACKED_TOKENS = 100_000;

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Per-token fixed-window rate limiting (RATE_LIMIT_PER_MINUTE; 0, the default,
 * turns it off for local use). Kept in memory: each replica limits on its own, so
 * behind a load balancer the effective limit is the per-replica limit × replicas.
 */
@Injectable()
export class RateLimiter {
  /** Windows by token signature; past the bound the least recently used goes. */
  private readonly windows = new LRUCache<string, Window>({
    max: MAX_TRACKED_TOKENS,
  });
  private readonly limit: number;
  private readonly windowMs = 60_000;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.rateLimitPerMinute;
  }

  consume(token: string, now = Date.now()): void {
    if (this.limit <= 0) return;
    // The signature identifies the token and is short; the whole token need not be kept.
    const key = token.slice(token.lastIndexOf(".") + 1);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > this.limit) {
      const retryAfter = Math.max(
        1,
        Math.ceil((window.startedAt + this.windowMs - now) / 1000),
      );
      throw new ApiError(
        "RATE_LIMITED",
        `Too many requests with this token; try again in ${retryAfter} s.`,
        undefined,
        { "Retry-After": String(retryAfter) },
      );
    }
  }
}
