/**
 * Taking over `window.spx` from the stub the install code defines.
 *
 * The stub pushes each call's argument list onto `window.spx.q`. The tracker
 * replaces the stub with the real command function once (a second copy of t.js
 * sees `spx.__spxTracker === true` and does nothing; the stub must not set it),
 * replays `spx.q` in order, and keeps `spx.q.push` working for stubs that kept a
 * reference to the old queue: after the take-over a push runs the command at once.
 *
 * A track call the stub already handed to sendBeacon when the page was hidden
 * (see templates/shared/loader.hbs) is not sent again: today's stub counts the
 * calls it sent in `spx.q.n` (they are the first ones); the stub of earlier
 * install code, still pasted on sites, marks each with `SENT_BY_STUB`.
 */

import { isArray } from "./values";

/** The mark the stub sets on a queued call's argument list once it beaconed it. */
export const SENT_BY_STUB = "sent";

/** One queued call: the arguments of `spx(...)`. */
export type Call = ArrayLike<unknown> & { [SENT_BY_STUB]?: unknown };

/**
 * Installs `spx` on `window`, replays the stub's queue through `run` (skipping
 * calls the stub sent) and answers false when another tracker already runs.
 */
export function takeOver(window: any, run: (call: Call) => void): boolean {
  const old = window.spx;
  if (old && old.__spxTracker === true) return false;
  let queue: Call[] = [];
  const oldQueue = old && (isArray(old) ? old : old.q);
  if (isArray(oldQueue)) queue = oldQueue as Call[];
  /** `sent`: the stub beaconed this call, if it is a track call. */
  const replay = function (call: Call, sent?: boolean): void {
    try {
      if (call && !call[SENT_BY_STUB] && !(sent && call[0] === "track"))
        run(call);
    } catch {
      // never into the page
    }
  };
  const spx: any = function () {
    try {
      // eslint-disable-next-line prefer-rest-params -- rest parameters need helpers in ES5, and the queue keeps the arguments object the stub pushes
      queue.push(arguments);
    } catch {
      // never into the page
    }
  };
  spx.q = queue;
  spx.loaded = true;
  spx.version = "1";
  spx.__spxTracker = true;
  window.spx = spx;
  const sent = (queue as { n?: unknown }).n as number;
  // Calls made while draining (a getter calling spx) join the end of the queue.
  for (let i = 0; i < queue.length; i++) replay(queue[i], i < sent);
  queue.length = 0;
  queue.push = function (call: Call): number {
    replay(call);
    return 0;
  };
  return true;
}
