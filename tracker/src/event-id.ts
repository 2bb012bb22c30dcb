/** Event ids: the payload's own (an order id, for deduplication) or a random UUID v4. */

/** What the collector accepts as an event id. */
const EVENT_ID = /^[\w-]{8,64}$/;

/** A random UUID v4 (RFC 9562), from crypto.getRandomValues where the browser has it. */
export function randomUuid(window: any): string {
  let bytes: Uint8Array | null = null;
  try {
    bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
  } catch {
    bytes = null;
  }
  let text = "";
  for (let i = 0; i < 16; i++) {
    let byte = bytes ? bytes[i] : (Math.random() * 256) | 0;
    if (i === 6) byte = (byte & 15) | 64; // version 4
    if (i === 8) byte = (byte & 63) | 128; // variant 10
    // Two hex digits (256 + byte has three; the first is dropped), and a hyphen
    // after bytes 3, 5, 7 and 9: 8-4-4-4-12.
    text +=
      (byte + 256).toString(16).slice(1) +
      (i & 1 && i > 2 && i < 10 ? "-" : "");
  }
  return text;
}

/** The payload's event_id when the collector accepts it, else a new random one. */
export function eventId(window: any, own: unknown): string {
  return typeof own === "string" && EVENT_ID.test(own)
    ? own
    : randomUuid(window);
}
