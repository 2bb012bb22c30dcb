import { PRINT_WIDTH } from "./js-layout";

/**
 * A URL as a double-quoted HTML attribute value: whatever is not printable ASCII, and
 * the characters that could end the value or the tag (quotes, `<`, `>`, backtick), is
 * percent-encoded, which keeps the URL's meaning; `&` becomes `&amp;`. Prettier leaves
 * such a value as it is, and its width is its length.
 */
export function urlAttribute(url: string): string {
  return url
    .replace(/[^\x21-\x7e]|["'<>`]/gu, percentEncode)
    .replace(/&/g, "&amp;");
}

function percentEncode(char: string): string {
  if (char.length === 1 && char.charCodeAt(0) < 0x80) {
    return "%" + char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0");
  }
  try {
    return encodeURIComponent(char);
  } catch {
    return "%EF%BF%BD"; // a lone surrogate: U+FFFD
  }
}

/**
 * The hidden 1×1 `<img>` of a `<noscript>` fallback, as Prettier prints it at column
 * `indent`: on one line when it fits, otherwise one attribute per line.
 */
export function printPixelImage(src: string, indent: number): string {
  const attributes = [
    `src="${urlAttribute(src)}"`,
    'alt=""',
    'width="1"',
    'height="1"',
    'style="display: none"',
  ];
  const flat = `<img ${attributes.join(" ")} />`;
  if (indent + flat.length <= PRINT_WIDTH) return flat;
  const inner = " ".repeat(indent + 2);
  return `<img\n${attributes.map((a) => inner + a).join("\n")}\n${" ".repeat(indent)}/>`;
}
