import { printPixelImage } from "./html-layout";
import {
  printIfEquals,
  printObject,
  printStringAssignment,
  type JsEntry,
} from "./js-layout";

/**
 * The only way values enter the templates. Each helper returns text that is already
 * safe (and already laid out) for where the template puts it, so templates use them
 * with triple braces and never rely on Handlebars' HTML escaping, which is wrong for
 * scripts, JSON and CSV alike. Helpers check their arguments: Handlebars passes a
 * missing view field as undefined, and that must be an error, not an empty output.
 */
export const TEMPLATE_HELPERS = {
  /** An expanded JS object literal whose closing brace sits at column `indent`. */
  object: (entries: JsEntry[], indent: number) =>
    printObject(
      check("object", entries, Array.isArray),
      column("object", indent),
    ),
  /** `target = "value";` at column `indent`. */
  assign: (target: string, value: string, indent: number) =>
    printStringAssignment(
      text("assign", target),
      text("assign", value),
      column("assign", indent),
    ),
  /** `if (left === "value") {` at column `indent`. */
  ifEquals: (left: string, value: string, indent: number) =>
    printIfEquals(
      text("ifEquals", left),
      text("ifEquals", value),
      column("ifEquals", indent),
    ),
  /** The hidden `<img>` of a `<noscript>` fallback at column `indent`. */
  pixelImage: (src: string, indent: number) =>
    printPixelImage(text("pixelImage", src), column("pixelImage", indent)),
  /** A JSON value. */
  json: (value: unknown) => jsonLiteral(value),
  /** A POSIX shell word that is exactly `value`: single-quoted, `'` as `'\''`. */
  shellQuoted: (value: string) => shellQuoted(text("shellQuoted", value)),
  /** A CSV field, quoted only when it has to be. */
  csv: (value: string) => csvField(text("csv", value)),
  /** A CSV field, always quoted. */
  csvQuoted: (value: string) => csvQuoted(text("csvQuoted", value)),
} as const;

function check<T>(helper: string, value: T, valid: (value: T) => boolean): T {
  if (!valid(value))
    throw new TypeError(`template helper "${helper}" got ${String(value)}`);
  return value;
}

function text(helper: string, value: string): string {
  return check(helper, value, (v) => typeof v === "string");
}

function column(helper: string, value: number): number {
  return check(helper, value, (v) => Number.isInteger(v) && v >= 0);
}

/** JSON text, with U+2028/U+2029 escaped too so it stays valid if pasted into a script. */
export function jsonLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined)
    throw new TypeError(`template helper "json" got ${String(value)}`);
  return json.replace(/[\u2028\u2029]/g, (c) =>
    c === "\u2028" ? "\\u2028" : "\\u2029",
  );
}

/** A CSV field (RFC 4180), quoted when it holds a comma, quote, line break or edge space. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? csvQuoted(value) : value;
}

/** A double-quoted CSV field, quotes doubled. */
export function csvQuoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * Single quotes keep every character literal in a POSIX shell (`$`, backticks,
 * `\`, `!` in scripts, newlines): only `'` itself needs care, written as
 * `'\''` (close, an escaped quote, reopen). POSIX.1-2017 XCU 2.2.2.
 */
export function shellQuoted(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}
