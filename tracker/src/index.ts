/**
 * The Saved Pixels tracker, served as /t.js (built by scripts/build-tracker.mjs).
 *
 * It runs on every page that carries a saved pixel, so it must never throw into
 * the host page: every entry point is wrapped in try/catch and a failure only
 * loses the event. `spx("track", payload)` builds an event (payload.ts, with the
 * visitor id of visitor.ts), sends it (transport.ts), and then, once the pixel's
 * runtime config has arrived (runtime-config.ts, fetched in parallel, once per
 * pixel per page) and says the pixel is active, fires its piggyback pixels
 * (piggybacks.ts). Other commands are ignored for now: consent and history
 * pageviews join `commands` below. Storage and piggybacks each pass one consent
 * hook: storageAllowed() in storage.ts, adsAllowed() in piggybacks.ts.
 *
 * CSP: no eval or inline code; scripts it adds carry the page's nonce (nonce.ts).
 * A site with a policy allows the service's origin in script-src (t.js),
 * connect-src (/collect, /pixels/…/config.json) and img-src (/collect.gif), and
 * its piggybacks' origins in img-src or script-src.
 */
import { BASE_URL } from "./base-url";
import { pageNonce } from "./nonce";
import { buildEvent } from "./payload";
import { firePiggybacks } from "./piggybacks";
import { takeOver, type Call } from "./queue";
import { whenActive } from "./runtime-config";
import { send } from "./transport";

const nonce = pageNonce(document);

const commands: Record<string, (payload: unknown) => void> = {
  track: function (payload) {
    const event = buildEvent(window, payload);
    if (!event) return;
    send(window, BASE_URL, event);
    whenActive(window, BASE_URL, event.pixel_id, function (config) {
      firePiggybacks(window, config.piggyback_pixels, event, nonce);
    });
  },
};

function run(call: Call): void {
  const name = call[0];
  if (
    typeof name === "string" &&
    Object.prototype.hasOwnProperty.call(commands, name)
  )
    commands[name](call[1]);
}

try {
  takeOver(window, run);
} catch {
  // never into the page
}
