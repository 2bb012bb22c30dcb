/**
 * Contract §7's runtime config: what a page's tracker may learn about a pixel at
 * run time, so that `state` and `piggyback_pixels` change without new install
 * code. Only what the page already runs: never the name, description or account.
 */
import type { PiggybackPixel, PixelState } from "./conversion-rules";

export interface RuntimeConfig {
  state: PixelState;
  piggyback_pixels: PiggybackPixel[];
}

/**
 * The answer for a pixel that does not exist, and for every inactive pixel: an
 * inactive pixel fires nothing, so its piggybacks are not needed in the page, and
 * a page cannot tell an unknown id from an inactive pixel.
 */
export const INACTIVE_RUNTIME_CONFIG: RuntimeConfig = Object.freeze({
  state: "inactive",
  piggyback_pixels: [],
}) as RuntimeConfig;

/** The runtime config of a pixel (null when there is no such pixel). */
export function runtimeConfigOf(
  pixel: { state?: PixelState; piggyback_pixels?: PiggybackPixel[] } | null,
): RuntimeConfig {
  if (!pixel || pixel.state === "inactive") return INACTIVE_RUNTIME_CONFIG;
  return {
    state: "active",
    piggyback_pixels: (pixel.piggyback_pixels ?? []).map((piggyback) => ({
      pixel_type: piggyback.pixel_type,
      url: piggyback.url,
    })),
  };
}

/**
 * The config as JSON text that is safe wherever it lands: `<`, `>`, `&`, U+2028
 * and U+2029 are escaped, so even pasted into an HTML script element a URL
 * holding `</script>` stays a string.
 */
export function runtimeConfigJson(config: RuntimeConfig): string {
  return JSON.stringify(config).replace(
    /[<>&\u2028\u2029]/g,
    (character) =>
      `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
