import { tealiumData } from "../data-layer-example";
import { TEALIUM_PAGE_VIEW, tealiumEventName } from "../event-names";
import { buildPayload, listVariables } from "../payload";
import { stubSendsOnLeave } from "../stub-delivery";
import { privacyEntries } from "../privacy";
import { isTealiumBuiltIn, readTealiumVariable } from "../variable-readers";
import {
  listInWords,
  PREVIEW_NOTE,
  type PlatformEnv,
  type PlatformRenderer,
} from "./platform";

/**
 * Tealium iQ: `extension` (the body of a JavaScript Code extension, run as
 * `function (a, b) { … }`), `data_layer` (the `utag.link` / `utag_data` the site sends)
 * and `variables` (a Data Layer bulk-import CSV of the variables the extension reads).
 */
export function createTealiumPlatform(env: PlatformEnv): PlatformRenderer {
  return (input) => {
    const { config } = input;
    const consentMode = input.consentMode ?? "off";
    const isPageview = config.type === "pageview";
    // Pageviews fire on every utag.view; other types on their own tealium_event only.
    const event = isPageview
      ? null
      : tealiumEventName(config.conversion_type ?? "");
    const variables = listVariables(config);

    const extension = env.templates["tealium/extension"]({
      event,
      loaderUrl: env.loaderUrl,
      stubSendsOnLeave: stubSendsOnLeave(config, consentMode),
      readsConsentManager: consentMode !== "off",
      readsVariables: variables.length > 0,
      payload: [
        ...buildPayload(input.pixelId, config, readTealiumVariable),
        ...privacyEntries(config, consentMode, false),
      ],
    });
    const dataLayer = env.templates["tealium/data_layer"]({
      isPageview,
      data: tealiumData(event ?? TEALIUM_PAGE_VIEW, variables),
    });
    const csv = env.templates["tealium/variables"]({
      variables: [
        { source: "tealium_event", description: "Saved Pixels: event name" },
        ...variables
          .filter(
            (v) => v.path !== "tealium_event" && !isTealiumBuiltIn(v.path),
          )
          .map((v) => ({
            source: v.path,
            description: `Saved Pixels: ${v.roles.join(", ")}`,
          })),
      ],
    });

    const instructions = [
      "In Tealium iQ, open Extensions → Add Extension → JavaScript Code.",
      'Set Scope to "After Load Rules" and Occurrence to "Run Always", paste the extension code and save.',
      'Open Data Layer → Add Variable ▾ → Bulk Import from CSV, paste the variables (leave "Replace All Variables" unchecked) and import.',
      event === null
        ? "The extension runs on every page view (utag.view). Put the values it reads in utag_data (see the data layer code)."
        : `Make the site call utag.link with tealium_event ${JSON.stringify(event)} (see the data layer code) when the conversion happens, or set it in utag_data on that page.`,
    ];
    if (variables.length > 0) {
      instructions.push(
        `The extension reads ${listInWords(variables.map((v) => `b["${v.path}"]`))}; a missing value is sent as undefined.`,
      );
    }
    const builtIns = variables.filter((v) => isTealiumBuiltIn(v.path));
    if (builtIns.length > 0) {
      instructions.push(
        `${listInWords(builtIns.map((v) => `b["${v.path}"]`))} ${builtIns.length === 1 ? "is a Tealium built-in" : "are Tealium built-ins"} (query string, cookie, DOM or meta tag): utag.js fills ${builtIns.length === 1 ? "it" : "them"} on every page, so ${builtIns.length === 1 ? "it is" : "they are"} neither in the variables CSV nor in the data layer code.`,
      );
    }
    instructions.push(
      "Save and publish the profile, then check the event with Tealium Tools.",
    );
    if (input.pixelId === null) instructions.push(PREVIEW_NOTE);

    return {
      artifacts: [
        {
          id: "extension",
          title: "JavaScript Code extension",
          language: "javascript",
          filename: "saved-pixel-tealium-extension.js",
          content: extension,
        },
        {
          id: "data_layer",
          title: isPageview ? "utag_data keys" : "utag.link call",
          language: "javascript",
          filename: "saved-pixel-tealium-data-layer.js",
          content: dataLayer,
        },
        {
          id: "variables",
          title: "Data layer variables (bulk import CSV)",
          language: "csv",
          filename: "saved-pixel-tealium-variables.csv",
          content: csv,
        },
      ],
      instructions,
    };
  };
}
