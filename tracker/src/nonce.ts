/**
 * The page's CSP nonce (contract §10): the one on the script element that runs
 * t.js, else on the first script element that has one (the pasted stub's).
 * Browsers hide a nonce attribute's value once the page has loaded, but keep it
 * in the element's `nonce` property, which is read first. Read when t.js runs
 * (document.currentScript is only set then); "" when there is none.
 */
export function pageNonce(document: any): string {
  try {
    let script = document.currentScript;
    let nonce = script && script.nonce;
    if (!nonce) {
      script = document.querySelector("script[nonce]");
      nonce = script && script.nonce;
    }
    return nonce || "";
  } catch {
    return "";
  }
}
