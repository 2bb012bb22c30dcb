import { Injectable } from "@nestjs/common";
import { EventCollector } from "../collection/event-collector";
import {
  NormalisedEvent,
  normaliseCollectedEvent,
} from "../collection/collected-event";
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

/** The fate of one payload of a batch, by its index in `events`. */
export interface ServerEventResult {
  index: number;
  status: "accepted" | "rejected";
  errors: ErrorDetail[];
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
    checked.forEach(({ raw, errors }, index) => {
      if (errors.length === 0) {
        const pixel = pixels.get(raw.pixel_id as string) ?? null;
        errors.push(...checkAgainstPixel(raw, pixel, index));
        const event =
          pixel && errors.length === 0
            ? normaliseCollectedEvent(raw, pixel, receivedAt)
            : null;
        if (event) events.push(event);
        else if (errors.length === 0)
          errors.push({ field: `events.${index}`, message: "was refused" });
      }
      results.push({
        index,
        status: errors.length === 0 ? "accepted" : "rejected",
        errors,
      });
    });
    if (events.length > 0) {
      await this.collector.storeNow(events, {
        source: "server",
        precondition: (manager) => this.keys.assertStillValid(key, manager),
      });
    }
    return { accepted: events.length, results };
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
