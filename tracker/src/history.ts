/**
 * Single-page apps (CONTRACT.md §10): for pageview pixels whose track payload
 * says `history_pageviews: true`, one more pageview for each `history.pushState`,
 * `replaceState` and `popstate` that lands on a new path or query (a hash change
 * alone is not a page), once per distinct URL in a row, with `page_url` the new
 * URL and `referrer` the previous one.
 */
type Pageview = (url: string, referrer: string) => void;

let watchers: Pageview[] = [];
let current = "";
let currentHref = "";
let installed = false;

function page(window: any): string {
  return String(window.location.href).split("#")[0];
}

function check(window: any): void {
  const next = page(window);
  if (next === current) return;
  const previous = currentHref;
  current = next;
  currentHref = String(window.location.href);
  for (let i = 0; i < watchers.length; i++) {
    try {
      watchers[i](currentHref, previous);
    } catch {
      // never into the page
    }
  }
}

/** Calls `pageview` on each new page of a single-page app from now on. */
export function watchHistory(window: any, pageview: Pageview): void {
  watchers.push(pageview);
  if (installed) return;
  installed = true;
  current = page(window);
  currentHref = String(window.location.href);
  const history = window.history;
  const wrap = function (name: string): void {
    const original = history[name];
    if (typeof original !== "function") return;
    history[name] = function (this: unknown) {
      // eslint-disable-next-line prefer-rest-params -- forwarded unchanged, in ES5
      const result = original.apply(this, arguments);
      try {
        check(window);
      } catch {
        // never into the page
      }
      return result;
    };
  };
  wrap("pushState");
  wrap("replaceState");
  window.addEventListener("popstate", function () {
    check(window);
  });
}

/** Forgets every watcher (unit tests). */
export function resetHistory(): void {
  watchers = [];
  installed = false;
}
