/**
 * The saved pixel's configuration as stored and as the install-code engine reads it.
 * These are plain types: validation lives in the DTOs (`dto/`) and the shared rules
 * in `pixel-rules.ts`, so the engine can trust every value it is handed.
 */
export const PIXEL_TYPES = [
  "pageview",
  "conversion",
  "microconversion",
] as const;
export type PixelType = (typeof PIXEL_TYPES)[number];

export const VALUE_SOURCES = ["fixed", "variable"] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

export const TARGET_PLATFORMS = ["javascript", "gtm", "tealium"] as const;
export type TargetPlatform = (typeof TARGET_PLATFORMS)[number];

/**
 * Platforms the code route renders: a saved pixel's targets, plus `server`
 * (contract §9: `POST /events` from the site's server, never a pixel's target).
 */
export const CODE_PLATFORMS = [...TARGET_PLATFORMS, "server"] as const;
export type CodePlatform = (typeof CODE_PLATFORMS)[number];

export interface PixelValue {
  source: ValueSource;
  value: string;
}

/** A value read from the page when the code runs: never a literal (contract §7's `transaction_id`). */
export interface VariableValue extends PixelValue {
  source: "variable";
}

export interface PixelProperty extends PixelValue {
  key: string;
}

export interface PixelConfig {
  type: PixelType;
  conversion_type?: string;
  revenue?: PixelValue;
  currency?: PixelValue;
  /**
   * §7: the order id, always a page variable (`source: "variable"`); conversions
   * and microconversions only. Sent as `transaction_id`; the collector counts a
   * (pixel, transaction_id) once.
   */
  transaction_id?: VariableValue;
  properties?: PixelProperty[];
  /**
   * §10, pageviews only: also a pageview per single-page-app navigation
   * (tracker/src/history.ts). Absent means false.
   */
  history_pageviews?: boolean;
}
