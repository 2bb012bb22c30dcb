/**
 * The buffer is full: the database is not keeping up (or not answering). The
 * caller should answer 503 with Retry-After rather than hold the item.
 */
export class GroupCommitFullError extends Error {
  constructor(readonly limit: number) {
    super(`${limit} items are already waiting to be written`);
  }
}

export interface GroupCommitOptions {
  /** Items waiting or being written, at most; past it `add` throws GroupCommitFullError. */
  maxPending: number;
  /** Items per write (one transaction), at most. */
  maxBatch: number;
  /** After a failed write, how long to wait before the batch is tried again (ms). */
  retryDelayMs: number;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
}

/**
 * Group commit: many callers' items go to the database in one write (one
 * transaction), and each caller's promise resolves only once the write that
 * holds its item has committed, so an answer sent after `await add(item)` means
 * "stored".
 *
 * There is no fixed delay: when nothing is being written, items added in the
 * same turn of the event loop go out together at once; while a write is in
 * flight, new items gather and go out in the next one as soon as it commits.
 * So a busy service makes large batches and an idle one answers without waiting.
 *
 * `write` must resolve once every item is stored or deliberately dropped, and
 * reject only when nothing was stored (the database is down or busy): then the
 * batch is kept, in order, ahead of newer items, and tried again after
 * `retryDelayMs`; its callers keep waiting. Memory is bounded by `maxPending`.
 */
export class GroupCommit<T> {
  private waiting: Waiting<T>[] = [];
  private inFlight = 0;
  private draining: Promise<void> | null = null;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions,
    private readonly onWriteFailed: (error: unknown, items: number) => void,
  ) {}

  /** Items waiting or being written. */
  get pending(): number {
    return this.waiting.length + this.inFlight;
  }

  /**
   * Queues `item`; resolves once it is committed. Throws GroupCommitFullError
   * (synchronously, before queuing) when `maxPending` items are pending.
   */
  add(item: T): Promise<void> {
    if (this.pending >= this.options.maxPending)
      throw new GroupCommitFullError(this.options.maxPending);
    return new Promise<void>((resolve) => {
      this.waiting.push({ item, resolve });
      this.schedule();
    });
  }

  /**
   * Writes everything pending now (without waiting for a retry delay); resolves
   * when it is committed or a write failed (then it stays pending). For
   * shutdown and for readers that must see every acknowledged item.
   */
  async flush(): Promise<void> {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    if (this.draining) await this.draining;
    await this.drain();
  }

  /** Stops the retry timer (the owner is shutting down). */
  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private schedule(): void {
    if (this.draining || this.scheduled || this.retryTimer) return;
    this.scheduled = true;
    // setImmediate, not a timer: items from requests parsed in this turn join
    // the batch, and no latency is added when the service is idle.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private drain(): Promise<void> {
    this.draining ??= this.writeAll().finally(() => {
      this.draining = null;
      // Items added between the loop's last check and now.
      if (this.waiting.length > 0) this.schedule();
    });
    return this.draining;
  }

  /** Writes batch after batch until nothing waits or a write fails. */
  private async writeAll(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight = batch.length;
      try {
        await this.write(batch.map((entry) => entry.item));
      } catch (error) {
        this.inFlight = 0;
        this.waiting = batch.concat(this.waiting);
        this.onWriteFailed(error, batch.length);
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = undefined;
          void this.drain();
        }, this.options.retryDelayMs);
        return;
      }
      this.inFlight = 0;
      for (const entry of batch) entry.resolve();
    }
  }
}
