/**
 * A pixel's runtime config (contract §7; `GET {base}/pixels/{pixel_id}/config.json`,
 * src/collection/runtime-config.controller.ts): its current `state` and
 * `piggyback_pixels`, so a change to either reaches pages without new install
 * code. Fetched at most once per pixel per page, after the pixel's first event
 * was handed to the transport (so it never delays an event), and shared by every
 * later event of that pixel. The browser's HTTP cache keeps it for
 * PIXEL_CONFIG_TTL_S (the route's Cache-Control and ETag).
 *
 * Without fetch, or when the request fails or answers anything but 200 JSON, the
 * pixel has no config on this page: events are sent as always, no piggybacks fire.
 */
import type { RuntimeConfig } from "../../src/pixels/runtime-config";

/** pixel_id → the request for its config (null: none on this page). */
const requests: Record<string, any> = Object.create(null);

/** Calls `then` with the pixel's config once it has arrived, if the pixel is active. */
export function whenActive(
  window: any,
  baseUrl: string,
  pixelId: string,
  then: (config: RuntimeConfig) => void,
): void {
  let request = requests[pixelId];
  if (request === undefined) {
    try {
      request = window
        .fetch(
          baseUrl + "/pixels/" + encodeURIComponent(pixelId) + "/config.json",
          { credentials: "omit" },
        )
        .then(function (response: any) {
          return response.status === 200 ? response.json() : null;
        });
    } catch {
      request = null;
    }
    requests[pixelId] = request;
  }
  if (request)
    request.then(
      function (config: any) {
        try {
          if (config && config.state === "active") then(config);
        } catch {
          // never into the page
        }
      },
      function () {
        // no config: no piggybacks
      },
    );
}
