/**
 * Sending one event: navigator.sendBeacon with a text/plain string body; when it
 * is missing, throws or returns false, fetch with keepalive (no-cors, text/plain);
 * when fetch is missing, throws or rejects, an image request to /collect.gif
 * (see image-url.ts). The server dedupes on event_id, so a fallback after a send
 * that did arrive is harmless.
 */
import { imageUrl } from "./image-url";
import type { TrackedEvent } from "./payload";

function sendImage(window: any, baseUrl: string, event: TrackedEvent): void {
  try {
    new window.Image(1, 1).src = imageUrl(baseUrl + "/collect.gif", event);
  } catch {
    // nothing left to try
  }
}

/** Sends `event` to `baseUrl`/collect by the first transport that takes it. */
export function send(window: any, baseUrl: string, event: TrackedEvent): void {
  const body = JSON.stringify(event);
  const url = baseUrl + "/collect";
  let request: any;
  try {
    if (window.navigator.sendBeacon(url, body)) return;
  } catch {
    // no sendBeacon, or it refused: try fetch
  }
  try {
    request = window.fetch(url, {
      method: "POST",
      body: body,
      keepalive: true,
      mode: "no-cors",
      headers: { "Content-Type": "text/plain" },
    });
  } catch {
    return sendImage(window, baseUrl, event);
  }
  try {
    request.then(null, function () {
      sendImage(window, baseUrl, event);
    });
  } catch {
    // not a promise: the request was made
  }
}
