import { Injectable } from "@nestjs/common";
import { EventCollector } from "../collection/event-collector";
import {
  NormalisedEvent,
  normaliseCollectedEvent,
  NOT_COUNTED_REASONS,
  NotCountedReason,
} from "../collection/collected-event";
import type { StoredOutcome } from "../collection/pixel-events.repository";
import { ApiError } from "../http/api-error";
import { ErrorDetail } from "../http/error-codes";
import {
  IngestKeyPrincipal,
  IngestKeysService,
} from "../ingest-keys/ingest-keys.service";
import {
  checkAgainstPixel,
  checkServerEvent,
  MAX_EVENTS_PER_BATCH,
} from "./server-event";
import { ServerEventsRepository } from "./server-events.repository";

/**
 * Why an accepted payload did not count: a stored event's reason (§7, §9), or
 * `duplicate_event` when the pixel already had an event with this `event_id`
 * (the browser's, or an earlier call's): that one is kept and counts once.
 */
export type ServerNotCountedReason = NotCountedReason | "duplicate_event";
export const SERVER_NOT_COUNTED_REASONS = [
  ...NOT_COUNTED_REASONS,
  "duplicate_event",
] as const satisfies readonly ServerNotCountedReason[];

/** The fate of one payload of a batch, by its index in `events`. */
export interface ServerEventResult {
  index: number;
  status: "accepted" | "rejected";
  errors: ErrorDetail[];
  /** Accepted payloads only: whether this payload counted, and why not. */
  counted?: boolean;
  not_counted_reason?: ServerNotCountedReason | null;
}

export interface ServerEventsAnswer {
  accepted: number;
  results: ServerEventResult[];
}

/**
 * `POST /events`: checks each payload, keeps those for pixels of the key's
 * account, and stores them before answering. "accepted" means stored (or already
 * stored: the same event_id for a pixel is kept once, whichever path sent it first).
 */
@Injectable()
export class ServerEventsService {
  constructor(
    private readonly pixels: ServerEventsRepository,
    private readonly collector: EventCollector,
    private readonly keys: IngestKeysService,
  ) {}

  /**
   * Throws 400 when the body is not `{"events": [1-100 payloads]}`, 401 when the
   * key was revoked before the events were written, and whatever the database
   * throws (nothing is stored then).
   */
  async ingest(
    key: IngestKeyPrincipal,
    body: unknown,
    receivedAt = new Date(),
  ): Promise<ServerEventsAnswer> {
    const payloads = batchOf(body);
    const checked = payloads.map((payload, index) =>
      checkServerEvent(payload, index),
    );
    const ids = new Set<string>();
    for (const { raw, errors } of checked)
      if (errors.length === 0) ids.add(raw.pixel_id as string);
    const pixels = await this.pixels.accountPixels(key.accountId, [...ids]);

    const results: ServerEventResult[] = [];
    const events: NormalisedEvent[] = [];
    const accepted = new Map<ServerEventResult, NormalisedEvent>();
    checked.forEach(({ raw, errors }, index) => {
      if (errors.length === 0) {
        const pixel = pixels.get(raw.pixel_id as string) ?? null;
        errors.push(...checkAgainstPixel(raw, pixel, index));
        const event =
          pixel && errors.length === 0
            ? normaliseCollectedEvent(raw, pixel, receivedAt, "server")
            : null;
        if (event) events.push(event);
        else if (errors.length === 0)
          errors.push({ field: `events.${index}`, message: "was refused" });
        const result: ServerEventResult = {
          index,
          status: errors.length === 0 ? "accepted" : "rejected",
          errors,
        };
        if (event && errors.length === 0) accepted.set(result, event);
        results.push(result);
      } else results.push({ index, status: "rejected", errors });
    });
    if (events.length > 0) {
      const stored = await this.collector.storeNow(events, {
        source: "server",
        precondition: (manager) => this.keys.assertStillValid(key, manager),
      });
      reportCounting(accepted, stored);
    }
    return { accepted: events.length, results };
  }
}

/**
 * Fills each accepted result's `counted` and `not_counted_reason` from what the
 * batch stored. A payload whose event_id the pixel already had (from the
 * browser, an earlier call, or an earlier index of this batch) was not stored
 * again: `duplicate_event`, so the server learns the two paths met.
 */
function reportCounting(
  accepted: Map<ServerEventResult, NormalisedEvent>,
  stored: StoredOutcome[],
): void {
  const outcomes = new Map(
    stored.map((outcome) => [
      `${outcome.pixel_id}\u0000${outcome.event_id}`,
      outcome,
    ]),
  );
  for (const [result, event] of accepted) {
    const key = `${event.pixel_id}\u0000${event.event_id}`;
    const outcome = outcomes.get(key);
    // The first index with an event_id takes its outcome; later ones are duplicates.
    outcomes.delete(key);
    result.counted = outcome?.counted ?? false;
    result.not_counted_reason = outcome
      ? outcome.not_counted_reason
      : "duplicate_event";
  }
}

/** The payloads of a body, or 400 naming `events`. */
function batchOf(body: unknown): unknown[] {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw ApiError.validation(
      [{ field: "events", message: 'send {"events": [payload, …]}' }],
      "The body must be a JSON object.",
    );
  const details: ErrorDetail[] = Object.keys(body)
    .filter((key) => key !== "events")
    .map((field) => ({ field, message: "is not a known field" }));
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events))
    details.push({ field: "events", message: "must be an array of events" });
  else if (events.length < 1 || events.length > MAX_EVENTS_PER_BATCH)
    details.push({
      field: "events",
      message: `must hold 1-${MAX_EVENTS_PER_BATCH} events (this has ${events.length}); split larger batches`,
    });
  if (details.length > 0) throw ApiError.validation(details);
  return events as unknown[];
}
