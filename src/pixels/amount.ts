/**
 * One amount parser for the tracker build and the server: from a revenue as a page
 * or a tag manager holds it (a number, or text such as "€1.234,56") to a number.
 *
 * Pure TypeScript with no imports and no syntax past what TypeScript lowers to ES5:
 * the tracker (`tracker/src/`) bundles this file into `/t.js`.
 */

/** What `parseAmount` read: a number, or null with (when something was there) why not. */
export interface ParsedAmount {
  /** The amount, finite and >= 0; null when there is none or it could not be read. */
  value: number | null;
  /** Why a value that was there is not an amount; null when all is well or nothing was there. */
  warning: string | null;
}

// An amount between at most three currency characters on either side.
const CURRENCY_CHARS = "A-Za-z$\\u00a2-\\u00a5\\u0142\\u0e3f\\u20a0-\\u20cf";
const AMOUNT = new RegExp(
  "^[" + CURRENCY_CHARS + "]{0,3}([\\d.,]+)[" + CURRENCY_CHARS + "]{0,3}$",
);
const DIGITS = /^\d+$/;
const GROUPED = /^[1-9]\d{0,2}([.,])\d{3}(\1\d{3})*$/;

function notAnAmount(input: unknown): ParsedAmount {
  return {
    value: null,
    warning: "revenue " + String(input) + " is not an amount",
  };
}

/**
 * Reads a revenue:
 * 1. A number >= 0 and finite is the amount as it is.
 * 2. A string loses all white space (including no-break and thin spaces) and
 *    apostrophes (' and U+2019, Swiss grouping). What is left must be an amount
 *    with at most three currency characters before and/or after it: A-Z, a-z, $,
 *    U+00A2-U+00A5 (cent, pound, yen), U+0142 ("zl"), U+0E3F (baht),
 *    U+20A0-U+20CF (euro, rupee, ruble...). So "EUR 12", "12 €", "R$ 1.234,56".
 * 3. The amount is digits with "." and "," separators. The last separator is the
 *    decimal point when it occurs only once, except a lone "," followed by
 *    exactly three digits (and not after a leading 0), which groups thousands.
 *    All other separators group thousands: a first group of 1-3 digits not
 *    starting with 0, then groups of exactly three, all the same character.
 *    "1,234.56" and "1.234,56" are 1234.56; "12,5" is 12.5; "0,500" is 0.5;
 *    "1,234" is 1234; "1.234.567" is 1234567; a lone "." is always decimal, as
 *    in JavaScript and on the server, so "1.234" is 1.234.
 * 4. Anything else that is there (negative or non-finite numbers, booleans,
 *    "-12", "1,23,456", "12.", "abc") has no value and a warning.
 *    null, undefined, blank strings and objects have neither: nothing was there.
 *
 * `currency` (an ISO 4217 code, when known) is not used yet: the next parser
 * resolves "4.350" with the currency's minor units (issue #9).
 */
export function parseAmount(
  input: unknown,
  currency?: string | null, // eslint-disable-line @typescript-eslint/no-unused-vars
): ParsedAmount {
  if (typeof input === "number") {
    return input >= 0 && input < Infinity
      ? { value: input, warning: null }
      : notAnAmount(input);
  }
  if (typeof input === "boolean") return notAnAmount(input);
  if (typeof input !== "string") return { value: null, warning: null };
  const match = input.replace(/[\s'\u2019]+/g, "").match(AMOUNT);
  if (match) {
    const amount = match[1];
    let whole = amount;
    let fraction = "0";
    const dot = amount.lastIndexOf(".");
    const comma = amount.lastIndexOf(",");
    const last = dot > comma ? dot : comma;
    const separator = amount.charAt(last);
    if (
      last >= 0 &&
      amount.indexOf(separator) === last &&
      !(
        separator === "," &&
        dot < 0 &&
        amount.length - last === 4 &&
        amount.charAt(0) !== "0"
      )
    ) {
      whole = amount.slice(0, last);
      fraction = amount.slice(last + 1);
    }
    if (DIGITS.test(fraction) && (DIGITS.test(whole) || GROUPED.test(whole))) {
      const value = parseFloat(whole.replace(/[.,]/g, "") + "." + fraction);
      if (value < Infinity) return { value, warning: null };
    }
  }
  return input.replace(/^\s+|\s+$/g, "")
    ? notAnAmount(input)
    : { value: null, warning: null };
}
