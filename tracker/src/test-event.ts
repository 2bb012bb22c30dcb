/**
 * Test events (contract §9): a page opened with `spx_test=CODE` in its URL (1–50
 * characters) sends `test_event_code: CODE` with each event, so the collector
 * stores it as a test that never counts.
 */
import { TEST_EVENT_CODE_MAX_LENGTH } from "./limits";

/** The page URL's `spx_test` code, or undefined when there is none or it is not 1–50 characters. */
export function testEventCode(window: any): string | undefined {
  try {
    const found = /[?&]spx_test=([^&#]*)/.exec(window.location.search);
    const code = found ? decodeURIComponent(found[1]) : "";
    if (code && code.length <= TEST_EVENT_CODE_MAX_LENGTH) return code;
  } catch {
    // a malformed escape: no code
  }
  return undefined;
}
