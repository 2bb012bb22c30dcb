import { Logger } from "@nestjs/common";
import { OverloadedError } from "../common/domain-errors";
import { AppConfig } from "../config/app-config";
import { ShutdownFlushers } from "../database/shutdown-flushers";
import { SavedPixelsRepository } from "../saved-pixels/saved-pixels.repository";
import { NormalisedEvent } from "./collected-event";
import { EventCollector } from "./event-collector";
import { PixelEventsRepository } from "./pixel-events.repository";

const PIXEL = "pix_abcdef123456";
const CONFIG = JSON.stringify({ type: "conversion" });

/**
 * A database stand-in: stores batches, and can refuse some events, be down,
 * or stall (each write then waits until `release()`).
 */
class FakeEvents {
  stored: NormalisedEvent[] = [];
  batches = 0;
  down = false;
  refuse = (_event: NormalisedEvent) => false;
  private stall: Promise<void> | null = null;
  private unstall: () => void = () => undefined;

  hold(): void {
    this.stall = new Promise((resolve) => (this.unstall = resolve));
  }

  release(): void {
    this.stall = null;
    this.unstall();
  }

  async insertBatch(events: NormalisedEvent[]): Promise<number> {
    this.batches++;
    if (this.stall) await this.stall;
    if (this.down) throw new Error("connection refused");
    if (events.some(this.refuse)) throw new Error("invalid byte sequence");
    this.stored.push(...events);
    return events.length;
  }

  async ping(): Promise<void> {
    if (this.down) throw new Error("connection refused");
  }

  pruned: string[] = [];
  pruneHeld: Promise<void> | null = null;

  async prune(pixelId: string): Promise<void> {
    if (this.pruneHeld) await this.pruneHeld;
    this.pruned.push(pixelId);
  }
}

function collectorWith(events: FakeEvents, collectBufferEvents = 10_000) {
  const pixels = {
    findConfigById: async (id: string) =>
      id === PIXEL ? { id, config: CONFIG } : null,
  } as unknown as SavedPixelsRepository;
  const flushers = new ShutdownFlushers();
  const collector = new EventCollector(
    pixels,
    events as unknown as PixelEventsRepository,
    flushers,
    { pixelConfigTtlS: 300, collectBufferEvents } as AppConfig,
  );
  return { collector, flushers };
}

