import { Logger } from "@nestjs/common";
import { ShutdownFlushers } from "../database/shutdown-flushers";
import { SavedPixelsRepository } from "../saved-pixels/saved-pixels.repository";
import { NormalisedEvent } from "./collected-event";
import { EventCollector } from "./event-collector";
import { PixelEventsRepository } from "./pixel-events.repository";

const PIXEL = "pix_abcdef123456";
const CONFIG = JSON.stringify({ type: "conversion" });

/** A database stand-in: stores batches, and can refuse some events or be down. */
class FakeEvents {
  stored: NormalisedEvent[] = [];
  batches = 0;
  down = false;
  refuse = (_event: NormalisedEvent) => false;

  async insertBatch(events: NormalisedEvent[]): Promise<number> {
    this.batches++;
    if (this.down) throw new Error("connection refused");
    if (events.some(this.refuse)) throw new Error("invalid byte sequence");
    this.stored.push(...events);
    return events.length;
  }

  async ping(): Promise<void> {
    if (this.down) throw new Error("connection refused");
  }

  async prune(): Promise<void> {}
}

function collectorWith(events: FakeEvents) {
  const pixels = {
    findConfigById: async (id: string) =>
      id === PIXEL ? { id, config: CONFIG } : null,
  } as unknown as SavedPixelsRepository;
  const flushers = new ShutdownFlushers();
  const collector = new EventCollector(
    pixels,
    events as unknown as PixelEventsRepository,
    flushers,
  );
  return { collector, flushers };
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

  it("writes buffered events in arrival order on flush, in one batch", async () => {
    const events = new FakeEvents();
    const { collector } = collectorWith(events);
    for (const id of ["event-001", "event-002", "event-003"])
      await collector.collect(raw(id));
    expect(events.stored).toEqual([]); // buffered, not yet written
    await collector.flush();
    expect(events.stored.map((event) => event.event_id)).toEqual([
      "event-001",
      "event-002",
      "event-003",
    ]);
    expect(events.batches).toBe(1);
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
    for (const id of ["event-001", "event-bad", "event-003"])
      await collector.collect(raw(id));
    await collector.flush();
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

  it("keeps every event while the database is down and writes them once it is back", async () => {
    const events = new FakeEvents();
    events.down = true;
    const { collector, flushers } = collectorWith(events);
    await collector.collect(raw("event-001"));
    await collector.collect(raw("event-002"));
    await collector.flush();
    expect(events.stored).toEqual([]);
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining("keeping them to retry"),
    );

    events.down = false;
    await collector.collect(raw("event-003"));
    await flushers.flushAll(); // what shutdown does
    expect(events.stored.map((event) => event.event_id)).toEqual([
      "event-001",
      "event-002",
      "event-003",
    ]);
    collector.onModuleDestroy();
  });
});
