import type { PixelConfig, TargetPlatform } from "./pixel-config";

/**
 * The one set of example values (the seed's "Purchase conversion" pixel), used by
 * the OpenAPI examples of the controllers and DTOs and by the install-code
 * engine's warm-up, so the documented example is one the engine is known to render.
 */
export const EXAMPLE_PIXEL_ID = "pix_a1b2c3d4e5f6";
export const EXAMPLE_NAME = "Purchase conversion";
export const EXAMPLE_DESCRIPTION = "Standard purchase tracking";
export const EXAMPLE_ACCOUNT_ID = "acme";
/** Timestamps as the API shows them: to the second, in UTC. */
export const EXAMPLE_TIMESTAMP = "2025-01-05T10:00:00Z";

export const EXAMPLE_CONFIG: PixelConfig = {
  type: "conversion",
  conversion_type: "purchase",
  revenue: { source: "variable", value: "order_total" },
  currency: { source: "fixed", value: "EUR" },
  properties: [{ key: "sku", source: "variable", value: "product_sku" }],
};

/** A create request (`POST /saved-pixels`). */
export const EXAMPLE_CREATE_INPUT = {
  name: EXAMPLE_NAME,
  description: EXAMPLE_DESCRIPTION,
  config: EXAMPLE_CONFIG,
  target_platform: "javascript" as TargetPlatform,
};

/** A preview request (`POST /saved-pixels/preview`). */
export const EXAMPLE_PREVIEW_INPUT = {
  name: EXAMPLE_NAME,
  config: EXAMPLE_CONFIG,
  target_platform: "gtm" as TargetPlatform,
};
