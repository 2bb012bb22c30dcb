import type { PixelConfig, PixelValue } from "../../pixels/pixel-config";
import type { JsEntry, JsExpr } from "./js-layout";
import { scriptLiteral } from "./script-literal";
import type { VariableReader } from "./variable-readers";

/**
 * The one place that decides what `spx("track", payload)` carries, for every platform:
 * `{ pixel_id, type, conversion_type, revenue, currency, transaction_id, properties }`, with
 * `conversion_type` left out on pageviews and absent optional fields left out.
 */
export function buildPayload(
  pixelId: string | null,
  config: PixelConfig,
  read: VariableReader,
): JsEntry[] {
  const entries: JsEntry[] = [
    {
      key: "pixel_id",
      value: pixelId === null ? { kind: "atom", code: "null" } : text(pixelId),
    },
    { key: "type", value: text(config.type) },
  ];
  if (config.type !== "pageview" && config.conversion_type !== undefined) {
    entries.push({
      key: "conversion_type",
      value: text(config.conversion_type),
    });
  }
  if (config.revenue) {
    const revenue = config.revenue;
    entries.push({
      key: "revenue",
      value:
        revenue.source === "fixed"
          ? { kind: "atom", code: scriptLiteral(Number(revenue.value)) }
          : read(revenue.value),
    });
  }
  if (config.currency)
    entries.push({ key: "currency", value: valueOf(config.currency, read) });
  // Always a page variable (§7); the collector turns a number into its text.
  if (config.transaction_id)
    entries.push({
      key: "transaction_id",
      value: valueOf(config.transaction_id, read),
    });
  const properties = config.properties ?? [];
  if (properties.length > 0) {
    entries.push({
      key: "properties",
      value: {
        kind: "object",
        entries: properties.map((p) => ({
          key: p.key,
          value: valueOf(p, read),
        })),
      },
    });
  }
  return entries;
}

/** What a page variable is used for, to describe it to the user. */
export interface VariableUse {
  path: string;
  /** `revenue`, `currency`, `transaction_id` or `property <key>`, in payload order. */
  roles: string[];
}

/** The distinct page variables a pixel reads, in payload order. */
export function listVariables(config: PixelConfig): VariableUse[] {
  const uses = new Map<string, VariableUse>();
  const add = (value: PixelValue | undefined, role: string) => {
    if (value?.source !== "variable") return;
    const use = uses.get(value.value) ?? { path: value.value, roles: [] };
    use.roles.push(role);
    uses.set(value.value, use);
  };
  add(config.revenue, "revenue");
  add(config.currency, "currency");
  add(config.transaction_id, "transaction_id");
  for (const property of config.properties ?? [])
    add(property, `property ${property.key}`);
  return [...uses.values()];
}

function text(value: string): JsExpr {
  return { kind: "string", value };
}

function valueOf(value: PixelValue, read: VariableReader): JsExpr {
  return value.source === "fixed" ? text(value.value) : read(value.value);
}
