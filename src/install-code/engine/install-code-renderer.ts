import type { CodePlatform } from "../../pixels/pixel-config";
import type {
  InstallCode,
  InstallCodeRenderer,
  InstallCodeRendererOptions,
  RenderInput,
} from "./install-code.types";
import { createGtmPlatform } from "./platforms/gtm";
import { createJavaScriptPlatform } from "./platforms/javascript";
import type { PlatformEnv, PlatformRenderer } from "./platforms/platform";
import { createServerPlatform } from "./platforms/server";
import { createTealiumPlatform } from "./platforms/tealium";
import { loadTemplates } from "./templates";
import {
  EXAMPLE_CONFIG,
  EXAMPLE_DESCRIPTION,
  EXAMPLE_NAME,
} from "../../pixels/examples";

/**
 * Reads and compiles the templates once; `render` is then a cheap, synchronous,
 * deterministic function of its input (same input, same bytes).
 */
export function createInstallCodeRenderer(
  options: InstallCodeRendererOptions,
): InstallCodeRenderer {
  const env: PlatformEnv = {
    templates: loadTemplates(options.templatesDir),
    ...serviceUrls(options.publicBaseUrl),
  };
  const platforms: Record<CodePlatform, PlatformRenderer> = {
    javascript: createJavaScriptPlatform(env),
    gtm: createGtmPlatform(env),
    tealium: createTealiumPlatform(env),
    server: createServerPlatform(env),
  };
  const render = (input: RenderInput): InstallCode => {
    const platform = platforms[input.platform];
    if (platform === undefined)
      throw new RangeError(`unknown platform: ${input.platform}`);
    return {
      pixel_id: input.pixelId,
      platform: input.platform,
      ...platform(input),
    };
  };
  // Handlebars compiles on first use: do it now, so a broken template fails at start-up.
  for (const platform of Object.keys(platforms) as CodePlatform[]) {
    render({ ...WARM_UP, platform });
  }
  return { render };
}

const WARM_UP: Omit<RenderInput, "platform"> = {
  pixelId: null,
  name: EXAMPLE_NAME,
  description: EXAMPLE_DESCRIPTION,
  config: EXAMPLE_CONFIG,
};

/** The tracker and collector URLs under PUBLIC_BASE_URL, which must be an http(s) origin. */
function serviceUrls(
  publicBaseUrl: string,
): Pick<PlatformEnv, "loaderUrl" | "collectGifBase" | "eventsUrl"> {
  let url: URL;
  try {
    url = new URL(publicBaseUrl);
  } catch {
    throw new TypeError(`publicBaseUrl is not a URL: ${publicBaseUrl}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`publicBaseUrl must be http(s): ${publicBaseUrl}`);
  }
  if (
    url.search !== "" ||
    url.hash !== "" ||
    url.username !== "" ||
    url.password !== ""
  ) {
    throw new TypeError(
      `publicBaseUrl must be a plain base URL: ${publicBaseUrl}`,
    );
  }
  const base = url.href.replace(/\/+$/, "");
  return {
    loaderUrl: `${base}/t.js`,
    collectGifBase: `${base}/collect.gif`,
    eventsUrl: `${base}/events`,
  };
}