/** Waits (polling, at most 5 s) until `done` holds: timing-free on a busy machine. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 2));
}

const raw = (eventId: string, extra: Record<string, unknown> = {}) => ({
  pixel_id: PIXEL,
  type: "conversion",
  event_id: eventId,
  ...extra,
});

describe("EventCollector", () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, "error").mockImplementation();
    jest.spyOn(Logger.prototype, "warn").mockImplementation();
  });
  afterEach(() => jest.restoreAllMocks());

  it("acknowledges an event only after the batch holding it has committed", async () => {
    const events = new FakeEvents();
    events.hold();
    const { collector } = collectorWith(events);
    let acknowledged = false;
    const collected = collector
      .collect(raw("event-001"))
      .then(() => (acknowledged = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.batches).toBe(1); // the write has started…
    expect(acknowledged).toBe(false); // …but has not committed: no answer yet
    events.release();
    await collected;
    expect(acknowledged).toBe(true);
    expect(events.stored.map((event) => event.event_id)).toEqual(["event-001"]);
    collector.onModuleDestroy();
  });

  it("answers without waiting for pruning, prunes each pixel once, and finishes pruning on flush", async () => {
    const events = new FakeEvents();
    let unhold: () => void = () => undefined;
    events.pruneHeld = new Promise((resolve) => (unhold = resolve));
    const { collector } = collectorWith(events);
    await collector.collect(raw("event-001")); // resolves while the prune waits
    await collector.collect(raw("event-002"));
    expect(events.stored).toHaveLength(2);
    expect(events.pruned).toEqual([]);
    unhold();
    await collector.flush();
    expect(events.pruned).toEqual([PIXEL]); // once per interval, not per batch
    collector.onModuleDestroy();
  });

  it("writes events that arrive together in one batch, in arrival order", async () => {
    const events = new FakeEvents();
    const { collector } = collectorWith(events);
    await Promise.all(
      ["event-001", "event-002", "event-003"].map((id) =>
        collector.collect(raw(id)),
      ),
    );
    expect(events.stored.map((event) => event.event_id)).toEqual([
      "event-001",
      "event-002",
      "event-003",
    ]);
    expect(events.batches).toBe(1);
    collector.onModuleDestroy();
  });

  it("gathers events that arrive during a write into the next batch", async () => {
    const events = new FakeEvents();
    events.hold();
    const { collector } = collectorWith(events);
    const first = collector.collect(raw("event-001"));
    await until(() => events.batches === 1); // the first write is under way
    const later = ["event-002", "event-003", "event-004"].map((id) =>
      collector.collect(raw(id)),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    events.release();
    await Promise.all([first, ...later]);
    expect(events.batches).toBe(2);
    expect(events.stored.map((event) => event.event_id)).toEqual([
      "event-001",
      "event-002",
      "event-003",
      "event-004",
    ]);
    collector.onModuleDestroy();
  });

  it("answers OverloadedError (Retry-After) once its bound is reached while the database stalls, and stores every accepted event when it returns", async () => {
    const events = new FakeEvents();
    events.hold();
    const { collector } = collectorWith(events, 3);
    const accepted = ["event-001", "event-002", "event-003"].map((id) =>
      collector.collect(raw(id)),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = collector.collect(raw("event-004"));
    await expect(refused).rejects.toBeInstanceOf(OverloadedError);
    await expect(refused).rejects.toMatchObject({ retryAfterS: 5 });
    events.release();
    await Promise.all(accepted);
    expect(events.stored.map((event) => event.event_id)).toEqual([
      "event-001",
      "event-002",
      "event-003",
    ]);
    // Room again once they are stored.
    await collector.collect(raw("event-005"));
    expect(events.stored).toHaveLength(4);
    collector.onModuleDestroy();
  });

  it("drops events for unknown pixels and junk without storing anything", async () => {
    const events = new FakeEvents();
    const { collector } = collectorWith(events);
    await collector.collect({
      ...raw("event-001"),
      pixel_id: "pix_unknown999",
    });
    await collector.collect(null);
    await collector.collect({ pixel_id: 42 } as never);
    await collector.flush();
    expect(events.stored).toEqual([]);
    expect(events.batches).toBe(0);
  });

  it("stores the rest of a batch when the database refuses one event, and logs the one it drops", async () => {
    const events = new FakeEvents();
    events.refuse = (event) => event.event_id === "event-bad";
    const { collector } = collectorWith(events);
    await Promise.all(
      ["event-001", "event-bad", "event-003"].map((id) =>
        collector.collect(raw(id)),
      ),
    );
    expect(events.stored.map((event) => event.event_id)).toEqual([
      "event-001",
      "event-003",
    ]);
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining("dropped event event-bad"),
    );
    // Nothing is left to retry: a later flush writes nothing more.
    const batches = events.batches;
    await collector.flush();
    expect(events.batches).toBe(batches);
  });

  it("keeps every event while the database is down, answers none, and acknowledges them once it is back", async () => {
    const events = new FakeEvents();
    events.down = true;
    const { collector, flushers } = collectorWith(events);
    let acknowledged = 0;
    const pending = ["event-001", "event-002"].map((id) =>
      collector.collect(raw(id)).then(() => acknowledged++),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.stored).toEqual([]);
    expect(acknowledged).toBe(0);
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining("keeping them to retry"),
    );

    events.down = false;
    const third = collector.collect(raw("event-003"));
    await flushers.flushAll(); // what shutdown does: no waiting for the retry delay
    await Promise.all([...pending, third]);
    expect(acknowledged).toBe(2);
    expect(events.stored.map((event) => event.event_id)).toEqual([
      "event-001",
      "event-002",
      "event-003",
    ]);
    collector.onModuleDestroy();
  });
});
