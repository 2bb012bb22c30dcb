import { noscriptImageRequest } from "../noscript";
import { IMAGE_URL_MAX_LENGTH } from "../../../pixels/image-request";
import { buildPayload, listVariables } from "../payload";
import { stubSendsOnLeave } from "../stub-delivery";
import { readJavaScriptVariable } from "../variable-readers";
import {
  listInWords,
  PREVIEW_NOTE,
  type PlatformEnv,
  type PlatformRenderer,
} from "./platform";

/**
 * Plain JavaScript: `base` (the `spx` stub and the tracker loader, the same for every
 * pixel) goes on every page; `event` (the track call and its `<noscript>` image) goes
 * where the event happens. Both are HTML so they paste straight into a page.
 */
export function createJavaScriptPlatform(env: PlatformEnv): PlatformRenderer {
  // `base` does not depend on the pixel but on its delivery: both are made once.
  const bases = [false, true].map((sends) =>
    env.templates["javascript/base"]({
      loaderUrl: env.loaderUrl,
      stubSendsOnLeave: sends,
    }),
  );
  return (input) => {
    const { config } = input;
    const base = bases[stubSendsOnLeave(config) ? 1 : 0];
    const variables = listVariables(config);
    const image = noscriptImageRequest(
      env.collectGifBase,
      input.pixelId,
      config,
    );
    const event = env.templates["javascript/event"]({
      readsVariables: variables.length > 0,
      payload: buildPayload(input.pixelId, config, readJavaScriptVariable),
      noscriptSrc: image.url,
    });

    const instructions = [
      "Paste the base code into the <head> of every page of your site. Pasting it twice is harmless: it loads the tracker once.",
      config.type === "pageview"
        ? "Paste the event code into every page you want to count, after the base code (for example just before </body>)."
        : "Paste the event code into the page where the conversion happens (for example the order confirmation page), after the base code.",
    ];
    if (variables.length > 0) {
      instructions.push(
        `The event code reads ${listInWords(variables.map((v) => globalName(v.path)))} when it runs, so set them before it. A missing value is sent as undefined and never breaks the page.`,
      );
    }
    instructions.push(
      "The <noscript> image counts visitors without JavaScript with the fixed values only: values read from page variables need JavaScript.",
    );
    if (image.omitted.length > 0) {
      instructions.push(
        `The <noscript> image leaves out ${listInWords(image.omitted.map((key) => `"${key}"`))}: its address would be longer than ${IMAGE_URL_MAX_LENGTH.toLocaleString("en-US")} characters, more than some proxies pass on. Events it sends carry a warning naming them; visitors with JavaScript send every value.`,
      );
    }
    if (input.pixelId === null) instructions.push(PREVIEW_NOTE);

    return {
      artifacts: [
        {
          id: "base",
          title: "Base code (every page)",
          language: "html",
          filename: "saved-pixel-base.html",
          content: base,
        },
        {
          id: "event",
          title: "Event code",
          language: "html",
          filename: "saved-pixel-event.html",
          content: event,
        },
      ],
      instructions,
    };
  };
}

/** How a page developer writes the global a path reads: `window.items[0].price`. */
function globalName(path: string): string {
  return (
    "window" +
    path
      .split(".")
      .map((segment) =>
        /^[0-9]/.test(segment) ? `[${segment}]` : `.${segment}`,
      )
      .join("")
  );
}
