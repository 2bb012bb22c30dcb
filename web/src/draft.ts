import type {
  PixelConfig,
  PixelType,
  PixelValue,
  TargetPlatform,
  ValueSource,
} from "../../src/pixels/pixel-config";

/**
 * The editor's state: every control's text as typed, so nothing is lost when a
 * save fails. `toRequestBody` turns it into the API's shape.
 */
export interface PixelDraft {
  name: string;
  description: string;
  type: PixelType;
  conversion_type: string;
  target_platform: TargetPlatform;
  revenue: PixelValue;
  currency: PixelValue;
  properties: Array<{ key: string; source: ValueSource; value: string }>;
}

/** A saved pixel as the API answers it (the fields the editor reads). */
export interface SavedPixelLike {
  name: string;
  description?: string | null;
  config: PixelConfig;
  target_platform: TargetPlatform;
}

export function emptyDraft(): PixelDraft {
  return {
    name: "",
    description: "",
    type: "conversion",
    conversion_type: "purchase",
    target_platform: "javascript",
    revenue: { source: "variable", value: "" },
    currency: { source: "fixed", value: "" },
    properties: [],
  };
}

export function draftFromPixel(pixel: SavedPixelLike): PixelDraft {
  const base = emptyDraft();
  return {
    name: pixel.name,
    description: pixel.description ?? "",
    type: pixel.config.type,
    conversion_type: pixel.config.conversion_type ?? "",
    target_platform: pixel.target_platform,
    revenue: pixel.config.revenue ?? base.revenue,
    currency: pixel.config.currency ?? base.currency,
    properties: (pixel.config.properties ?? []).map((p) => ({ ...p })),
  };
}

/**
 * The create/update body. Controls that do not apply to the pixel type are
 * left out (their text stays in the draft, so switching back restores it);
 * empty optional values are left out rather than sent as "".
 */
export function toRequestBody(draft: PixelDraft): {
  name: string;
  description: string | null;
  config: PixelConfig;
  target_platform: TargetPlatform;
} {
  const config: PixelConfig = { type: draft.type };
  if (draft.type !== "pageview") config.conversion_type = draft.conversion_type;
  if (draft.type === "conversion" && draft.revenue.value !== "")
    config.revenue = { ...draft.revenue };
  if (draft.currency.value !== "") config.currency = { ...draft.currency };
  if (draft.properties.length > 0)
    config.properties = draft.properties.map((p) => ({ ...p }));
  return {
    name: draft.name,
    description: draft.description === "" ? null : draft.description,
    config,
    target_platform: draft.target_platform,
  };
}

/** Whether two drafts would save the same pixel (the "unsaved changes" test). */
export function sameDraft(a: PixelDraft, b: PixelDraft): boolean {
  return JSON.stringify(toRequestBody(a)) === JSON.stringify(toRequestBody(b));
}
