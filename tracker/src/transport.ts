/**
 * Sending one event: navigator.sendBeacon with a text/plain string body; when it
 * is missing, throws or returns false, fetch with keepalive (CORS, a string
 * body, so text/plain: a simple request, no preflight; the collector answers with
 * Access-Control-Allow-Origin, so the tracker can read the status); when fetch is
 * missing, throws or rejects, an image request to /collect.gif (see
 * image-url.ts). The server dedupes on event_id, so a fallback after a send that
 * did arrive is harmless.
 *
 * A 503 (the collector's buffer is full, issue #15) is retried once, later in the
 * page's life: after its Retry-After seconds (RETRY_DELAY_S without one, at most
 * RETRY_MAX_DELAY_S), or when the page is hidden or left, whichever comes first.
 * A beacon's status cannot be read, so only the fetch path retries.
 */
import { imageUrl } from "./image-url";
import type { TrackedEvent } from "./payload";

/** Seconds before the retry of a 503 without a usable Retry-After. */
export const RETRY_DELAY_S = 5;
/** The longest wait for a retry (a longer Retry-After waits for the page to be hidden). */
export const RETRY_MAX_DELAY_S = 600;

function sendImage(window: any, baseUrl: string, event: TrackedEvent): void {
  try {
    new window.Image(1, 1).src = imageUrl(baseUrl + "/collect.gif", event);
  } catch {
    // nothing left to try
  }
}

/**
 * Runs `resend` once: after `retryAfter` seconds, or when the page is hidden,
 * whichever comes first. Leaving the page hides it first (visibilitychange is
 * the last event a page reliably gets, also on mobile where pagehide may not
 * fire), and a beacon or keepalive fetch then still goes out.
 */
function later(window: any, retryAfter: unknown, resend: () => void): void {
  const document = window.document;
  const seconds = parseInt(retryAfter as string, 10);
  let pending = true;
  const go = function (hidden?: unknown): void {
    // The timer calls with no argument; the event only counts when hidden.
    if (pending && !(hidden && document.visibilityState !== "hidden")) {
      pending = false;
      resend();
    }
  };
  window.setTimeout(
    go,
    Math.min(seconds >= 0 ? seconds : RETRY_DELAY_S, RETRY_MAX_DELAY_S) * 1000,
  );
  document.addEventListener("visibilitychange", go);
}

/**
 * Sends `event` to `baseUrl`/collect by the first transport that takes it; a 503
 * on the fetch path is sent once more later, unless this is that retry.
 */
export function send(
  window: any,
  baseUrl: string,
  event: TrackedEvent,
  isRetry?: boolean,
): void {
  const body = JSON.stringify(event);
  const url = baseUrl + "/collect";
  let request: any;
  try {
    if (window.navigator.sendBeacon(url, body)) return;
  } catch {
    // no sendBeacon, or it refused: try fetch
  }
  try {
    // A string body is sent as text/plain;charset=UTF-8 (Fetch standard, "extract
    // a body"), as sendBeacon's is: a simple request, so no Content-Type header.
    request = window.fetch(url, {
      method: "POST",
      body: body,
      keepalive: true,
    });
  } catch {
    return sendImage(window, baseUrl, event);
  }
  try {
    request.then(
      function (response: any) {
        try {
          if (response.status === 503 && !isRetry)
            later(window, response.headers.get("Retry-After"), function () {
              send(window, baseUrl, event, true);
            });
        } catch {
          // never into the page
        }
      },
      function () {
        sendImage(window, baseUrl, event);
      },
    );
  } catch {
    // not a promise: the request was made
  }
}
