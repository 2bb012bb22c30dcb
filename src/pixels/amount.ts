/**
 * The one amount parser: the collector runs it on revenue strings and the tracker
 * build bundles it, so a page and the server read "4.350 €" the same way.
 *
 * Kept bundle-friendly on purpose: no imports but the minor-units table, no `Intl`,
 * no regular-expression features newer than ES5 and no ES2015+ library calls, so
 * it transpiles to ES5 and runs in any browser the tracker supports.
 */
import { minorUnits } from "./iso-4217";

/**
 * What `parseAmount` read. `value` is a finite number ≥ 0, or `null` when there is
 * no amount (absent or blank input: no warning) or it was refused (a warning).
 * `warning`, when set, is a predicate about the input, written to follow the
 * field's name and the quoted value: `revenue "4.350" ` + warning. It is set when
 * the input was refused, and when it was kept but read one way of two.
 */
export interface ParsedAmount {
  value: number | null;
  warning: string | null;
}

const NOT_A_NUMBER = "is not a number";
/** Longer strings are refused unread: no real amount is longer, and it bounds the work. */
const MAX_INPUT_LENGTH = 200;

/** Grouping characters: white space (incl. NBSP, thin and narrow no-break spaces) and apostrophes (Swiss). */
const GROUPING_NOISE = /[\s\u00a0\u2009\u202f'\u2019\u02bc]+/g;

/**
 * A currency code, symbol or abbreviation beside the number, at most 4 characters
 * (so a word such as "Order" is not taken for one):
 * Latin letters (with accents, "zł", "Kč"), Cyrillic ("руб."), Arabic ("د.إ"),
 * Bengali taka, "$", ¢ £ ¤ ¥, baht, the currency-symbol block (€ ₹ ₽ ₺ ₩ …), the
 * rial sign, full-width $ ¢ £ ¥ ₩, and "." for abbreviations ("Rs.", "Fr.").
 */
const CURRENCY_AFFIX =
  /^[A-Za-z$.\u00a2-\u00a5\u00c0-\u024f\u0400-\u04ff\u0600-\u06ff\u09f3\u0e3f\u20a0-\u20cf\ufdfc\uff04\uffe0-\uffe6]{0,4}$/;
/** A currency symbol from the block above: every currency it can stand for has 2 minor units or none. */
const CURRENCY_SYMBOL = /[$\u00a2-\u00a5\u20a0-\u20cf\uff04\uffe0-\uffe6]/;
const NEGATIVE_SIGN = /[-\u2212(]/;
/** Affix, digits with "." and "," (and at most a leading separator), affix. */
const AMOUNT_SHAPE = /^(\D*?)(\d[\d.,]*)(\D*)$/;
/** What may stand before a thousands separator: 1-3 digits, not starting with 0. */
const FIRST_GROUP = /^[1-9]\d{0,2}$/;

/**
 * Parses a revenue or price as written on a page.
 *
 * - A number: kept when finite and ≥ 0 (`-0` is 0).
 * - A string: white space and apostrophes between digits group thousands; a
 *   currency code or symbol of at most 4 characters may stand before or after
 *   (`"€ 12"`, `"12 EUR"`, `"R$ 1.234,56"`, `"Rs.500"`); Arabic-Indic and
 *   full-width digits and separators are read as their ASCII forms; `"12,-"`
 *   is 12. Of "." and ",", the last one is the decimal point when both occur
 *   (`"1.234,56"`, `"₹1,23,456.00"`); one kind occurring more than once groups
 *   (`"1.234.567"`, `"1,23,456"`: Western and Indian grouping).
 * - One separator followed by exactly three digits after 1-3 digits not starting
 *   with 0 (`"4.350"`, `"4,350"`) is decided by the currency's ISO 4217 minor
 *   units: 3 or more (BHD, KWD…) makes it a decimal point (4.35), fewer (EUR,
 *   JPY…) a thousands separator (4350). The currency is `currency`, else a code
 *   or symbol written beside the number; with neither, "." is read as a decimal
 *   point (as JavaScript does) and "," as a thousands separator, with a warning
 *   saying so.
 * - Negative amounts (a "-", "−" or parentheses), non-finite numbers, booleans,
 *   objects and anything else that is not an amount: `null` with a warning.
 * - `undefined`, `null` and blank strings: `null`, no warning.
 *
 * @param currency an ISO 4217 code (upper case), or null when unknown.
 */
export function parseAmount(
  input: unknown,
  currency?: string | null,
): ParsedAmount {
  if (input === undefined || input === null) return result(null, null);
  if (typeof input === "number") {
    if (input !== input) return refused(NOT_A_NUMBER);
    if (input < 0) return refused("is negative");
    if (input === Infinity) return refused("is too large");
    return result(input === 0 ? 0 : input, null);
  }
  if (typeof input !== "string") return refused(NOT_A_NUMBER);
  if (input.replace(/^\s+|\s+$/g, "") === "") return result(null, null);
  if (input.length > MAX_INPUT_LENGTH) return refused(NOT_A_NUMBER);
  return parseText(asciiDigits(input).replace(GROUPING_NOISE, ""), currency);
}

function result(value: number | null, warning: string | null): ParsedAmount {
  return { value: value, warning: warning };
}

function refused(warning: string): ParsedAmount {
  return result(null, warning);
}

/** Arabic-Indic, Persian and full-width digits and separators as ASCII. */
function asciiDigits(text: string): string {
  return text.replace(
    /[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19\u066b\u066c\uff0c\uff0e]/g,
    (c) => {
      const code = c.charCodeAt(0);
      if (code === 0x066b || code === 0xff0e) return ".";
      if (code === 0x066c || code === 0xff0c) return ",";
      const zero = code >= 0xff10 ? 0xff10 : code >= 0x06f0 ? 0x06f0 : 0x0660;
      return String(code - zero);
    },
  );
}

function parseText(text: string, currency?: string | null): ParsedAmount {
  const shape = AMOUNT_SHAPE.exec(text);
  if (!shape) return refused(NOT_A_NUMBER);
  let prefix = shape[1];
  let core = shape[2];
  let suffix = shape[3];
  // "12,-" and "12.–": a whole amount (German and Scandinavian price tags).
  const dash = /^[-\u2013]{1,2}/.exec(suffix);
  if (dash && /\d[.,]$/.test(core)) {
    core = core.slice(0, -1);
    suffix = suffix.slice(dash[0].length);
  } else if (/^[.,]$/.test(prefix)) {
    core = `0${prefix}${core}`; // ".5"
    prefix = "";
  }
  if (NEGATIVE_SIGN.test(prefix) || NEGATIVE_SIGN.test(suffix))
    return refused("is negative");
  if (!CURRENCY_AFFIX.test(prefix) || !CURRENCY_AFFIX.test(suffix))
    return refused(NOT_A_NUMBER);
  return parseNumber(core, currency, prefix + suffix);
}

/** `core` is digits with "." and ","; `affixes` what stood beside it. */
function parseNumber(
  core: string,
  currency: string | null | undefined,
  affixes: string,
): ParsedAmount {
  const dot = core.lastIndexOf(".");
  const comma = core.lastIndexOf(",");
  const last = Math.max(dot, comma);
  if (last < 0) return amount(core, "", null);
  if (last === core.length - 1) return refused(NOT_A_NUMBER); // "12."
  const separator = core.charAt(last);
  const other = separator === "." ? "," : ".";
  const whole = core.slice(0, last);
  const fraction = core.slice(last + 1);
  if (whole.indexOf(separator) >= 0) {
    // One kind, several times: all of them group ("1.234.567", "1,23,456").
    if (whole.indexOf(other) >= 0) return refused(NOT_A_NUMBER);
    return grouped(core.split(separator), "");
  }
  if (whole.indexOf(other) >= 0) {
    // Both kinds: the last one is the decimal point ("1.234,56").
    return grouped(whole.split(other), fraction);
  }
  if (fraction.length !== 3 || !FIRST_GROUP.test(whole)) {
    return amount(whole, fraction, null); // "12,5", "0.500", "1234.567"
  }
  // "4.350": three digits after one separator.
  const units = currencyMinorUnits(currency, affixes);
  if (units !== null) {
    return units >= 3
      ? amount(whole, fraction, null)
      : amount(whole + fraction, "", null);
  }
  const asDecimal = separator === ".";
  const read = asDecimal
    ? amount(whole, fraction, null)
    : amount(whole + fraction, "", null);
  if (read.value === null) return read;
  return result(
    read.value,
    `is ambiguous without a currency: read as ${read.value}, "${separator}" taken as ${asDecimal ? "the decimal point" : "a thousands separator"}`,
  );
}

/**
 * Digits split at thousands separators, then an optional fraction. The groups
 * must be Western (1-3 digits, then groups of 3: "1.234.567") or Indian (1-2
 * digits, groups of 2, a last group of 3: "1,23,45,678"); else refused.
 */
function grouped(groups: string[], fraction: string): ParsedAmount {
  const n = groups.length;
  if (!FIRST_GROUP.test(groups[0]) || groups[n - 1].length !== 3)
    return refused(NOT_A_NUMBER);
  let western = true;
  let indian = groups[0].length <= 2;
  for (let i = 1; i < n - 1; i++) {
    if (groups[i].length !== 3) western = false;
    if (groups[i].length !== 2) indian = false;
  }
  if (!western && !indian) return refused(NOT_A_NUMBER);
  return amount(groups.join(""), fraction, null);
}

function amount(
  whole: string,
  fraction: string,
  warning: string | null,
): ParsedAmount {
  const value = parseFloat(whole + (fraction ? `.${fraction}` : ""));
  if (!isFinite(value)) return refused("is too large");
  return result(value === 0 ? 0 : value, warning);
}

/**
 * The minor units that decide "4.350": the given currency's, else those of a code
 * written beside the number, else 2 for a currency symbol (none of the currencies
 * a symbol stands for has 3), else null (unknown).
 */
function currencyMinorUnits(
  currency: string | null | undefined,
  affixes: string,
): number | null {
  if (typeof currency === "string" && /^[A-Z]{3}$/.test(currency))
    return minorUnits(currency);
  const code = affixes.toUpperCase();
  if (/^[A-Z]{3}$/.test(code)) return minorUnits(code);
  return CURRENCY_SYMBOL.test(affixes) ? 2 : null;
}
