/**
 * The `/collect.gif?…` URL of the image fallback, never longer than
 * IMAGE_URL_MAX_LENGTH, so the collector always receives it.
 *
 * Parameters: the event's fields by name; each touchpoint field as
 * `tp.<field>=value` (issue #11: the collector reads them as the payload's
 * `touchpoint`, so a click is attributed on this path too); each property as
 * `prop.<key>=value`, a list as `prop.<key>[]=item` once per item; each drop
 * code as `dropped=<code>` (drops.ts). The event's own fields come first (they
 * are bounded, at most about 3,000 characters encoded), `consent` among them so
 * a denied event stays unattributed. Then, while they fit: visitor_id, the
 * touchpoint (all of it or none), test_event_code, transaction_id, the drop
 * codes, page_url, the properties in order, referrer. A property that does
 * not fit is left out and its key listed in `spx_omitted=<key>,<key>` (the
 * collector adds a warning naming them); anything else that does not fit is
 * reported as `dropped=image:<what>`. Room for these marks is kept aside from the
 * start, so they always fit.
 */
import {
  IMAGE_URL_MAX_LENGTH,
  MAX_PROPERTIES,
  PROPERTY_KEY_MAX_LENGTH,
} from "./limits";
import type { TrackedEvent } from "./payload";
import { isArray } from "./values";

/** The query parameter listing the property keys left out of an image request. */
export const OMITTED_PARAMETER = "spx_omitted";

/** Room for `spx_omitted`: every property key (ASCII, as the server accepts them) and a comma. */
const OMITTED_ROOM =
  OMITTED_PARAMETER.length + 2 + MAX_PROPERTIES * (PROPERTY_KEY_MAX_LENGTH + 3);
/** Room for the `dropped=image:<what>` marks (at most four of them). */
const IMAGE_MARKS_ROOM = 4 * "&dropped=image%3Aproperties".length;

/** After pixel_id, which every event has (payload.ts) and which comes first. */
const FIELDS_FIRST = [
  "type",
  "conversion_type",
  "revenue",
  "currency",
  "event_id",
  "client_time",
  "consent",
];

/** encodeURIComponent, or "" for text it refuses (a lone surrogate). */
function encode(value: unknown): string {
  try {
    return encodeURIComponent(String(value));
  } catch {
    return "";
  }
}

function propertyParameter(key: string, value: unknown): string {
  if (!isArray(value)) return encode("prop." + key) + "=" + encode(value);
  const name = encode("prop." + key + "[]") + "=";
  const parts: string[] = [];
  for (let i = 0; i < value.length; i++) parts.push(name + encode(value[i]));
  return parts.join("&");
}

/** The image URL for one event at `endpoint` (`…/collect.gif`). */
export function imageUrl(endpoint: string, event: TrackedEvent): string {
  let url = endpoint + "?pixel_id=" + encode(event.pixel_id);
  const leftOut: string[] = [];
  const omitted: string[] = [];

  /** Appends `parameter` when the URL stays within `limit` characters. */
  function add(parameter: string, limit: number): boolean {
    if (url.length + 1 + parameter.length > limit) return false;
    url += "&" + parameter;
    return true;
  }
  const room = IMAGE_URL_MAX_LENGTH - OMITTED_ROOM - IMAGE_MARKS_ROOM;
  /** Appends `field=value` when the event has it; notes it when it does not fit. */
  function addField(field: string, limit: number): void {
    const value = (event as any)[field];
    if (value !== undefined && !add(field + "=" + encode(value), limit))
      leftOut.push(field);
  }

  for (let i = 0; i < FIELDS_FIRST.length; i++)
    addField(FIELDS_FIRST[i], Infinity);
  addField("visitor_id", room);
  const touch = event.touchpoint;
  if (touch) {
    let fields = "";
    for (const field in touch)
      fields += "&tp." + field + "=" + encode(touch[field]);
    if (!add(fields.slice(1), room)) leftOut.push("touchpoint");
  }
  addField("test_event_code", room);
  addField("transaction_id", room);
  const dropped = event.dropped || [];
  for (let i = 0; i < dropped.length; i++) {
    if (!add("dropped=" + encode(dropped[i]), room)) {
      leftOut.push("dropped");
      break;
    }
  }
  addField("page_url", room);
  const properties = event.properties || {};
  for (const key in properties) {
    if (!add(propertyParameter(key, properties[key]), room)) omitted.push(key);
  }
  addField("referrer", room);
  let keys = "";
  for (let i = 0; i < omitted.length; i++) {
    const next = (keys ? keys + "," : "") + omitted[i];
    if (encode(next).length > OMITTED_ROOM - OMITTED_PARAMETER.length - 2) {
      leftOut.push("properties");
      break;
    }
    keys = next;
  }
  if (keys) add(OMITTED_PARAMETER + "=" + encode(keys), Infinity);
  for (let i = 0; i < leftOut.length; i++)
    add("dropped=" + encode("image:" + leftOut[i]), Infinity);
  return url;
}
