import type { PixelConfig } from "../../pixels/pixel-config";

/**
 * The `/collect.gif` address a `<noscript>` image requests: the pixel id and every fixed
 * value, since page variables cannot be read without JavaScript.
 */
export function collectGifUrl(
  collectGifBase: string,
  pixelId: string | null,
  config: PixelConfig,
): string {
  const params: Array<[string, string]> = [];
  if (pixelId !== null) params.push(["pixel_id", pixelId]);
  params.push(["type", config.type]);
  if (config.type !== "pageview" && config.conversion_type !== undefined) {
    params.push(["conversion_type", config.conversion_type]);
  }
  if (config.revenue?.source === "fixed")
    params.push(["revenue", config.revenue.value]);
  if (config.currency?.source === "fixed")
    params.push(["currency", config.currency.value]);
  for (const property of config.properties ?? []) {
    if (property.source === "fixed")
      params.push([`prop.${property.key}`, property.value]);
  }
  params.push(["noscript", "1"]);
  return `${collectGifBase}?${params.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")}`;
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
