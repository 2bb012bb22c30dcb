import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  Optional,
} from "@nestjs/common";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { LRUCache } from "lru-cache";
import type { EntityManager } from "typeorm";
import { OverloadedError } from "../common/domain-errors";
import { isTransientDatabaseError } from "../database/data-source";
import { ShutdownFlushers } from "../database/shutdown-flushers";
import { SavedPixelsRepository } from "../saved-pixels/saved-pixels.repository";
import {
  CollectingPixel,
  collectedPixelId,
  EventSource,
  normaliseCollectedEvent,
  NormalisedEvent,
  RawCollectedEvent,
} from "./collected-event";
import { collectingPixel } from "./collecting-pixel";
import { GroupCommit, GroupCommitFullError } from "./group-commit";
import {
  PixelEventsRepository,
  StoredOutcome,
} from "./pixel-events.repository";

/** Events per transaction, at most (a busy service writes whatever gathered meanwhile). */
const BATCH_SIZE = 1000;
/** While the database is down or locked, a failed batch is tried again this often. */
const RETRY_DELAY_MS = 1000;
/** What a 503 asks the sender to wait before trying again (seconds). */
export const COLLECT_RETRY_AFTER_S = 5;
/** Default bound of events waiting for their commit (COLLECT_BUFFER_EVENTS). */
export const DEFAULT_COLLECT_BUFFER_EVENTS = 10_000;
/** Each pixel keeps at least its newest events, and a day of them for deduplication. */
export const EVENTS_KEPT_PER_PIXEL = 1000;
const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;
const PIXEL_CACHE_TTL_MS = 30_000;
const PIXEL_CACHE_ENTRIES = 5_000;

/**
 * Accepts tracker events: checks each against its saved pixel and hands it to a
 * group commit (./group-commit.ts), which writes whatever gathered in one
 * transaction (PixelEventsRepository.insertBatch: the code that runs inside the
 * batch transaction lives there). `collect` resolves only after the batch that
 * holds the event has committed, so a 2xx sent after it means "stored", and a
 * kill -9 loses no acknowledged event. The buffer is bounded: when the database
 * stalls, `collect` throws OverloadedError (503 with Retry-After) instead of
 * growing. It is flushed on shutdown before the database closes (ShutdownFlushers).
 */
@Injectable()
export class EventCollector implements OnModuleDestroy {
  private readonly logger = new Logger(EventCollector.name);
  private readonly batches: GroupCommit<NormalisedEvent>;
  /** Saved pixels by id, including `null` for ids that do not exist (bounded, short-lived). */
  /** null when PIXEL_CONFIG_TTL_S is 0: nothing is cached (lru-cache's ttl 0 would mean "forever"). */
  private readonly pixels: LRUCache<
    string,
    { value: CollectingPixel | null }
  > | null;
  /** When each pixel's events were last pruned (ms since the epoch). */
  /** Pixels due for pruning, and the loop working through them (null when idle). */
  private readonly toPrune = new Set<string>();
  private pruning: Promise<void> | null = null;
  private readonly lastPruned = new LRUCache<string, number>({
    max: PIXEL_CACHE_ENTRIES,
  });

  constructor(
    private readonly savedPixels: SavedPixelsRepository,
    private readonly events: PixelEventsRepository,
    flushers: ShutdownFlushers,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.batches = new GroupCommit(
      (batch) => this.writeBatch(batch),
      {
        maxPending:
          config?.collectBufferEvents ?? DEFAULT_COLLECT_BUFFER_EVENTS,
        maxBatch: BATCH_SIZE,
        retryDelayMs: RETRY_DELAY_MS,
      },
      (error, count) =>
        this.logger.error(
          `could not store ${count} events; keeping them to retry: ${String(error)}`,
        ),
    );
    flushers.register(() => this.flush());
    // A pixel's state and piggybacks change without new install code (§7): never
    // cache them longer than PIXEL_CONFIG_TTL_S allows (0 = not at all).
    const ttlMs = Math.min(
      PIXEL_CACHE_TTL_MS,
      (config?.pixelConfigTtlS ?? 300) * 1000,
    );
    this.pixels =
      ttlMs > 0 ? new LRUCache({ max: PIXEL_CACHE_ENTRIES, ttl: ttlMs }) : null;
  }

  /**
   * Takes one raw event; unknown pixels and junk are dropped without a trace.
   * Resolves, once the event's batch has committed, with the event as it was
   * stored (provisionally counted) and its pixel, or null when it was dropped.
   * Throws OverloadedError when the bounded buffer is full (the database is
   * not keeping up); then nothing of the event is kept.
   */
  async collect(
    raw: RawCollectedEvent | null,
    receivedAt = new Date(),
    source: EventSource = "browser",
  ): Promise<{ event: NormalisedEvent; pixel: CollectingPixel } | null> {
    const pixelId = collectedPixelId(raw);
    if (!raw || !pixelId) return null;
    const pixel = await this.pixel(pixelId);
    if (!pixel) return null;
    const event = normaliseCollectedEvent(raw, pixel, receivedAt, source);
    if (!event) return null;
    let committed: Promise<void>;
    try {
      committed = this.batches.add(event);
    } catch (error) {
      if (!(error instanceof GroupCommitFullError)) throw error;
      throw new OverloadedError(
        `The event buffer is full (${error.limit} events wait for the database); try again later.`,
        COLLECT_RETRY_AFTER_S,
      );
    }
    await committed;
    return { event, pixel };
  }

