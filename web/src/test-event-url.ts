/**
 * The "send a test event" helper (contract §9): the user's page opened with
 * `spx_test=CODE` in its query, which the tracker reads from `location.search`
 * (tracker/src/test-event.ts) and sends as `test_event_code`, so the collector
 * stores the page's events as test events (never counted, never in reports).
 */

/** The query parameter the tracker reads. */
export const TEST_PARAM = "spx_test";
/** A code is 1-50 characters (the collector's TEST_EVENT_CODE_MAX_LENGTH). */
export const TEST_CODE_MAX_LENGTH = 50;

/**
 * A fresh code such as `TEST48213`: letters and digits only, so it survives the
 * tracker's `decodeURIComponent` unchanged (a `+` would not become a space there).
 */
export function newTestCode(random: () => number = Math.random): string {
  return `TEST${String(Math.floor(random() * 90000) + 10000)}`;
}

/** The URL to open, or why the typed text cannot be one. */
export type TestPageUrl =
  { ok: true; url: string } | { ok: false; message: string };

/**
 * The page the user typed with `spx_test=<code>` set (replacing any earlier
 * one, keeping the rest of the query and the fragment). A URL without a scheme
 * is taken as https; only http and https pages can run the pixel's code (no
 * `javascript:` or `data:` URL is ever opened).
 */
export function testPageUrl(typed: string, code: string): TestPageUrl {
  const text = typed.trim();
  if (text === "")
    return { ok: false, message: "Type the address of a page with the code." };
  if (code.length < 1 || code.length > TEST_CODE_MAX_LENGTH)
    return {
      ok: false,
      message: `The test code must be 1-${TEST_CODE_MAX_LENGTH} characters.`,
    };
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text)
    ? text
    : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: "That is not a web address." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return {
      ok: false,
      message: "Only http:// and https:// pages can run the pixel's code.",
    };
  const kept = url.search
    .replace(/^\?/, "")
    .split("&")
    .filter((pair) => pair !== "" && pair.split("=")[0] !== TEST_PARAM);
  kept.push(`${TEST_PARAM}=${encodeURIComponent(code)}`);
  url.search = `?${kept.join("&")}`;
  return { ok: true, url: url.toString() };
}
