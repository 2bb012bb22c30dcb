/**
 * The service's origin. The server replaces the literal below with
 * JSON.stringify(PUBLIC_BASE_URL) when it loads the built file
 * (src/collection/tracker-asset.ts); the method call keeps minifiers from
 * folding the placeholder into other strings.
 */
export const BASE_URL = "__SPX_BASE_URL__".replace(/\/+$/, "");
