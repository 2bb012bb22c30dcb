/**
 * Single-page apps (CONTRACT.md §10): for pageview pixels whose track payload
 * says `history_pageviews: true`, the pageview is tracked again after each
 * `history.pushState`, `replaceState` and `popstate`. Which of those are new
 * pages (a new path or query; a hash change alone is not one) and which URL was
 * the previous one is decided per pixel in pageviews.ts, so a GTM History Change
 * trigger or a Tealium utag.view re-firing the tag gets the same treatment.
 */
const watchers: (() => void)[] = [];
let installed = false;

function changed(): void {
  for (let i = 0; i < watchers.length; i++) {
    try {
      watchers[i]();
    } catch {
      // never into the page
    }
  }
}

/** Calls `navigated` after each history navigation of the page from now on. */
export function watchHistory(window: any, navigated: () => void): void {
  watchers.push(navigated);
  if (installed) return;
  installed = true;
  const history = window.history;
  const wrap = function (name: string): void {
    const original = history[name];
    if (typeof original !== "function") return;
    history[name] = function (this: unknown) {
      // eslint-disable-next-line prefer-rest-params -- forwarded unchanged, in ES5
      const result = original.apply(this, arguments);
      changed();
      return result;
    };
  };
  wrap("pushState");
  wrap("replaceState");
  window.addEventListener("popstate", changed);
}
