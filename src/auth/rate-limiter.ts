import { Inject, Injectable } from "@nestjs/common";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { ApiError } from "../http/api-error";

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
  private readonly windows = new Map<string, Window>();
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
      if (this.windows.size > 100_000) this.evictExpired(now);
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

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
    }
  }
}
