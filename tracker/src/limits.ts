/**
 * The limits the tracker applies, in one place. The pixel model's limits come from
 * `src/pixels/` and are put into `/t.js` by the build (esbuild inlines the
 * constants), so a limit changed there changes the tracker with the server.
 *
 * Where the server keeps at most N characters, the tracker sends at most N + 1:
 * the server then sees that a value was too long and says so in a warning on the
 * event, instead of the tracker cutting it without a word.
 */
export {
  CONVERSION_TYPE_MAX_LENGTH,
  FIXED_PROPERTY_VALUE_MAX_LENGTH,
  MAX_PROPERTIES,
  MAX_PROPERTY_LIST_ITEMS,
  PROPERTY_KEY_MAX_LENGTH,
} from "../../src/pixels/pixel-rules";

/** Characters of `type` sent (the server compares it with the pixel's type). */
export const TYPE_MAX_LENGTH = 50;
/** Characters of `pixel_id` sent. */
export const PIXEL_ID_MAX_LENGTH = 100;
/** Characters of `currency` sent before trimming. */
export const CURRENCY_MAX_LENGTH = 20;
/** Characters of a revenue the tracker could not read, sent for the server's warning. */
export const RAW_REVENUE_MAX_LENGTH = 100;
/** Characters of `page_url` and `referrer` (the server keeps 2048). */
export const URL_MAX_LENGTH = 2048;
export {
  MAX_DROPPED,
  DROPPED_SUBJECT_MAX_LENGTH,
} from "../../src/pixels/tracker-drops";
/**
 * The longest `/collect.gif?…` URL the image fallback builds. Browsers accept far
 * longer URLs, but the collector (like most servers) refuses requests whose
 * headers pass about 16 KB, and a URL of non-Latin text grows up to nine times
 * when percent-encoded; 6,000 leaves room for cookies, User-Agent and Referer.
 */
export const IMAGE_URL_MAX_LENGTH = 6000;
export {
  TRANSACTION_ID_MAX_LENGTH,
  VISITOR_ID_PATTERN,
} from "../../src/collection/event-identity";
/** Characters of a test event code (contract §9: 1–50). */
export const TEST_EVENT_CODE_MAX_LENGTH = 50;
