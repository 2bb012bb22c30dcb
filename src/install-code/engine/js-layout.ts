import { scriptLiteral } from "./script-literal";

/**
 * Prints the few JavaScript shapes the templates need exactly as Prettier 3 (default
 * options: width 80, two-space indent, double quotes, trailing commas) would, so that
 * artifacts are already formatted without running Prettier per request.
 *
 * Every object literal is printed expanded (a newline after `{`), which Prettier keeps;
 * the only width-dependent choices left are the ones below, each measured against
 * Prettier and checked by the specs. Widths are plain lengths because every literal
 * is ASCII (see script-literal.ts) and keys and paths are ASCII by validation.
 */
export const PRINT_WIDTH = 80;

export type JsExpr =
  /** A literal Prettier never moves off the key's line: numbers, `null`. */
  | { kind: "atom"; code: string }
  /** A string value. */
  | { kind: "string"; value: string }
  /** A GTM `{{Variable}}` reference: laid out like an identifier. */
  | { kind: "reference"; code: string }
  /** A call of the page-variable reader with the path's segments: `v(["a", "b"])`. */
  | { kind: "read"; callee: string; segments: string[] }
  /** A computed member lookup: `b["order.total"]`. */
  | { kind: "member"; object: string; key: string }
  | { kind: "object"; entries: JsEntry[] };

export interface JsEntry {
  key: string;
  value: JsExpr;
}

const IDENTIFIER_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const SIMPLE_INDEX = /^(?:0|[1-9][0-9]{0,14})$/;
/** Prettier keeps a value on a key narrower than this on the key's line. */
const SHORT_KEY_WIDTH = 5;

function pad(indent: number): string {
  return " ".repeat(indent);
}

/** A property key as Prettier prints it (quotes only where needed). */
export function printKey(key: string): string {
  return IDENTIFIER_NAME.test(key) || SIMPLE_INDEX.test(key)
    ? key
    : scriptLiteral(key);
}

/**
 * An expanded object literal whose `{` continues the current line and whose `}` sits
 * at `indent`.
 */
export function printObject(entries: JsEntry[], indent: number): string {
  let out = "{\n";
  for (const entry of entries) {
    out += pad(indent + 2) + printProperty(entry, indent + 2) + ",\n";
  }
  return out + pad(indent) + "}";
}

/** `key: value` (without the comma) for a property starting at column `indent`. */
export function printProperty(entry: JsEntry, indent: number): string {
  const key = printKey(entry.key);
  const value = entry.value;
  const shortKey = key.length < SHORT_KEY_WIDTH;
  // Columns used by "key: " and by the trailing comma.
  const used = indent + key.length + 2 + 1;
  const fits = (code: string) => used + code.length <= PRINT_WIDTH;
  const afterKey = (code: string) => `${key}:\n${pad(indent + 2)}${code}`;

  switch (value.kind) {
    case "atom":
      return `${key}: ${value.code}`;
    case "string":
    case "reference": {
      const code =
        value.kind === "string" ? scriptLiteral(value.value) : value.code;
      return shortKey || fits(code) ? `${key}: ${code}` : afterKey(code);
    }
    case "object":
      return used <= PRINT_WIDTH
        ? `${key}: ${printObject(value.entries, indent)}`
        : afterKey(printObject(value.entries, indent + 2));
    case "read": {
      const args = value.segments.map((segment) => scriptLiteral(segment));
      const code = `${value.callee}([${args.join(", ")}])`;
      if (fits(code)) return `${key}: ${code}`;
      let out = `${key}: ${value.callee}([\n`;
      for (const arg of args) out += `${pad(indent + 2)}${arg},\n`;
      return out + `${pad(indent)}])`;
    }
    case "member": {
      const literal = scriptLiteral(value.key);
      const code = `${value.object}[${literal}]`;
      if (fits(code)) return `${key}: ${code}`;
      const broken = (at: number) =>
        `${value.object}[\n${pad(at + 2)}${literal}\n${pad(at)}]`;
      if (shortKey) return `${key}: ${broken(indent)}`;
      return indent + 2 + code.length + 1 <= PRINT_WIDTH
        ? afterKey(code)
        : afterKey(broken(indent + 2));
    }
  }
}

/** `target = "value";` at column `indent`, broken after `=` when too long. */
export function printStringAssignment(
  target: string,
  value: string,
  indent: number,
): string {
  const literal = scriptLiteral(value);
  const line = `${target} = ${literal};`;
  return indent + line.length <= PRINT_WIDTH
    ? line
    : `${target} =\n${pad(indent + 2)}${literal};`;
}

/** `if (left === "value") {` at column `indent`, in the layout Prettier picks for its width. */
export function printIfEquals(
  left: string,
  value: string,
  indent: number,
): string {
  const test = `${left} === ${scriptLiteral(value)}`;
  if (indent + test.length + 7 <= PRINT_WIDTH) return `if (${test}) {`;
  const inner = indent + 2;
  const body =
    inner + test.length <= PRINT_WIDTH
      ? pad(inner) + test
      : `${pad(inner)}${left} ===\n${pad(inner)}${scriptLiteral(value)}`;
  return `if (\n${body}\n${pad(indent)}) {`;
}
