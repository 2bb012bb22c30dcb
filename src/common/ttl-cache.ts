import { LruCache } from "./lru-cache";

/** An LRU cache whose entries also expire, for facts that may change elsewhere. */
export class TtlCache<K, V> {
  private readonly entries: LruCache<K, { value: V; expires: number }>;

  constructor(
    capacity: number,
    private readonly ttlMs: number,
  ) {
    this.entries = new LruCache(capacity);
  }

  /** The entry, or undefined when absent or expired (a cached `null` is a hit). */
  get(key: K, now = Date.now()): { value: V } | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expires > now ? entry : undefined;
  }

  set(key: K, value: V, now = Date.now()): void {
    this.entries.set(key, { value, expires: now + this.ttlMs });
  }
}
