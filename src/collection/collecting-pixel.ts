import { attributionRules } from "../pixels/attribution";
import { storedConversionRules } from "../pixels/conversion-rules";
import { PixelConfig } from "../pixels/pixel-config";
import type { CollectingPixel } from "./collected-event";

/** A saved pixel's columns that collecting an event needs. */
export interface CollectingPixelColumns {
  id: string;
  /** The config's JSON. */
  config: string;
  state: string | null;
  /** The §7 rules' JSON. */
  conversion_rules: string | null;
  /** The owner's account: the view cookie's views are kept per account (§8). */
  account_id: string;
}

/**
 * The pixel as both collection paths (`/collect` and `POST /events`) see it:
 * config, §7 rules (state, repeat rule, piggybacks) and §8 attribution rules;
 * never its name, and its account only to pick the account's view (§8). One function, so a browser event and a server event for the same
 * pixel are normalised and counted alike.
 */
export function collectingPixel(row: CollectingPixelColumns): CollectingPixel {
  const config = JSON.parse(row.config) as PixelConfig;
  const rules = storedConversionRules(
    row.state,
    row.conversion_rules,
    config.type,
    config.conversion_type,
  );
  return {
    id: row.id,
    config,
    state: rules.state,
    min_minutes_per_conv: rules.min_minutes_per_conv,
    piggyback_pixels: rules.piggyback_pixels,
    account_id: row.account_id,
    attribution_rules: attributionRules(rules),
  };
}
