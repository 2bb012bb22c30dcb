import { JSDOM, VirtualConsole, type DOMWindow } from "jsdom";
import { plain } from "./plain";

/** Everything a test wants to know after a page ran. */
export interface PageRun {
  window: DOMWindow;
  /** `window.spx.q` copied into this realm: one argument list per queued call. */
  queue: unknown[][] | undefined;
  /** `src` of every `<script src>` in the document (the loader inserts one). */
  scriptSources: string[];
  /** Errors the page's scripts threw. */
  errors: string[];
}

/** Name of the global the hostile test strings try to set. */
export const TRAP = "__pwned";

function newConsole(errors: string[]): VirtualConsole {
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("jsdomError", (error) =>
    errors.push(String(error.message)),
  );
  return virtualConsole;
}

function finish(window: DOMWindow, errors: string[]): PageRun {
  const spx = (window as any).spx;
  return {
    window,
    queue: spx && spx.q ? (plain(spx.q) as unknown[][]) : undefined,
    scriptSources: Array.from(
      window.document.querySelectorAll("script[src]"),
      (s) => s.getAttribute("src") ?? "",
    ),
    errors,
  };
}

/**
 * Loads an HTML page in jsdom with scripts running as a browser would run them (parsed
 * from the markup, in order). jsdom fetches nothing: `<script src>` elements are only
 * inserted, never loaded. `setup` runs before parsing, to define page globals.
 */
export function runPage(
  head: string,
  body: string,
  setup?: (window: DOMWindow) => void,
): PageRun {
  const errors: string[] = [];
  const dom = new JSDOM(
    `<!doctype html><html><head>${head}</head><body>${body}</body></html>`,
    {
      runScripts: "dangerously",
      virtualConsole: newConsole(errors),
      beforeParse(window) {
        setup?.(window);
      },
    },
  );
  return finish(dom.window, errors);
}

/** An empty page whose realm the caller runs code in (GTM tags, Tealium extensions). */
export function emptyPage(): { window: DOMWindow; result: () => PageRun } {
  const errors: string[] = [];
  const dom = new JSDOM(
    "<!doctype html><html><head></head><body></body></html>",
    {
      runScripts: "outside-only",
      virtualConsole: newConsole(errors),
    },
  );
  return { window: dom.window, result: () => finish(dom.window, errors) };
}
