/**
 * CSP nonces (CONTRACT.md §10): the loader copies its own script's nonce to the
 * t.js element, and every script the tracker adds gets the same one, so a page
 * with `script-src 'nonce-N'` (no unsafe-inline) runs them. Browsers hide the
 * `nonce` attribute from getAttribute; the `nonce` property keeps it.
 */
let nonce = "";

/** Remembers the nonce t.js itself was loaded with. */
export function readNonce(document: any): void {
  try {
    nonce = (document.currentScript && document.currentScript.nonce) || "";
  } catch {
    nonce = "";
  }
}

/** Adds an async script for `src` carrying the page's nonce. */
export function addScript(document: any, src: string): void {
  const script = document.createElement("script");
  script.async = true;
  if (nonce) script.nonce = nonce;
  script.src = src;
  document.head.appendChild(script);
}
