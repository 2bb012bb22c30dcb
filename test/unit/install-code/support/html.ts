import { JSDOM } from "jsdom";

/**
 * HTML as a browser's parser sees it when the snippet is pasted into a page's body.
 * jsdom parses with parse5 (the WHATWG HTML parser); the project's Jest cannot load
 * parse5 8 itself, which ships only as an ES module. Scripting is off here, so
 * `<noscript>` content is parsed as elements, the way a browser without JavaScript
 * (the audience of the fallback image) reads it.
 */
export function parseSnippet(html: string): HTMLElement {
  return new JSDOM(
    `<!doctype html><html><head></head><body>${html}</body></html>`,
  ).window.document.body;
}

/** The text of every `<script>` element, split as the HTML parser splits them. */
export function scriptTexts(html: string): string[] {
  return Array.from(
    parseSnippet(html).querySelectorAll("script"),
    (s) => s.textContent ?? "",
  );
}
