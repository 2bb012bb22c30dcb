/**
 * The one way a value becomes JavaScript source in generated code.
 *
 * The literal is safe wherever the engine puts it:
 * - inside an HTML `<script>`: `<`, `>` and `&` are `\u` escapes, so no `</script>`,
 *   `<!--` or `-->` can appear;
 * - in ES5 engines and GTM's compiler: U+2028/U+2029 and every other non-ASCII or
 *   control character are `\u` escapes (this also makes the literal's width its length,
 *   which the layout helpers rely on);
 * - in a GTM Custom HTML tag: a `{` followed by `{` becomes `\u007b`, so a value never
 *   forms a `{{variable}}` reference.
 *
 * The quote is the one Prettier picks (double, unless the text holds more double quotes
 * than single ones), and only that quote is escaped, so Prettier leaves the literal as is.
 */
export function scriptLiteral(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberLiteral(value);
  return stringLiteral(value);
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value))
    throw new RangeError(`not a finite number: ${value}`);
  // Prettier prints exponents without "+"; String() never yields a trailing zero or dot.
  return String(value).replace("e+", "e");
}

function stringLiteral(value: string): string {
  let doubles = 0;
  let singles = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x22) doubles++;
    else if (code === 0x27) singles++;
  }
  const quote = doubles > singles ? "'" : '"';
  let out = quote;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const escaped = escapeUnit(value, i, quote);
    if (escaped === undefined) continue;
    out += value.slice(start, i) + escaped;
    start = i + 1;
  }
  return out + value.slice(start) + quote;
}

/** The escape for the code unit at `i`, or undefined when it can stay as is. */
function escapeUnit(
  value: string,
  i: number,
  quote: string,
): string | undefined {
  const code = value.charCodeAt(i);
  if (code >= 0x20 && code < 0x7f) {
    switch (code) {
      case 0x5c: // backslash
        return "\\\\";
      case 0x3c: // <
      case 0x3e: // >
      case 0x26: // &
        return unicodeEscape(code);
      case 0x7b: // {, only when it would start "{{"
        return value.charCodeAt(i + 1) === 0x7b
          ? unicodeEscape(code)
          : undefined;
      default:
        return value[i] === quote ? "\\" + quote : undefined;
    }
  }
  switch (code) {
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    default:
      return unicodeEscape(code);
  }
}

function unicodeEscape(code: number): string {
  return "\\u" + code.toString(16).padStart(4, "0");
}
