import type { Artifact, RenderInput } from "../install-code.types";
import type { TemplateSet } from "../templates";

/** What every platform needs besides the pixel: compiled templates and the service's URLs. */
export interface PlatformEnv {
  templates: TemplateSet;
  /** `PUBLIC_BASE_URL/t.js`. */
  loaderUrl: string;
  /** `PUBLIC_BASE_URL/collect.gif`. */
  collectGifBase: string;
  /** `PUBLIC_BASE_URL/events`, where servers send events (contract §9). */
  eventsUrl: string;
}

export interface PlatformOutput {
  artifacts: Artifact[];
  instructions: string[];
}

export type PlatformRenderer = (input: RenderInput) => PlatformOutput;

/** "a", "a and b", "a, b and c". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export const PREVIEW_NOTE =
  "This is a preview (pixel_id is null): save the pixel and copy its code again before installing it.";
