import type { JsEntry, JsExpr } from "./js-layout";
import type { VariableUse } from "./payload";
import { isTealiumBuiltIn } from "./variable-readers";

/**
 * The example data a site sends so the tag manager can fire the code and fill its
 * variables. Values are placeholders the site replaces with the page's real ones.
 *
 * A `__proto__` segment cannot be written as an own key of an object literal (it sets
 * the prototype instead), so such a path is left out of the example.
 */

type Node = { leaf: JsExpr } | { children: Map<string, Node> };

/**
 * GTM: one push, with `event` first (null for pageviews, which fire on All Pages) and
 * each variable's path spelled out as nested objects, the way Data Layer Variables
 * (version 2) read dotted names. Revenue placeholders are numbers: GTM keeps types.
 */
export function gtmDataLayerPush(
  eventName: string | null,
  variables: VariableUse[],
): JsEntry[] {
  const root = new Map<string, Node>();
  for (const use of variables) {
    const segments = use.path.split(".");
    if (segments.includes("__proto__")) continue;
    if (eventName !== null && segments[0] === "event") continue;
    const placeholder: JsExpr = use.roles.includes("revenue")
      ? { kind: "atom", code: "0" }
      : { kind: "string", value: "" };
    insert(root, segments, placeholder);
  }
  const entries = toEntries(root);
  return eventName === null
    ? entries
    : [
        { key: "event", value: { kind: "string", value: eventName } },
        ...entries,
      ];
}

/**
 * Tealium: flat data for `utag.link` / `utag_data`, `tealium_event` first, each
 * variable under its own (possibly dotted) name. UDO values are strings by convention.
 * Tealium's built-ins (`qp.`, `cp.`, `dom.`, `meta.`) are left out: utag.js sets them.
 */
export function tealiumData(
  eventName: string,
  variables: VariableUse[],
): JsEntry[] {
  const entries: JsEntry[] = [
    { key: "tealium_event", value: { kind: "string", value: eventName } },
  ];
  for (const use of variables) {
    if (use.path === "tealium_event" || use.path === "__proto__") continue;
    if (isTealiumBuiltIn(use.path)) continue; // utag.js fills it; "" would overwrite it
    entries.push({ key: use.path, value: { kind: "string", value: "" } });
  }
  return entries;
}

/** Adds a path; where a value and an object meet, the object (the deeper path) wins. */
function insert(
  level: Map<string, Node>,
  segments: string[],
  leaf: JsExpr,
): void {
  for (const segment of segments.slice(0, -1)) {
    let node = level.get(segment);
    if (node === undefined || "leaf" in node) {
      node = { children: new Map() };
      level.set(segment, node);
    }
    level = node.children;
  }
  const last = segments[segments.length - 1];
  if (!level.has(last)) level.set(last, { leaf });
}

function toEntries(level: Map<string, Node>): JsEntry[] {
  return [...level].map(([key, node]) => ({
    key,
    value:
      "leaf" in node
        ? node.leaf
        : { kind: "object", entries: toEntries(node.children) },
  }));
}
