/**
 * Maps the API's validation details (`error.details[].field`, dotted paths into
 * the request body) to the builder's form fields, so each message appears beside
 * the control it is about.
 */

import { CONVERSION_RULE_FIELDS } from "../../../src/pixels/conversion-rules";

export interface ErrorDetail {
  field: string;
  message: string;
}

/** Fields (top-level or in config) that have one control of their own. */
const CONFIG_FIELDS = new Set([
  "name",
  "description",
  "target_platform",
  "type",
  "conversion_type",
  "history_pageviews",
]);

/** §7 conversion rules: top-level only (beside config), one control or group each. */
const RULE_FIELDS: ReadonlySet<string> = new Set(CONVERSION_RULE_FIELDS);

/** Form field id → messages. The key `""` holds what no field shows. */
export type FieldErrors = Record<string, string[]>;

/**
 * The form field a request-body path belongs to. A PixelValue's parts
 * (`config.revenue.value`, `config.revenue.source`) both belong to the one
 * Revenue control; a property's parts to that property's row
 * (`properties.2.key`, `properties.2.value`); a piggyback's to its type or URL
 * (`piggyback_pixels.1.url`); `config.transaction_id.*` to Transaction id.
 */
export function formFieldFor(path: string): string {
  const parts = path.split(".");
  const inConfig = parts[0] === "config";
  if (inConfig) parts.shift();
  if (parts.length === 0) return "";
  const [head, ...rest] = parts;
  if (head === "revenue" || head === "currency") return head;
  if (head === "properties") {
    if (rest.length === 0 || !/^\d+$/.test(rest[0])) return "properties";
    const part = rest[1] === "key" ? "key" : "value";
    return `properties.${rest[0]}.${part}`;
  }
  if (inConfig && head === "transaction_id") return "transaction_id";
  if (!inConfig && head === "piggyback_pixels") {
    if (rest.length === 0 || !/^\d+$/.test(rest[0])) return "piggyback_pixels";
    const part = rest[1] === "pixel_type" ? "pixel_type" : "url";
    return `piggyback_pixels.${rest[0]}.${part}`;
  }
  if (
    rest.length === 0 &&
    (CONFIG_FIELDS.has(head) || (!inConfig && RULE_FIELDS.has(head)))
  )
    return head;
  // A path no control claims shows at form level, with the path spelled out.
  return "";
}

/** Groups details by form field; form-level messages keep their path. */
export function groupFieldErrors(details: readonly ErrorDetail[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of details) {
    const id = formFieldFor(field);
    const text = id === "" && field ? `${field}: ${message}` : message;
    (errors[id] ??= []).push(text);
  }
  return errors;
}
