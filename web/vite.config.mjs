// The pixel builder's production build: web/ → dist/web (served by the service at /).
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    // The polyfill would be an inline script; the strict CSP forbids those and
    // every browser the builder supports has modulepreload.
    modulePreload: { polyfill: false },
    // No data: URLs: every asset is a file under the CSP's 'self'.
    assetsInlineLimit: 0,
    target: "es2022",
    reportCompressedSize: false,
  },
});
