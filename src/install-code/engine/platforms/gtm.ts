import { gtmDataLayerPush } from "../data-layer-example";
import { gtmEventName } from "../event-names";
import { buildPayload, listVariables } from "../payload";
import { stubSendsOnLeave } from "../stub-delivery";
import { historyPageviews, privacyEntries } from "../privacy";
import type { ConsentMode } from "../../../pixels/conversion-rules";
import type { PixelConfig } from "../../../pixels/pixel-config";
import { gtmVariableName, readGtmVariable } from "../variable-readers";
import {
  listInWords,
  PREVIEW_NOTE,
  type PlatformEnv,
  type PlatformRenderer,
} from "./platform";

/** GTM's built-in "All Pages" trigger. */
export const ALL_PAGES_TRIGGER_ID = "2147479553";
/**
 * Fixed export metadata, so the same pixel always gives the same bytes (cacheable,
 * ETag-able). Import places the items in the user's own container; published exports
 * routinely carry placeholder account and container ids like these.
 */
const EXPORT_TIME = "2025-01-01 00:00:00";
const FINGERPRINT = "1735689600000";
const TAG_ID = "1";
const TRIGGER_ID = "2";
const FIRST_VARIABLE_ID = 3;

/**
 * Google Tag Manager: `container` (an importable export holding the Custom HTML tag, its
 * trigger and one Data Layer Variable per page variable), `tag` (the same Custom HTML,
 * to paste by hand) and `data_layer` (the push the site makes).
 */
export function createGtmPlatform(env: PlatformEnv): PlatformRenderer {
  return (input) => {
    const { config } = input;
    const consentMode = input.consentMode ?? "off";
    const event =
      config.type === "pageview"
        ? null
        : gtmEventName(config.conversion_type ?? "");
    const variables = listVariables(config);
    const tagHtml = env.templates["gtm/tag"]({
      loaderUrl: env.loaderUrl,
      stubSendsOnLeave: stubSendsOnLeave(config, consentMode),
      payload: [
        ...buildPayload(input.pixelId, config, readGtmVariable),
        ...privacyEntries(config, consentMode, false),
      ],
    });
    const tagName = `Saved Pixel - ${input.name}`;

    const container = env.templates["gtm/container"]({
      exportTime: EXPORT_TIME,
      fingerprint: FINGERPRINT,
      tag: {
        id: TAG_ID,
        name: tagName,
        html: tagHtml,
        triggerIds:
          event !== null
            ? [TRIGGER_ID]
            : historyPageviews(config)
              ? [ALL_PAGES_TRIGGER_ID, TRIGGER_ID]
              : [ALL_PAGES_TRIGGER_ID],
        notes: input.description ?? "",
        consentTypes: gtmConsentTypes(config, consentMode),
      },
      historyTrigger:
        event === null && historyPageviews(config)
          ? { id: TRIGGER_ID, name: `${tagName} - History Change` }
          : null,
      trigger:
        event === null
          ? null
          : {
              id: TRIGGER_ID,
              name: `${tagName} - ${event}`,
              eventReference: "{{_event}}",
              event,
            },
      variables: variables.map((v, i) => ({
        id: String(FIRST_VARIABLE_ID + i),
        name: gtmVariableName(v.path),
        path: v.path,
      })),
    });
    const dataLayer = env.templates["gtm/data_layer"]({
      event,
      push: gtmDataLayerPush(event, variables),
    });

    const instructions = [
      "Download the container file.",
      "In Google Tag Manager, open Admin → Import Container, choose the file and a workspace (a new workspace is safest).",
      'Choose Merge, then "Rename conflicting tags, triggers, and variables", and confirm the import.',
      event === null
        ? "The tag fires on All Pages. If it reads data layer values, push them (see the data layer code) above the Google Tag Manager snippet."
        : `Make the site push the event "${event}" (see the data layer code) when the conversion happens.`,
    ];
    if (variables.length > 0) {
      instructions.push(
        `The tag reads ${listInWords(variables.map((v) => v.path))} through Data Layer Variables; a missing value is sent as undefined.`,
      );
    }
    instructions.push(
      "Check the tag fires in Preview mode, then Submit and Publish the workspace.",
      "Without importing: create a Custom HTML tag with the tag code, a Data Layer Variable (version 2) for each {{DLV - …}} it names, and the trigger.",
    );
    if (input.pixelId === null) instructions.push(PREVIEW_NOTE);

    return {
      artifacts: [
        {
          id: "container",
          title: "Container import file",
          language: "json",
          filename: "saved-pixel-gtm-container.json",
          content: container,
        },
        {
          id: "tag",
          title: "Custom HTML tag",
          language: "html",
          filename: "saved-pixel-gtm-tag.html",
          content: tagHtml,
        },
        {
          id: "data_layer",
          title: "Data layer push",
          language: "javascript",
          filename: "saved-pixel-gtm-data-layer.js",
          content: dataLayer,
        },
      ],
      instructions,
    };
  };
}

/**
 * CONTRACT.md §10: the consent types the tag needs before GTM fires it when
 * consent_mode is not "off" (`consentSettings.consentStatus: "NEEDED"`):
 * ad_storage, and analytics_storage too for pageviews. Empty: no settings.
 */
export function gtmConsentTypes(
  config: PixelConfig,
  consentMode: ConsentMode,
): string[] {
  if (consentMode === "off") return [];
  return config.type === "pageview"
    ? ["ad_storage", "analytics_storage"]
    : ["ad_storage"];
}
