import type { JsExpr } from "./js-layout";

/**
 * How the generated code reads a page variable, one function per platform. A path is
 * already validated (`pixel-rules.ts` VARIABLE_PATH: identifiers and indexes joined by
 * dots), so it is only ever used as data: a string literal or a GTM variable name.
 */
export type VariableReader = (path: string) => JsExpr;

/**
 * Plain JavaScript: the event snippet's `v([...])` walks the path's segments from
 * `window`, returning undefined for a missing part instead of throwing.
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

/** Tealium: the extension's data object, where a dotted name is one variable name. */
export const readTealiumVariable: VariableReader = (path) => ({
  kind: "member",
  object: "b",
  key: path,
});

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
