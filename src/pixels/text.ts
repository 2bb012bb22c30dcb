/** Where the character (code point) starting at `i` ends: after a surrogate pair, two units on. */
function characterEnd(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return i + 2;
  }
  return i + 1;
}

/** Lengths in the contract are in characters (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i = characterEnd(text, i)) count += 1;
  return count;
}

/** The key under which names are unique: trimmed, NFC, case folded. */
export function nameKey(name: string): string {
  return name.trim().normalize("NFC").toLowerCase();
}

// C0 controls and DEL: invisible in every UI that lists pixels.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/; // eslint-disable-line no-control-regex

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** The first `max` characters (code points) of `text`, never splitting a surrogate pair. */
export function truncateCharacters(text: string, max: number): string {
  if (text.length <= max) return text;
  let i = 0;
  for (let count = 0; count < max && i < text.length; count += 1)
    i = characterEnd(text, i);
  return text.slice(0, i);
}
