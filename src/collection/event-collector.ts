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
import {
  PixelEventsRepository,
  StoredOutcome,
} from "./pixel-events.repository";

/** Events are written in batches: at most this long after they arrive… */
const FLUSH_DELAY_MS = 50;
/** …or as soon as this many are waiting. */
const FLUSH_SIZE = 500;
/** Past this many unwritten events (the database is down), new ones are dropped and logged. */
const MAX_BUFFERED = 20_000;
/** Each pixel keeps at least its newest events, and a day of them for deduplication. */
export const EVENTS_KEPT_PER_PIXEL = 1000;
const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;
const PIXEL_CACHE_TTL_MS = 30_000;
const PIXEL_CACHE_ENTRIES = 5_000;

/**
 * Accepts tracker events: checks each against its saved pixel, buffers it, and
 * writes batches in one transaction, so a burst of events costs a few commits
 * rather than one each. The buffer is flushed on shutdown before the database
 * closes (see ShutdownFlushers): an answered event is not lost on a graceful stop.
 */
@Injectable()
export class EventCollector implements OnModuleDestroy {
  private readonly logger = new Logger(EventCollector.name);
  private buffer: NormalisedEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Saved pixels by id, including `null` for ids that do not exist (bounded, short-lived). */
  /** null when PIXEL_CONFIG_TTL_S is 0: nothing is cached (lru-cache's ttl 0 would mean "forever"). */
  private readonly pixels: LRUCache<
    string,
    { value: CollectingPixel | null }
  > | null;
  /** When each pixel's events were last pruned (ms since the epoch). */
  private readonly lastPruned = new LRUCache<string, number>({
    max: PIXEL_CACHE_ENTRIES,
  });

  constructor(
    private readonly savedPixels: SavedPixelsRepository,
    private readonly events: PixelEventsRepository,
    flushers: ShutdownFlushers,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
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
   * Answers the event as it will be stored (provisionally counted) and its pixel,
   * or null when it was dropped.
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
    if (this.buffer.length >= MAX_BUFFERED) {
      this.logger.warn(
        `event buffer full (${MAX_BUFFERED}); dropping an event for ${pixelId}`,
      );
      return null;
    }
    this.buffer.push(event);
    if (this.buffer.length >= FLUSH_SIZE) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
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
    const stored = await this.events.insertBatch(sourced, options.precondition);
    await this.pruneTouched(events);
    return stored;
  }

  /** Writes everything buffered so far; resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // One batch at a time, in arrival order.
    this.writing = this.writing.then(() => this.writeBuffered());
    return this.writing;
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private async writeBuffered(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      await this.events.insertBatch(batch);
    } catch (error) {
      if (!(await this.storeOneByOne(batch, error))) {
        this.logger.error(
          `could not store ${batch.length} events; keeping them to retry: ${String(error)}`,
        );
        this.buffer = batch.concat(this.buffer).slice(0, MAX_BUFFERED);
        this.timer ??= setTimeout(() => void this.flush(), 1000);
        return;
      }
    }
    await this.pruneTouched(batch);
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

  private async pruneTouched(batch: NormalisedEvent[]): Promise<void> {
    const now = Date.now();
    const cutoff = new Date(now - DEDUPE_WINDOW_MS).toISOString();
    for (const pixelId of new Set(batch.map((event) => event.pixel_id))) {
      if (now - (this.lastPruned.get(pixelId) ?? 0) < PRUNE_INTERVAL_MS)
        continue;
      this.lastPruned.set(pixelId, now);
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
