import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import xml from "highlight.js/lib/languages/xml";

// Only the languages artifacts come in (html, javascript, json, bash); csv stays plain.
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("json", json);
hljs.registerLanguage("xml", xml);

const LANGUAGE: Record<string, string> = {
  bash: "bash",
  html: "xml",
  javascript: "javascript",
  json: "json",
};

/**
 * Highlighted HTML for a code artifact. highlight.js escapes the source (every
 * `<`, `&` and quote of a saved value becomes an entity), so the result is
 * markup of its own spans only; unknown languages come back escaped, unstyled.
 */
export function highlightCode(code: string, language: string): string {
  const name = LANGUAGE[language];
  if (name) return hljs.highlight(code, { language: name }).value;
  return code
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
