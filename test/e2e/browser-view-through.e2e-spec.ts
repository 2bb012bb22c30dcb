import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Browser, BrowserContext, chromium } from "playwright-core";
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  describeInBrowser,
  pixelWithCode,
  waitForEvents,
} from "../support/chromium";
import {
  freePort,
  pixelBody,
  startTestApp,
  TestApp,
} from "../support/test-app";

/**
 * Contract §8 view-through in a real browser, across three sites as in real
 * life: an ad creative on a publisher's page loads the impression pixel
 * `/v.gif` from the service, and later the shop's thank-you page (another
 * site) runs the pasted install code, whose `/collect` beacon carries the
 * service's `spx_views` cookie — a third-party cookie on both pages.
 *
 * Sites: `publisher.test` and `shop.test` (Chromium maps `*.test` to
 * 127.0.0.1) and the service on `http://localhost`: localhost is a
 * potentially trustworthy origin, so Chromium keeps the cookie's `Secure`
 * attribute over plain http, and it is a different site from both pages, so
 * the cookie really is third-party (an IP-address service would share the
 * site 127.0.0.1 with pages served from it, whatever the port).
 *
 * Third-party cookies: this Chromium (156) blocks them in a fresh profile and
 * in Playwright's incognito-like contexts, so view-through is tested in a
 * profile whose user allowed them (Settings → "Allow third-party cookies",
 * the `profile.cookie_controls_mode` preference 0), and a fresh context shows
 * what happens otherwise: no cookie, no view, the conversion unattributed.
 */
const ARGS = [
  ...CHROMIUM_ARGS,
  "--host-resolver-rules=MAP *.test 127.0.0.1, MAP localhost 127.0.0.1",
];
describeInBrowser("view-through across sites (Chromium)", () => {
  let t: TestApp;
  let browser: Browser;
  let site: Server;
  let sitePort = 0;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp(
      { PUBLIC_BASE_URL: `http://localhost:${port}` },
      { port },
    );
    // One server plays both sites; the Host header says which.
    site = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      const page = pages.get(`${req.headers.host?.split(":")[0]}${path}`);
      res.writeHead(page ? 200 : 404, {
        "content-type": "text/html; charset=utf-8",
      });
      res.end(page ?? "not found");
    });
    await new Promise<void>((resolve) =>
      site.listen(0, "127.0.0.1", () => resolve()),
    );
    sitePort = (site.address() as AddressInfo).port;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
  });

  const profiles: string[] = [];
  afterAll(() => {
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  });

  /** A browser profile whose user allowed third-party cookies. */
  async function allowingThirdPartyCookies(): Promise<BrowserContext> {
    const dir = mkdtempSync(join(tmpdir(), "spx-chromium-"));
    profiles.push(dir);
    mkdirSync(join(dir, "Default"));
    writeFileSync(
      join(dir, "Default", "Preferences"),
      JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
    );
    return chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
  }

  const url = (host: string, path: string) =>
    `http://${host}:${sitePort}${path}`;

  /** A hybrid purchase pixel with view and click values, and the shop's pages using its code. */
  async function shop(prefix: string) {
    const pixel = await pixelWithCode(
      t,
      prefix,
      pixelBody({
        trigger_type: "hybrid",
        post_click_expire_mins: 60,
        post_view_expire_mins: 30,
        post_click_value: 5,
        post_view_value: 2,
      }),
    );
    const base = pixel.artifact("base");
    pages.set(
      `shop.test/${prefix}/landing`,
      `<!doctype html><html><head>${base}</head><body>Shop</body></html>`,
    );
    // No order_total on the page: the conversion has no revenue, so its value
    // is the touchpoint's post_*_value.
    pages.set(
      `shop.test/${prefix}/thanks`,
      `<!doctype html><html><head>${base}</head><body>Thanks${pixel.artifact("event")}</body></html>`,
    );
    return pixel;
  }

  /** The publisher's page with an ad creative's impression pixel for `account`. */
  function adPage(prefix: string, account: string, campaign: string): string {
    const path = `/${prefix}/article`;
    pages.set(
      `publisher.test${path}`,
      `<!doctype html><html><body>News<img id="ad" width="1" height="1" alt="" src="${t.baseUrl.replace("127.0.0.1", "localhost")}/v.gif?account_id=${account}&campaign=${campaign}&source=dsp1"></body></html>`,
    );
    return url("publisher.test", path);
  }

  async function seeAd(context: BrowserContext, at: string) {
    const tab = await context.newPage();
    await tab.goto(at);
    await tab.waitForFunction(() => {
      const image = document.getElementById("ad") as HTMLImageElement;
      return image.complete && image.naturalWidth === 1;
    });
    await tab.close();
  }

  it("an impression on a publisher's page, then a conversion on the shop, credits the view with post_view_value", async () => {
    const pixel = await shop("view");
    const context = await allowingThirdPartyCookies();
    await seeAd(context, adPage("view", pixel.account, "summer_banner"));
    // The cookie the impression set, on the service's own domain.
    const cookies = await context.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({
        name: "spx_views",
        domain: "localhost",
        secure: true,
        httpOnly: true,
        sameSite: "None",
      }),
    ]);

    const tab = await context.newPage();
    await tab.goto(url("shop.test", "/view/thanks"));
    const [event] = await waitForEvents(t, pixel, 1);
    expect(event).toMatchObject({
      type: "conversion",
      page_url: url("shop.test", "/view/thanks"),
      attribution: {
        touchpoint: "view",
        campaign: "summer_banner",
        source: "dsp1",
      },
      value: 2,
    });
    expect(event.revenue ?? null).toBeNull();
    await context.close();
  });

  it("a click within the window beats the view (hybrid): post_click_value", async () => {
    const pixel = await shop("click");
    const context = await allowingThirdPartyCookies();
    await seeAd(context, adPage("click", pixel.account, "summer_banner"));
    // Both touchpoints exist: the view cookie and, below, a click.
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual([
      "spx_views",
    ]);
    const tab = await context.newPage();
    await tab.goto(
      url("shop.test", "/click/landing?utm_campaign=spring&utm_source=news"),
    );
    await tab.waitForFunction(
      () => (window as any).spx && (window as any).spx.loaded === true,
    );
    await tab.goto(url("shop.test", "/click/thanks"));
    const [event] = await waitForEvents(t, pixel, 1);
    expect(event).toMatchObject({
      type: "conversion",
      attribution: { touchpoint: "click", campaign: "spring", source: "news" },
      value: 5,
    });
    await context.close();
  });

  it("where third-party cookies are blocked (this Chromium's default), the view is lost: not attributed", async () => {
    const pixel = await shop("blocked");
    const context = await browser.newContext();
    await seeAd(context, adPage("blocked", pixel.account, "summer_banner"));
    expect(await context.cookies()).toEqual([]);
    const tab = await context.newPage();
    await tab.goto(url("shop.test", "/blocked/thanks"));
    const [event] = await waitForEvents(t, pixel, 1);
    expect(event).toMatchObject({ attribution: null, value: null });
    await context.close();
  });
});
