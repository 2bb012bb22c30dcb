/**
 * From a `spx("track", payload)` call to the event the tracker sends. Known fields
 * only, in this order:
 *   pixel_id        a non-empty string, else the call is ignored
 *   type            text (numbers and booleans stringified)
 *   conversion_type text, one character past the server's limit at most
 *   revenue         see revenue.ts
 *   currency        text, trimmed and upper-cased
 *   transaction_id  see transaction-id.ts
 *   properties      see properties.ts
 *   event_id        the payload's own when valid, else a random UUID v4
 *   visitor_id      the `_spx_vid` cookie's (visitor.ts), while storage is allowed
 *   test_event_code the page URL's `spx_test` (test-event.ts)
 *   page_url, referrer (left out when empty), client_time (ISO 8601)
 *   dropped         what the tracker left out, as codes (drops.ts; left out when nothing was)
 * Empty optional values are left out.
 */
import {
  CONVERSION_TYPE_MAX_LENGTH,
  CURRENCY_MAX_LENGTH,
  PIXEL_ID_MAX_LENGTH,
  TYPE_MAX_LENGTH,
  URL_MAX_LENGTH,
} from "./limits";
import { eventId } from "./event-id";
import { readProperties, type PropertyValue } from "./properties";
import { readRevenue } from "./revenue";
import { testEventCode } from "./test-event";
import { readTransactionId } from "./transaction-id";
import { visitorId } from "./visitor";
import { asText, cap, isPlainObject, read, trim } from "./values";
import { drop } from "./drops";

/** An event as sent to `/collect`. */
export interface TrackedEvent {
  pixel_id: string;
  type?: string;
  conversion_type?: string;
  revenue?: number | string;
  currency?: string;
  transaction_id?: string;
  properties?: Record<string, PropertyValue>;
  event_id: string;
  visitor_id?: string;
  test_event_code?: string;
  page_url?: string;
  referrer?: string;
  client_time: string;
  dropped?: string[];
  /** §8: the click that brought the visitor (touchpoint.ts), set by gate.ts. */
  touchpoint?: Record<string, string | number>;
  /** §10: "denied" when sent without the consent its type needs (gate.ts). */
  consent?: string;
}

function put(event: any, field: string, value: unknown): void {
  if (value !== undefined && value !== "") event[field] = value;
}

/** The event for one track payload, or undefined when it names no pixel. */
export function buildEvent(
  window: any,
  payload: unknown,
): TrackedEvent | undefined {
  if (!isPlainObject(payload)) return undefined;
  const pixelId = read(payload, "pixel_id");
  if (typeof pixelId !== "string" || !pixelId) return undefined;
  const dropped: string[] = [];
  const event: TrackedEvent = {
    pixel_id: cap(pixelId, PIXEL_ID_MAX_LENGTH),
  } as TrackedEvent;
  put(event, "type", asText(read(payload, "type"), TYPE_MAX_LENGTH));
  put(
    event,
    "conversion_type",
    asText(read(payload, "conversion_type"), CONVERSION_TYPE_MAX_LENGTH + 1),
  );
  const currencyText = asText(read(payload, "currency"), CURRENCY_MAX_LENGTH);
  const currency = currencyText && trim(currencyText).toUpperCase();
  put(event, "revenue", readRevenue(read(payload, "revenue"), dropped));
  put(event, "currency", currency);
  put(
    event,
    "transaction_id",
    readTransactionId(read(payload, "transaction_id"), dropped),
  );
  try {
    put(
      event,
      "properties",
      readProperties(read(payload, "properties"), dropped),
    );
  } catch {
    drop(dropped, "properties", "unreadable");
  }
  event.event_id = eventId(window, read(payload, "event_id"));
  put(event, "visitor_id", visitorId(window));
  put(event, "test_event_code", testEventCode(window));
  put(event, "page_url", cap(String(window.location.href), URL_MAX_LENGTH));
  put(event, "referrer", cap(String(window.document.referrer), URL_MAX_LENGTH));
  event.client_time = new Date().toISOString();
  if (dropped.length) event.dropped = dropped;
  return event;
}
