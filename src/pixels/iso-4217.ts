/**
 * Active ISO 4217 currency codes (List One, as maintained by SIX, 2025 edition),
 * without the testing code XTS and the "no currency" code XXX. Kept as data here
 * rather than read from `Intl`, whose list includes withdrawn currencies and
 * varies with the ICU build Node ships.
 */
const CODES =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV " +
  "BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK " +
  "DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL " +
  "HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT " +
  "LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR " +
  "MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF " +
  "SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP " +
  "TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU " +
  "XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG";

export const ISO_4217_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set(
  CODES.split(" "),
);

export function isIso4217Code(value: string): boolean {
  return ISO_4217_CODES.has(value);
}

/**
 * ISO 4217 minor units (the "MnrUnts" column of List One, as maintained by SIX,
 * https://www.six-group.com/en/products-services/financial-information/data-standards.html,
 * 2025 edition) for the active codes whose minor unit is not 2. "N.A." there
 * (precious metals, bond-market units, SDR, SUCRE, ADB unit) is `null` here.
 * Only the exceptions are listed: the tracker bundles this table.
 */
const MINOR_UNIT_EXCEPTIONS: ReadonlyArray<[number | null, string]> = [
  [0, " BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF "],
  [3, " BHD IQD JOD KWD LYD OMR TND "],
  [4, " CLF UYW "],
  [null, " XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XUA "],
];

/**
 * The number of digits after the decimal point in amounts of `code` (ISO 4217
 * minor units): 0 for JPY, 2 for EUR, 3 for BHD; `null` for codes without one
 * (XAU…) and for anything that is not three capital letters. Any other code
 * answers 2: callers check validity with `isIso4217Code` where it matters.
 */
export function minorUnits(code: string): number | null {
  if (!/^[A-Z]{3}$/.test(code)) return null;
  for (let i = 0; i < MINOR_UNIT_EXCEPTIONS.length; i++) {
    if (MINOR_UNIT_EXCEPTIONS[i][1].indexOf(` ${code} `) >= 0)
      return MINOR_UNIT_EXCEPTIONS[i][0];
  }
  return 2;
}
