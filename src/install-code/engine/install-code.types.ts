import type { ConsentMode } from "../../pixels/conversion-rules";
import type { CodePlatform, PixelConfig } from "../../pixels/pixel-config";

/** What the HTTP layer hands the engine: a pixel that already passed validation. */
export interface RenderInput {
  /** `null` for an unsaved preview: the code still works and sends `pixel_id: null`. */
  pixelId: string | null;
  name: string;
  description: string | null;
  config: PixelConfig;
  platform: CodePlatform;
  /** CONTRACT.md §10: the pixel's consent_mode; absent means "off". */
  consentMode?: ConsentMode;
}

/** One file or snippet the user pastes somewhere. */
export interface Artifact {
  id: string;
  title: string;
  /** `html`, `javascript`, `json` or `csv`. */
  language: string;
  filename: string;
  content: string;
}

export interface InstallCode {
  pixel_id: string | null;
  platform: CodePlatform;
  artifacts: Artifact[];
  instructions: string[];
}

export interface InstallCodeRenderer {
  render(input: RenderInput): InstallCode;
}

export interface InstallCodeRendererOptions {
  /** Folder holding `<platform>/*.hbs` and `shared/*.hbs`. */
  templatesDir: string;
  /** Origin the generated code loads `/t.js` from and sends `/collect.gif` and `/events` to. */
  publicBaseUrl: string;
}
