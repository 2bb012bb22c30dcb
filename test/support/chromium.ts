import { existsSync } from "node:fs";
import { createServer, Server } from "node:http";
import { chromium, Browser } from "playwright-core";
import { freePort, startTestApp, TestApp } from "./test-app";

/** Debian's Chromium, driven by playwright-core. */
export const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true") {
  throw new Error(
    `${CHROMIUM} is missing: .ci/run installs Debian's chromium package`,
  );
}

/** `describe` when Chromium is installed, else `describe.skip` (never under CI). */
export const describeInBrowser = available ? describe : describe.skip;

/** The service, a site on another origin that serves `html(url)`, and a browser. */
export interface BrowserLoop {
  app: TestApp;
  browser: Browser;
  /** `http://127.0.0.1:<port>` of the site. */
  siteOrigin: string;
  close(): Promise<void>;
}

/**
 * Starts the service (its PUBLIC_BASE_URL on its own port, with `env` added), a
 * plain site that answers every request with `html(path)` and a headless Chromium.
 */
export async function startBrowserLoop(
  html: (path: string) => string,
  env: Record<string, string> = {},
): Promise<BrowserLoop> {
  const port = await freePort();
  const app = await startTestApp(
    { ...env, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` },
    { port },
  );
  const site: Server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html(req.url ?? "/"));
  });
  await new Promise<void>((resolve) =>
    site.listen(0, "127.0.0.1", () => resolve()),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    app,
    browser,
    siteOrigin: `http://127.0.0.1:${(site.address() as { port: number }).port}`,
    async close() {
      await browser.close();
      await new Promise((resolve) => site.close(resolve));
      await app.close();
    },
  };
}