  /**
   * Server events (contract §9, `POST /events`): writes already normalised events
   * at once, in one transaction of their own (not through the buffer), and
   * resolves after the commit, so the caller may answer "stored". Rejects when
   * the database refuses the batch or `options.precondition` throws inside the
   * transaction; then nothing of the batch is stored. The §7 counting rules
   * run as for buffered events (the same insertBatch). Resolves with the newly
   * stored events and whether each counts; an event already stored under the
   * same event_id (by the browser or an earlier call) is skipped and absent.
   * `options.source` says which path the events came by (stored on each).
   */
  async storeNow(
    events: NormalisedEvent[],
    options: {
      source: EventSource;
      precondition?: (manager: EntityManager) => Promise<void>;
    },
  ): Promise<StoredOutcome[]> {
    const sourced = events.map((event) => ({
      ...event,
      source: options.source,
    }));
    // One server batch at a time per process: concurrent batches of one pixel
    // contend for the same rollup and counter rows, and on PostgreSQL a
    // revocation (DELETE of the key they share-lock) could wait behind an
    // endless overlap of them. In turn, each still commits before answering.
    const run = this.serverWrites.then(() =>
      this.events.insertBatch(sourced, options.precondition),
    );
    this.serverWrites = run.then(
      () => undefined,
      () => undefined,
    );
    const stored = await run;
    this.schedulePrune(events);
    return stored;
  }

  /** The tail of the server batches' queue (storeNow). */
  private serverWrites: Promise<void> = Promise.resolve();

  /**
   * Writes everything pending now and finishes queued pruning; resolves when it
   * is on disk (or the write failed). Shutdown runs it before the database closes.
   */
  async flush(): Promise<void> {
    await this.batches.flush();
    await this.pruning;
  }

  onModuleDestroy(): void {
    this.batches.stop();
  }

  /**
   * One batch, one transaction. Resolves when the batch is stored (events the
   * database refuses one by one are dropped and logged); rejects, storing
   * nothing, when the database is down or locked, so the group commit keeps the
   * batch and tries again.
   */
  private async writeBatch(batch: NormalisedEvent[]): Promise<void> {
    try {
      await this.events.insertBatch(batch);
    } catch (error) {
      // A locked or unreachable database refuses every event alike: one by one
      // would only wait out the lock once per event.
      if (isTransientDatabaseError(error)) throw error;
      if (!(await this.storeOneByOne(batch, error))) throw error;
    }
    // Pruning is housekeeping: after the commit, but not before the answer
    // (on a cold start every pixel of a batch is due, one DELETE each).
    this.schedulePrune(batch);
  }

  /**
   * After a failed batch: one event that the database refuses must not hold back
   * the others (or block every later batch). Each is written on its own and the
   * refused ones are dropped and logged. False when none could be written (the
   * database is down): then the whole batch is kept for a retry.
   */
  private async storeOneByOne(
    batch: NormalisedEvent[],
    batchError: unknown,
  ): Promise<boolean> {
    let stored = 0;
    const refused: NormalisedEvent[] = [];
    let lastError = batchError;
    for (const event of batch) {
      try {
        await this.events.insertBatch([event]);
        stored++;
      } catch (error) {
        refused.push(event);
        lastError = error;
      }
    }
    if (stored === 0 && !(await this.databaseIsUp())) return false;
    for (const event of refused) {
      this.logger.error(
        `dropped event ${event.event_id} of ${event.pixel_id}: the database refused it: ${String(lastError)}`,
      );
    }
    return true;
  }

  private async databaseIsUp(): Promise<boolean> {
    try {
      await this.events.ping();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Queues the batch's pixels for pruning (each at most once per
   * PRUNE_INTERVAL_MS) and starts the one pruning loop if it is idle. Only
   * pixel ids wait, so a lagging loop holds at most one entry per pixel.
   */
  private schedulePrune(batch: NormalisedEvent[]): void {
    const now = Date.now();
    for (const { pixel_id } of batch) {
      if (now - (this.lastPruned.get(pixel_id) ?? 0) < PRUNE_INTERVAL_MS)
        continue;
      this.lastPruned.set(pixel_id, now);
      this.toPrune.add(pixel_id);
    }
    if (this.toPrune.size > 0)
      this.pruning ??= this.pruneQueued().finally(() => (this.pruning = null));
  }

  /** Prunes queued pixels one by one until none is left; never rejects. */
  private async pruneQueued(): Promise<void> {
    for (const pixelId of this.toPrune) {
      this.toPrune.delete(pixelId);
      const cutoff = new Date(Date.now() - DEDUPE_WINDOW_MS).toISOString();
      try {
        await this.events.prune(pixelId, EVENTS_KEPT_PER_PIXEL, cutoff);
      } catch (error) {
        this.logger.warn(
          `pruning events of ${pixelId} failed: ${String(error)}`,
        );
      }
    }
  }

  /**
   * The saved pixel with this id as the public side sees it (config and §7
   * rules; never its name or account), or null. Cached for at most 30 s and at
   * most PIXEL_CONFIG_TTL_S.
   */
  async pixel(id: string): Promise<CollectingPixel | null> {
    const cached = this.pixels?.get(id);
    if (cached) return cached.value;
    const row = await this.savedPixels.findConfigById(id);
    const pixel = row ? collectingPixel(row) : null;
    this.pixels?.set(id, { value: pixel });
    return pixel;
  }
}
