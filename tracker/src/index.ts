/**
 * The Saved Pixels tracker, served as /t.js (built by scripts/build-tracker.mjs).
 *
 * It runs on every page that carries a saved pixel, so it must never throw into
 * the host page: every entry point is wrapped in try/catch and a failure only
 * loses the event. `spx("track", payload)` builds an event (payload.ts) and sends
 * it (transport.ts) as consent allows (gate.ts); `spx("consent", …)` sets the
 * page's consent (consent.ts).
 *
 * CSP: no eval or inline code; the loader gives t.js the pasted script's nonce,
 * and scripts the tracker adds carry it (nonce.ts, with the piggybacks). A
 * site with a policy allows the service's origin in script-src (t.js),
 * connect-src (/collect) and img-src (/collect.gif).
 */
import { BASE_URL } from "./base-url";
import { buildEvent, type TrackedEvent } from "./payload";
import { takeOver, type Call } from "./queue";
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

function post(event: TrackedEvent): void {
  send(window, BASE_URL, event);
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

const commands: Record<string, (payload: unknown, value?: unknown) => void> = {
  track: function (payload) {
    track(payload, true);
  },
  consent: consentCommand,
};

function run(call: Call): void {
  const name = call[0];
  if (
    typeof name === "string" &&
    Object.prototype.hasOwnProperty.call(commands, name)
  )
    commands[name](call[1], call[2]);
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
