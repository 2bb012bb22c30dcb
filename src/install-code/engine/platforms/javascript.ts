import { noscriptImageRequest } from "../noscript";
import { IMAGE_URL_MAX_LENGTH } from "../../../pixels/image-request";
import { buildPayload, listVariables } from "../payload";
import { stubSendsOnLeave } from "../stub-delivery";
import { privacyEntries } from "../privacy";
import { CONSENT_MODES } from "../../../pixels/conversion-rules";
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
  // `base` does not depend on the pixel but on its consent_mode: made once each.
  const bases = new Map(
    CONSENT_MODES.map((mode) => [
      mode,
      env.templates["javascript/base"]({
        loaderUrl: env.loaderUrl,
        stubSendsOnLeave: mode === "off",
        consentMode: mode === "off" ? null : mode,
      }),
    ]),
  );
  return (input) => {
    const { config } = input;
    const consentMode = input.consentMode ?? "off";
    const base = bases.get(consentMode)!;
    const variables = listVariables(config);
    // §10: basic has no <noscript> image (no consent can be asked without
    // script); advanced marks it denied (no cookie read, never attributed).
    const image = noscriptImageRequest(
      env.collectGifBase,
      input.pixelId,
      config,
      consentMode === "advanced",
    );
    const event = env.templates["javascript/event"]({
      loaderUrl: env.loaderUrl,
      stubSendsOnLeave: stubSendsOnLeave(config, consentMode),
      readsVariables: variables.length > 0,
      payload: [
        ...buildPayload(input.pixelId, config, readJavaScriptVariable),
        ...privacyEntries(config, consentMode, true),
      ],
      noscriptSrc: consentMode === "basic" ? null : image.url,
    });

    const instructions = [
      "Paste the base code into the <head> of every page of your site. Pasting it twice is harmless: it loads the tracker once.",
      config.type === "pageview"
        ? "Paste the event code into every page you want to count (for example just before </body>). It also works without the base code: it loads the tracker itself, once."
        : "Paste the event code into the page where the conversion happens (for example the order confirmation page). It also works without the base code: it loads the tracker itself, once.",
    ];
    if (variables.length > 0) {
      instructions.push(
        `The event code reads ${listInWords(variables.map((v) => globalName(v.path)))} when it runs, so set them before it. A missing value is sent as undefined and never breaks the page.`,
      );
    }
    instructions.push(
      consentMode === "basic"
        ? "There is no <noscript> image: consent_mode basic sends nothing before the page grants consent, which needs JavaScript."
        : "The <noscript> image counts visitors without JavaScript with the fixed values only: values read from page variables need JavaScript.",
    );
    if (consentMode !== "off")
      instructions.push(
        `consent_mode ${consentMode}: tell the tracker the visitor's choice with spx("consent", "default" | "update", {ad_storage, analytics_storage}) after the base code (see the README, "Consent, CSP and SPAs").`,
      );
    if (consentMode !== "basic" && image.omitted.length > 0) {
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
