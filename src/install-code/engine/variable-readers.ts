import type { JsExpr } from "./js-layout";

/**
 * How the generated code reads a page variable, one function per platform. A path is
 * already validated (`pixel-rules.ts` VARIABLE_PATH: identifiers and indexes joined by
 * dots), so it is only ever used as data: a string literal or a GTM variable name.
 */
export type VariableReader = (path: string) => JsExpr;

/**
 * Plain JavaScript: the event snippet's `v([...])` walks the path's segments from
 * `window`, returning undefined for a missing part instead of throwing. It follows
 * own properties only: a page variable is data, and `dataLayer.constructor` or
 * `order.__proto__` naming a prototype's member is never what a user means.
 */
export const readJavaScriptVariable: VariableReader = (path) => ({
  kind: "read",
  callee: "v",
  segments: path.split("."),
});

/** GTM: a bare reference to the container's Data Layer Variable, so its type is kept. */
export const readGtmVariable: VariableReader = (path) => ({
  kind: "reference",
  code: `{{${gtmVariableName(path)}}}`,
});

/**
 * Tealium: the extension's data object `b`, where a dotted name is one variable name,
 * read by the extension's `v(["order.total"])` (the reader's shape, one segment):
 * `b["order.total"]` when `b` has it as an own property, undefined otherwise
 * (`b.constructor` is Object, not data).
 */
export const readTealiumVariable: VariableReader = (path) => ({
  kind: "read",
  callee: "v",
  segments: [path],
});

/**
 * Tealium's built-in data layer variables, which utag.js fills on every page by
 * itself: `qp.` (query-string parameters), `cp.` (first-party cookies), `dom.`
 * (page properties) and `meta.` (`<meta>` tags). Sources: docs.tealium.com,
 * "Data layer variable types" and "Data Layer" (built-in variables).
 *
 * They are left out of the `variables` bulk-import CSV and of the `utag.link` /
 * `utag_data` example: declaring them as "UDO Variable" mistypes them, the
 * literal Type strings Bulk Import accepts for their real types are not
 * documented (only shown in a screenshot), and the extension reads them from
 * `b` whether they are declared or not. In the example call an empty value would
 * overwrite the one Tealium read (issue #9).
 */
export function isTealiumBuiltIn(path: string): boolean {
  return /^(qp|cp|dom|meta)\./.test(path);
}

/** The name of the Data Layer Variable that reads `path` (no braces can occur in a path). */
export function gtmVariableName(path: string): string {
  return `DLV - ${path}`;
}

/** Server code: the `values` argument of the generated function, keyed by the path as written. */
export const readServerValue: VariableReader = (path) => ({
  kind: "member",
  object: "values",
  key: path,
});
