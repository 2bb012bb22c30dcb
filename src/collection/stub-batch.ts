/**
 * The `spx` stub's leave-time beacon (issue #9, fault 3; CONTRACT.md §10
 * "Delivery"): when a page is hidden or left before t.js has arrived, the stub of
 * the install code (templates/shared/loader.hbs) hands what is queued to
 * `navigator.sendBeacon` as one `POST /collect` body:
 *
 *   [page_url, [call, …]]
 *
 * where each call is an argument list of `spx(…)` as JSON serialises it: an
 * `arguments` object (`{"0": "track", "1": payload}`) or an array. Only `track`
 * calls whose payload is an object are events; other commands (consent) are
 * for the tracker and are skipped. Building the events here instead of in the
 * stub keeps the pasted snippet small: the server adds what the stub cannot
 * afford to, the page URL to each event, an event id (silently: the stub sends
 * none, and sends each call once), and the page URL's `spx_test` code as the
 * tracker does (§9).
 */
import {
  isPlainObject,
  pickRawFields,
  type RawCollectedEvent,
} from "./collected-event";

/** More calls than a page queues before t.js arrives; the rest are left out. */
export const STUB_BATCH_MAX_EVENTS = 50;

/** The `spx_test` code of a page URL, as the tracker reads it (tracker/src/test-event.ts). */
function testEventCode(pageUrl: string): string | undefined {
  const found = /[?&]spx_test=([^&#]*)/.exec(pageUrl.split("#")[0]);
  if (!found || found[1] === "") return undefined;
  try {
    return decodeURIComponent(found[1]);
  } catch {
    return undefined;
  }
}

function argument(call: unknown, index: number): unknown {
  if (Array.isArray(call)) return call[index];
  return isPlainObject(call) &&
    Object.prototype.hasOwnProperty.call(call, index)
    ? call[index]
    : undefined;
}

/**
 * The raw events of a stub batch body (parsed JSON), or null when the body is
 * not one (`[string, array]`). Each event is the payload's known fields
 * (`pickRawFields`), with `page_url` and `test_event_code` from the page unless
 * the payload has its own, and `assignEventId` set.
 */
export function parseStubBatch(body: unknown): RawCollectedEvent[] | null {
  if (
    !Array.isArray(body) ||
    body.length !== 2 ||
    typeof body[0] !== "string" ||
    !Array.isArray(body[1])
  )
    return null;
  const pageUrl = body[0];
  const code = testEventCode(pageUrl);
  const events: RawCollectedEvent[] = [];
  for (const call of body[1] as unknown[]) {
    if (events.length === STUB_BATCH_MAX_EVENTS) break;
    const payload = argument(call, 1);
    if (argument(call, 0) !== "track" || !isPlainObject(payload)) continue;
    const raw = pickRawFields(payload);
    raw.page_url ??= pageUrl;
    if (code !== undefined) raw.test_event_code ??= code;
    raw.assignEventId = true;
    events.push(raw);
  }
  return events;
}
