import type {
  PixelConfig,
  PixelValue,
} from "../../../../src/pixels/pixel-config";

/**
 * The payload the contract (§5) says a pixel sends, written independently of the
 * engine: `read` says what a variable path holds on the host when the code runs.
 */
export function expectedPayload(
  pixelId: string | null,
  config: PixelConfig,
  read: (path: string) => unknown,
): Record<string, unknown> {
  const value = (v: PixelValue) =>
    v.source === "fixed" ? v.value : read(v.value);
  const payload: Record<string, unknown> = {
    pixel_id: pixelId,
    type: config.type,
  };
  if (config.type !== "pageview")
    payload.conversion_type = config.conversion_type;
  if (config.revenue) {
    payload.revenue =
      config.revenue.source === "fixed"
        ? Number(config.revenue.value)
        : read(config.revenue.value);
  }
  if (config.currency) payload.currency = value(config.currency);
  if (config.transaction_id)
    payload.transaction_id = read(config.transaction_id.value);
  if (config.properties && config.properties.length > 0) {
    payload.properties = Object.fromEntries(
      config.properties.map((p) => [p.key, value(p)]),
    );
  }
  return payload;
}

/** The query parameters the `<noscript>` image must carry, decoded. */
export function expectedNoscriptParams(
  pixelId: string | null,
  config: PixelConfig,
): Array<[string, string]> {
  const wellFormed = (s: string): string => (s as any).toWellFormed();
  const params: Array<[string, string]> = [];
  if (pixelId !== null) params.push(["pixel_id", pixelId]);
  params.push(["type", config.type]);
  if (config.type !== "pageview")
    params.push(["conversion_type", config.conversion_type!]);
  if (config.revenue?.source === "fixed")
    params.push(["revenue", config.revenue.value]);
  if (config.currency?.source === "fixed")
    params.push(["currency", config.currency.value]);
  for (const p of config.properties ?? []) {
    if (p.source === "fixed") params.push([`prop.${p.key}`, p.value]);
  }
  params.push(["noscript", "1"]);
  return params.map(([k, v]) => [k, wellFormed(v)]);
}

/** What a value looks like after GTM turns it into a literal (its JSON). */
export function throughJson(value: unknown): unknown {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : JSON.parse(json);
}
