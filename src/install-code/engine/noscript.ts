import {
  IMAGE_URL_MAX_LENGTH,
  OMITTED_PARAMETER,
} from "../../pixels/image-request";
import type { PixelConfig } from "../../pixels/pixel-config";

/** The `<noscript>` image's request, and the fixed properties it had no room for. */
export interface NoscriptImageRequest {
  url: string;
  /** Keys of fixed properties left out to stay within IMAGE_URL_MAX_LENGTH, in config order. */
  omitted: string[];
}

/**
 * The `/collect.gif` address a `<noscript>` image requests: the pixel id, the type,
 * the fixed conversion type, revenue and currency (short by the contract's rules),
 * then each fixed property that still fits within IMAGE_URL_MAX_LENGTH characters
 * (non-Latin text triples in length once percent-encoded: 20 × 500 CJK characters
 * would be a 90,000-character URL). The properties left out are named in
 * `spx_omitted=key,key` so the collector warns about them on the event. With
 * `consentDenied` (consent_mode advanced) it ends in `consent=denied`. Page
 * variables cannot be read without JavaScript, so only fixed values are sent.
 */
export function noscriptImageRequest(
  collectGifBase: string,
  pixelId: string | null,
  config: PixelConfig,
  consentDenied = false,
): NoscriptImageRequest {
  const head: string[] = [];
  const add = (list: string[], key: string, value: string) =>
    list.push(`${encode(key)}=${encode(value)}`);
  if (pixelId !== null) add(head, "pixel_id", pixelId);
  add(head, "type", config.type);
  if (config.type !== "pageview" && config.conversion_type !== undefined) {
    add(head, "conversion_type", config.conversion_type);
  }
  if (config.revenue?.source === "fixed")
    add(head, "revenue", config.revenue.value);
  if (config.currency?.source === "fixed")
    add(head, "currency", config.currency.value);
  // §10 advanced: an image cannot know the consent, so it is handled as denied.
  const tail = consentDenied ? "noscript=1&consent=denied" : "noscript=1";
  const fixed = (config.properties ?? []).filter((p) => p.source === "fixed");
  // Room kept for naming every fixed key as omitted: keys are identifiers, so
  // the list needs no encoding.
  const omittedRoom =
    OMITTED_PARAMETER.length +
    2 +
    fixed.reduce((n, p) => n + p.key.length + 1, 0);
  let length =
    collectGifBase.length + 1 + head.join("&").length + 1 + tail.length;
  const properties: string[] = [];
  const omitted: string[] = [];
  for (const property of fixed) {
    const pair = `${encode(`prop.${property.key}`)}=${encode(property.value)}`;
    if (length + 1 + pair.length + omittedRoom <= IMAGE_URL_MAX_LENGTH) {
      properties.push(pair);
      length += 1 + pair.length;
    } else {
      omitted.push(property.key);
    }
  }
  const params = [...head, ...properties];
  if (omitted.length > 0)
    params.push(`${OMITTED_PARAMETER}=${omitted.join(",")}`);
  params.push(tail);
  return { url: `${collectGifBase}?${params.join("&")}`, omitted };
}

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strict RFC 3986 query encoding; lone surrogates (not encodable in UTF-8) become U+FFFD. */
function encode(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, "\uFFFD")).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}
