import type { PixelConfig, PixelValue } from "../../../pixels/pixel-config";
import type { JsEntry } from "../js-layout";
import { buildPayload, listVariables } from "../payload";
import { readServerValue } from "../variable-readers";
import {
  listInWords,
  PREVIEW_NOTE,
  type PlatformEnv,
  type PlatformRenderer,
} from "./platform";

/** The environment variable both artifacts read the ingest key from. */
export const INGEST_KEY_VARIABLE = "SPX_INGEST_KEY";

/**
 * Server-side events (contract §9): `curl` (a shell command) and `node` (a
 * function around `fetch`, Node 18+) that send the pixel's payload to
 * `POST /events`. Fixed values are literals; each page variable becomes a
 * placeholder the user fills in: `"<order.total>"` in the curl body, and
 * `values["order.total"]` in the node function. Both add the browser's
 * `event_id` and `visitor_id`, so a browser and a server event are stored once.
 * The key is read from `SPX_INGEST_KEY`, never written into the code.
 */
export function createServerPlatform(env: PlatformEnv): PlatformRenderer {
  return (input) => {
    const { config } = input;
    const variables = listVariables(config);
    const node = env.templates["server/node"]({
      eventsUrl: env.eventsUrl,
      readsVariables: variables.length > 0,
      payload: [
        ...buildPayload(input.pixelId, config, readServerValue),
        ...BROWSER_IDS.map((key): JsEntry => ({
          key,
          value: { kind: "reference", code: `browser.${key}` },
        })),
      ],
    });
    const curl = env.templates["server/curl"]({
      eventsUrl: env.eventsUrl,
      body: JSON.stringify(
        { events: [curlPayload(input.pixelId, config)] },
        null,
        2,
      ),
    });

    const instructions = [
      `Create an ingest key (POST /ingest-keys) and keep it on the server only, in the environment variable ${INGEST_KEY_VARIABLE} (a secret manager or the server's environment): never in a web page, an app or a repository. Revoke it (DELETE /ingest-keys/{id}) if it leaks.`,
      "Send the event from your server when it happens (for example once the order is paid): the node function needs Node.js 18 or later (it uses fetch); the curl command runs in any POSIX shell.",
      'So that the browser and the server count the event once, give both the same event_id: pass the event_id and visitor_id that the browser pixel used to your server (for example in the order form or a cookie), and send them as "event_id" and "visitor_id". An event_id is 8-64 letters, digits, "_" or "-".',
    ];
    if (variables.length > 0) {
      instructions.push(
        `Replace the placeholders with the event's real values: ${listInWords(variables.map((v) => `${placeholder(v.path)} (${v.roles.join(", ")})`))}. In the node function they are values[${JSON.stringify(variables[0].path)}] and so on.`,
      );
    }
    instructions.push(
      'The answer lists each event as "accepted" or "rejected" with its errors; a 200 answer means the accepted events are stored.',
    );
    if (input.pixelId === null) instructions.push(PREVIEW_NOTE);

    return {
      artifacts: [
        {
          id: "curl",
          title: "curl command",
          language: "bash",
          filename: "send-saved-pixel-event.sh",
          content: curl,
        },
        {
          id: "node",
          title: "Node.js (fetch)",
          language: "javascript",
          filename: "send-saved-pixel-event.js",
          content: node,
        },
      ],
      instructions,
    };
  };
}

/** What the browser pixel knows and the server must repeat for deduplication. */
const BROWSER_IDS = ["event_id", "visitor_id"] as const;

/** How the curl body shows a value the user fills in. */
export function placeholder(name: string): string {
  return `<${name}>`;
}

/** The JSON payload of the curl body: fixed values as literals, placeholders for the rest. */
function curlPayload(
  pixelId: string | null,
  config: PixelConfig,
): Record<string, unknown> {
  const value = (v: PixelValue) =>
    v.source === "fixed" ? v.value : placeholder(v.value);
  const payload: Record<string, unknown> = {
    pixel_id: pixelId,
    type: config.type,
  };
  if (config.type !== "pageview" && config.conversion_type !== undefined)
    payload.conversion_type = config.conversion_type;
  if (config.revenue)
    payload.revenue =
      config.revenue.source === "fixed"
        ? Number(config.revenue.value)
        : placeholder(config.revenue.value);
  if (config.currency) payload.currency = value(config.currency);
  if (config.transaction_id)
    payload.transaction_id = placeholder(config.transaction_id.value);
  const properties = config.properties ?? [];
  if (properties.length > 0)
    payload.properties = Object.fromEntries(
      properties.map((p) => [p.key, value(p)]),
    );
  for (const key of BROWSER_IDS) payload[key] = placeholder(key);
  return payload;
}
