import { parseAmount } from "./amount";
import { minorUnits } from "./iso-4217";

const AMBIGUOUS_DOT = (read: number) =>
  `is ambiguous without a currency: read as ${read}, "." taken as the decimal point`;
const AMBIGUOUS_COMMA = (read: number) =>
  `is ambiguous without a currency: read as ${read}, "," taken as a thousands separator`;

describe("parseAmount", () => {
  // [input, currency, value, warning]: formats seen on real shop pages and data layers.
  it.each<[unknown, string | null, number | null, string | null]>([
    // The cases.
    ["4.350 €", "EUR", 4350, null],
    ["4.350", "EUR", 4350, null],
    ["4.350", "JPY", 4350, null],
    ["4.350", "BHD", 4.35, null],
    ["4,350", "KWD", 4.35, null],
    ["4.350", "CLF", 4.35, null],
    ["₹1,23,456.00", "INR", 123456, null],
    ["₹1,23,456.00", null, 123456, null],
    ["$4,350", "USD", 4350, null],
    ["$4,350", null, 4350, null],
    ["1.234,56 €", "EUR", 1234.56, null],
    // Plain numbers and JavaScript numbers.
    [49.99, "EUR", 49.99, null],
    [0, null, 0, null],
    [-0, null, 0, null],
    [1200, "JPY", 1200, null],
    ["49.99", null, 49.99, null],
    [" 49.99 ", null, 49.99, null],
    ["007", null, 7, null],
    ["0.500", null, 0.5, null],
    ["0,500", "EUR", 0.5, null],
    [".5", null, 0.5, null],
    ["1234.567", null, 1234.567, null],
    ["12,5", "EUR", 12.5, null],
    ["4.3500", null, 4.35, null],
    // Symbols and codes before and after, with and without spaces.
    ["€12", null, 12, null],
    ["12 €", "EUR", 12, null],
    ["EUR 1.234,50", null, 1234.5, null],
    ["1,234.56 USD", null, 1234.56, null],
    ["US$ 1,234.56", "USD", 1234.56, null],
    ["R$ 1.234,56", "BRL", 1234.56, null],
    ["£1,299.99", "GBP", 1299.99, null],
    ["¥1,234", "JPY", 1234, null],
    ["￥１，２３４", "JPY", 1234, null],
    ["₩12,000", "KRW", 12000, null],
    ["12 345,67 zł", "PLN", 12345.67, null],
    ["1 234,56 Kč", "CZK", 1234.56, null],
    ["1.234,56 руб.", "RUB", 1234.56, null],
    ["Rs.500", "INR", 500, null],
    ["Rs. 1,50,000", "INR", 150000, null],
    ["kr 1 299,-", "SEK", 1299, null],
    ["49,–", "EUR", 49, null],
    ["฿1,500.00", "THB", 1500, null],
    ["₺1.250,90", "TRY", 1250.9, null],
    // Grouping by NBSP, thin space, narrow no-break space and apostrophes.
    ["1\u00a0234,56\u00a0€", "EUR", 1234.56, null],
    ["1\u2009234\u2009567,8", "EUR", 1234567.8, null],
    ["1\u202f234,56 €", "EUR", 1234.56, null],
    ["CHF 1'234.50", "CHF", 1234.5, null],
    ["1’234.50 Fr.", "CHF", 1234.5, null],
    ["1.234.567", "EUR", 1234567, null],
    ["1,234,567.89", "USD", 1234567.89, null],
    ["12,34,56,789.50", "INR", 123456789.5, null],
    // Arabic-Indic and Persian digits and separators.
    ["١٬٢٣٤٫٥٠ د.إ", "AED", 1234.5, null],
    ["٤٫٣٥٠ د.ب", "BHD", 4.35, null],
    ["۱۲۳۴", "IRR", 1234, null],
    // Ambiguous without a currency: read one way and said so.
    ["4.350", null, 4.35, AMBIGUOUS_DOT(4.35)],
    ["4,350", null, 4350, AMBIGUOUS_COMMA(4350)],
    ["1.234", "XAU", 1.234, AMBIGUOUS_DOT(1.234)],
    // A currency written beside the number decides when none is given.
    ["BHD 4.350", null, 4.35, null],
    ["4.350 EUR", null, 4350, null],
    ["€4.350", null, 4350, null],
    // Refused.
    ["-5", null, null, "is negative"],
    ["−12,00 €", "EUR", null, "is negative"],
    ["€-12", "EUR", null, "is negative"],
    ["(12.00)", "USD", null, "is negative"],
    [-0.01, null, null, "is negative"],
    [NaN, null, null, "is not a number"],
    [Infinity, null, null, "is too large"],
    ["abc", null, null, "is not a number"],
    ["+5", null, null, "is not a number"],
    ["1e3", null, null, "is not a number"],
    ["0x10", null, null, "is not a number"],
    ["49.", null, null, "is not a number"],
    ["1,2,3", null, null, "is not a number"],
    ["1.234,56,78", "EUR", null, "is not a number"],
    ["1,2345.00", "USD", null, "is not a number"],
    ["Total: 12", null, null, "is not a number"],
    ["Order 12", null, null, "is not a number"],
    ["12 34 56 Gesamtbetrag", null, null, "is not a number"],
    ["1".repeat(201), null, null, "is not a number"],
    [true, null, null, "is not a number"],
    [[49.99], null, null, "is not a number"],
    [{ amount: 1 }, null, null, "is not a number"],
    // Absent.
    [undefined, "EUR", null, null],
    [null, null, null, null],
    ["", null, null, null],
    ["  \u00a0", null, null, null],
  ])("%j in %s is %j", (input, currency, value, warning) => {
    expect(parseAmount(input, currency)).toEqual({ value, warning });
  });

  it("reads 1e15 and larger strings as numbers (the caller bounds them)", () => {
    expect(parseAmount("9".repeat(100)).value).toBe(1e100);
  });
});

describe("minorUnits (ISO 4217)", () => {
  it.each<[string, number | null]>([
    ["EUR", 2],
    ["USD", 2],
    ["INR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["BHD", 3],
    ["KWD", 3],
    ["CLF", 4],
    ["XAU", null],
    ["eur", null],
    ["EU", null],
  ])("%s has %s", (code, units) => {
    expect(minorUnits(code)).toBe(units);
  });
});
