import { existsSync } from "node:fs";
import { createServer, Server } from "node:http";
import { chromium, Browser } from "playwright-core";
import { freePort, request, startTestApp, TestApp } from "./test-app";

/** Debian's Chromium, driven by playwright-core. */
export const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true") {
  throw new Error(
    `${CHROMIUM} is missing: .ci/run installs Debian's chromium package`,
  );
}

/** Headless Chromium's command line in tests: no sandbox (containers), nothing in the background. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

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
    args: CHROMIUM_ARGS,
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

/** A stored event as `GET /saved-pixels/{id}/events` shows it. */
export interface StoredEvent {
  event_id: string;
  [field: string]: any;
}

/** A saved pixel and the account and token that reach it. */
export interface PixelRef {
  account: string;
  id: string;
  token: string;
}

/**
 * The stored events of a pixel once at least `count` arrived, or what there is
 * after `timeoutMs` (so a test asserting the count sees what went wrong).
 * `count` 0 lists them as they are now.
 */
export async function waitForEvents(
  t: TestApp,
  pixel: PixelRef,
  count: number,
  timeoutMs = 10_000,
): Promise<StoredEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${pixel.id}/events?account_id=${pixel.account}`,
      { token: pixel.token },
    );
    expect(response.status).toBe(200);
    if (response.body.data.length >= count || Date.now() > deadline)
      return response.body.data;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A pixel in an account of its own, created over the API as a user would (not checked). */
export async function createPixel(
  t: TestApp,
  prefix: string,
  body: (account: string) => Record<string, unknown>,
) {
  const account = t.account(prefix);
  const token = t.token(account);
  const created = await request(
    t.baseUrl,
    "POST",
    `/saved-pixels?account_id=${account}`,
    { token, json: body(account) },
  );
  return { account, token, created };
}

/** A saved pixel's install code for `platform` (expecting 200): its artifacts' content by id (`base`, `event`, …). */
export async function installCode(
  t: TestApp,
  pixel: PixelRef,
  platform = "javascript",
): Promise<(name: string) => string> {
  const code = await request(
    t.baseUrl,
    "GET",
    `/saved-pixels/${pixel.id}/code?account_id=${pixel.account}&platform=${platform}`,
    { token: pixel.token },
  );
  expect(code.status).toBe(200);
  const artifacts: { id: string; content: string }[] = code.body.data.artifacts;
  return (name) => artifacts.find((a) => a.id === name)!.content;
}

/**
 * Creates a pixel (createPixel, expecting 201) and answers it with its install
 * code's artifacts by id (`base`, `event`, …).
 */
export async function pixelWithCode(
  t: TestApp,
  prefix: string,
  json: Record<string, unknown>,
  platform = "javascript",
): Promise<PixelRef & { artifact: (name: string) => string }> {
  const { account, token, created } = await createPixel(t, prefix, () => json);
  expect(created.status).toBe(201);
  const pixel: PixelRef = { account, token, id: created.body.data.id };
  return { ...pixel, artifact: await installCode(t, pixel, platform) };
}
