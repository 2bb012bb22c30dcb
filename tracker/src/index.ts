/**
 * The Saved Pixels tracker, served as /t.js (built by scripts/build-tracker.mjs).
 *
 * It runs on every page that carries a saved pixel, so it must never throw into
 * the host page: every entry point is wrapped in try/catch and a failure only
 * loses the event. `spx("track", payload)` builds an event (payload.ts, with the
 * visitor id of visitor.ts) and sends it (transport.ts) as consent allows
 * (gate.ts); then, once the pixel's runtime config has arrived
 * (runtime-config.ts, fetched in parallel, once per pixel per page) and says the
 * pixel is active, fires its piggyback pixels (piggybacks.ts) where ad_storage
 * is granted. `spx("consent", …)` sets the page's consent (consent.ts), which
 * gates storage (storage.ts, touchpoint.ts) and piggybacks.
 *
 * CSP: no eval or inline code; the loader gives t.js the pasted script's nonce,
 * and scripts the tracker adds carry it (nonce.ts). A site with a policy allows
 * the service's origin in script-src (t.js), connect-src (/collect,
 * /pixels/…/config.json) and img-src (/collect.gif), and its piggybacks'
 * origins in img-src or script-src.
 */
import { BASE_URL } from "./base-url";
import { pageNonce } from "./nonce";
import { buildEvent, type TrackedEvent } from "./payload";
import { firePiggybacks } from "./piggybacks";
import { takeOver, type Call } from "./queue";
import { whenActive } from "./runtime-config";
import { send } from "./transport";
// Consent, CSP, single-page apps and touchpoints (CONTRACT.md §8, §10).
import {
  consentCommand,
  initConsent,
  onConsentChange,
  requireConsent,
} from "./consent";
import { deliver, watchConsent } from "./gate";
import { watchHistory } from "./history";
import { newPage } from "./pageviews";
import { keepLanding, readLanding } from "./touchpoint";
import { read } from "./values";

const nonce = pageNonce(document);

function post(event: TrackedEvent): void {
  send(window, BASE_URL, event);
  // §10: an event sent without consent (advanced mode) fires no piggybacks.
  if (event.consent === "denied") return;
  whenActive(window, BASE_URL, event.pixel_id, function (config) {
    firePiggybacks(window, config.piggyback_pixels, event, nonce);
  });
}
function track(payload: unknown, watch: boolean): void {
  const event = buildEvent(window, payload);
  if (!event) return;
  // true: the tracker watches history; "trigger": a tag manager re-fires the tag.
  const history = read(payload, "history_pageviews");
  if ((history === true || history === "trigger") && !newPage(event)) return;
  const mode = read(payload, "consent_mode");
  requireConsent(mode);
  deliver(window, event, mode, post);
  if (watch && event.type === "pageview" && history === true)
    watchHistory(window, function () {
      track(payload, false);
    });
}

// No prototype: a name such as "toString" or "__proto__" finds no command.
const commands: Record<string, (payload: unknown, value?: unknown) => void> =
  Object.create(null);
commands.track = function (payload) {
  track(payload, true);
};
commands.consent = consentCommand;

function run(call: Call): void {
  const command = commands[call[0] as string];
  if (command) command(call[1], call[2]);
}

try {
  initConsent(window);
  readLanding(window);
  watchConsent(window, post);
  onConsentChange(function () {
    keepLanding(window);
  });
  takeOver(window, run);
  keepLanding(window);
} catch {
  // never into the page
}
