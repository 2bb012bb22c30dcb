/**
 * The Saved Pixels tracker, served as /t.js (built by scripts/build-tracker.mjs).
 *
 * It runs on every page that carries a saved pixel, so it must never throw into
 * the host page: every entry point is wrapped in try/catch and a failure only
 * loses the event. `spx("track", payload)` builds an event (payload.ts) and sends
 * it (transport.ts); other commands are ignored for now: consent, runtime config
 * and history pageviews join `commands` below.
 *
 * CSP: no eval or inline code. A site with a policy allows the service's origin in
 * script-src (t.js), connect-src (/collect) and img-src (/collect.gif).
 */
import { BASE_URL } from "./base-url";
import { buildEvent } from "./payload";
import { takeOver, type Call } from "./queue";
import { send } from "./transport";

const commands: Record<string, (payload: unknown) => void> = {
  track: function (payload) {
    const event = buildEvent(window, payload);
    if (event) send(window, BASE_URL, event);
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
