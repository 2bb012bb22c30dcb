/**
 * Maps the API's validation details (`error.details[].field`, dotted paths into
 * the request body) to the builder's form fields, so each message appears beside
 * the control it is about.
 */

export interface ErrorDetail {
  field: string;
  message: string;
}

/** Form field id → messages. The key `""` holds what no field shows. */
export type FieldErrors = Record<string, string[]>;

/**
 * The form field a request-body path belongs to. A PixelValue's parts
 * (`config.revenue.value`, `config.revenue.source`) both belong to the one
 * Revenue control; a property's parts to that property's row
 * (`properties.2.key`, `properties.2.value`).
 */
export function formFieldFor(path: string): string {
  const parts = path.split(".");
  if (parts[0] === "config") parts.shift();
  if (parts.length === 0) return "";
  const [head, ...rest] = parts;
  if (head === "revenue" || head === "currency") return head;
  if (head === "properties") {
    if (rest.length === 0 || !/^\d+$/.test(rest[0])) return "properties";
    const part = rest[1] === "key" ? "key" : "value";
    return `properties.${rest[0]}.${part}`;
  }
  if (
    [
      "name",
      "description",
      "target_platform",
      "type",
      "conversion_type",
    ].includes(head) &&
    rest.length === 0
  )
    return head;
  // Sections built later (attribution, repeat conversions, …) name their own
  // fields by path; until one claims a path, its message shows at form level
  // with the path spelled out.
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
