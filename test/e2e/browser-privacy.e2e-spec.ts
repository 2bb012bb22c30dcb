import { Browser, BrowserContext, Page } from "playwright-core";
import {
  describeInBrowser,
  pixelWithCode,
  startBrowserLoop,
  waitForEvents,
} from "../support/chromium";
import { request, TestApp } from "../support/test-app";

/**
 * CONTRACT.md §10 (issue #13) in a real browser: consent modes, Global Privacy
 * Control, a strict nonce-based CSP, single-page-app pageviews, the standalone
 * `event` artifact, unload-safe delivery, and the §8 click touchpoint.
 *
 * What the page sends is read off the wire (`/collect` request bodies), what
 * the service kept through the API, and what the page stored from the page.
 */
type Sent = Record<string, any>;
const NONCE = "r4nd0mN0nce";

describeInBrowser("privacy and delivery in the page (Chromium)", () => {
  let t: TestApp;
  let browser: Browser;
  let close: () => Promise<void>;
  let siteOrigin = "";
  const pages = new Map<string, string>();

  beforeAll(async () => {
    const loop = await startBrowserLoop(
      (path) => pages.get(path.split("?")[0]) ?? "<p>other</p>",
    );
    ({ app: t, browser, siteOrigin, close } = loop);
  });

  afterAll(async () => {
    await close?.();
  });

  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  /** A saved pixel named `prefix` in an account of its own, with its JavaScript code. */
  const pixel = async (prefix: string, body: Record<string, unknown>) => {
    const saved = await pixelWithCode(t, prefix, { name: prefix, ...body });
    return {
      ...saved,
      base: saved.artifact("base"),
      event: saved.artifact("event"),
    };
  };

  const purchase = (consent_mode: string) =>
    pixel(`pur-${consent_mode}`, {
      config: {
        type: "conversion",
        conversion_type: "purchase",
        revenue: { source: "fixed", value: "10" },
        currency: { source: "fixed", value: "EUR" },
      },
      consent_mode,
    });

  function html(...parts: string[]): string {
    return `<!doctype html><html><head><title>t</title></head><body>${parts.join("\n")}</body></html>`;
  }

  /** A fresh context and tab that records every /collect body and /t.js request. */
  async function open(init?: string): Promise<{
    tab: Page;
    sent: Sent[];
    trackerLoads: () => number;
  }> {
    const context = await browser.newContext();
    contexts.push(context);
    if (init) await context.addInitScript(init);
    const tab = await context.newPage();
    const sent: Sent[] = [];
    let loads = 0;
    tab.on("request", (req) => {
      const url = req.url();
      if (url.endsWith("/t.js")) loads++;
      if (url.startsWith(t.baseUrl + "/collect") && req.method() === "POST")
        sent.push(JSON.parse(req.postData() ?? "null"));
    });
    return { tab, sent, trackerLoads: () => loads };
  }

  async function trackerReady(tab: Page): Promise<void> {
    await tab.waitForFunction(
      () => (window as any).spx && (window as any).spx.loaded === true,
      undefined,
      { timeout: 10_000 },
    );
  }

  async function storage(tab: Page): Promise<{ cookie: string; keys: number }> {
    return tab.evaluate(() => ({
      cookie: document.cookie,
      keys: localStorage.length + sessionStorage.length,
    }));
  }

  const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

  const stored = (account: string, token: string, id: string, n: number) =>
    waitForEvents(t, { account, id, token }, n);

  it("basic: a conversion waits in the page, nothing is stored, and goes once ad_storage is granted", async () => {
    const { base, event } = await purchase("basic");
    pages.set("/basic-grant", html(base, event));
    const { tab, sent } = await open();
    await tab.goto(`${siteOrigin}/basic-grant?utm_campaign=spring`);
    await trackerReady(tab);
    await settle();
    expect(sent).toEqual([]);
    expect(await storage(tab)).toEqual({ cookie: "", keys: 0 });
    await tab.evaluate(() =>
      (window as any).spx("consent", "update", {
        ad_storage: "granted",
        analytics_storage: "granted",
      }),
    );
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: "conversion", revenue: 10 });
    expect(sent[0]).not.toHaveProperty("consent");
    expect(sent[0]).not.toHaveProperty("consent_mode");
    expect(sent[0].touchpoint).toMatchObject({
      type: "click",
      campaign: "spring",
    });
  });

  it("basic: an update that denies drops the held event, even if granted later", async () => {
    const { base, event } = await purchase("basic");
    pages.set("/basic-deny", html(base, event));
    const { tab, sent } = await open();
    await tab.goto(`${siteOrigin}/basic-deny`);
    await trackerReady(tab);
    await tab.evaluate(() => {
      const spx = (window as any).spx;
      spx("consent", "update", {
        ad_storage: "denied",
        analytics_storage: "denied",
      });
      spx("consent", "update", { ad_storage: "granted" });
    });
    await settle();
    expect(sent).toEqual([]);
    expect(await storage(tab)).toEqual({ cookie: "", keys: 0 });
  });

  it("basic: the event artifact has no <noscript> image; advanced marks it denied", async () => {
    expect((await purchase("basic")).event).not.toContain("<noscript>");
    expect((await purchase("advanced")).event).toContain("consent=denied");
    expect((await purchase("off")).event).not.toContain("consent=denied");
  });

  it("changing consent_mode changes the install code (it is carried by the code)", async () => {
    const { account, token, id, base } = await purchase("off");
    expect(base).not.toContain("consent");
    const put = await request(
      t.baseUrl,
      "PUT",
      `/saved-pixels/${id}?account_id=${account}`,
      { token, json: { consent_mode: "basic" } },
    );
    expect(put.status).toBe(200);
    const code = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${id}/code?account_id=${account}&platform=javascript`,
      { token },
    );
    const [newBase, newEvent] = code.body.data.artifacts.map(
      (a: { content: string }) => a.content,
    );
    expect(newBase).toContain('spx("consent", "mode", "basic");');
    expect(newBase).not.toContain("sendBeacon");
    expect(newEvent).toContain('consent_mode: "basic"');
  });

  it("advanced: a denied conversion goes out cookieless, marked denied, counted and stored without a visitor", async () => {
    const { account, token, id, base, event } = await purchase("advanced");
    pages.set("/advanced", html(base, event));
    const { tab, sent } = await open();
    await tab.goto(`${siteOrigin}/advanced?utm_campaign=spring&gclid=abc`);
    await trackerReady(tab);
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: "conversion", consent: "denied" });
    expect(sent[0]).not.toHaveProperty("visitor_id");
    expect(sent[0]).not.toHaveProperty("touchpoint");
    expect(await storage(tab)).toEqual({ cookie: "", keys: 0 });
    const events = await stored(account, token, id, 1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ counted: true, visitor_id: null });
    expect(events[0].warnings).toEqual([]);
  });

  it("Global Privacy Control: ad_storage is denied until the page grants it after load", async () => {
    const { base, event } = await purchase("off");
    pages.set("/gpc", html(base, event));
    const { tab, sent } = await open(
      "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });",
    );
    await tab.goto(`${siteOrigin}/gpc`);
    await trackerReady(tab);
    await tab.evaluate(() => {
      const spx = (window as any).spx;
      spx("consent", "default", { ad_storage: "granted" });
      spx("track", { pixel_id: "x", type: "conversion" });
      spx("consent", "update", { ad_storage: "granted" });
      spx("track", { pixel_id: "y", type: "conversion" });
    });
    await settle();
    expect(sent.map((e) => [e.pixel_id, e.consent])).toEqual([
      [expect.any(String), "denied"],
      ["x", "denied"],
      ["y", undefined],
    ]);
  });

  it("a strict nonce CSP: the pasted code works and none of it is reported as a violation", async () => {
    const { account, token, id, base, event } = await purchase("off");
    const withNonce = (code: string) =>
      code.replace(/<script>/g, `<script nonce="${NONCE}">`);
    const policy = [
      `script-src 'nonce-${NONCE}'`,
      `connect-src ${t.baseUrl}`,
      `img-src ${t.baseUrl}`,
      "default-src 'none'",
    ].join("; ");
    // A <meta> policy: the same enforcement as the header for these directives,
    // and the page stays on the loopback address space the service is on.
    pages.set(
      "/csp",
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}"></head><body>` +
        [
          `<script nonce="${NONCE}">window.violations = []; document.addEventListener("securitypolicyviolation", function (e) { window.violations.push(e.violatedDirective + " " + e.blockedURI); });</script>`,
          withNonce(base),
          withNonce(event),
          // Proof that the policy is enforced: this one is blocked and reported.
          "<script>window.inline = true;</script>",
        ].join("\n") +
        "</body></html>",
    );
    const { tab, sent } = await open();
    await tab.goto(`${siteOrigin}/csp`);
    await trackerReady(tab);
    await settle();
    // Only the unmarked inline script is refused: nothing of ours.
    expect(await tab.evaluate(() => (window as any).violations)).toEqual([
      "script-src-elem inline",
    ]);
    expect(await tab.evaluate(() => (window as any).inline)).toBeUndefined();
    expect(sent).toHaveLength(1);
    expect(await stored(account, token, id, 1)).toHaveLength(1);
  });

  it("history_pageviews: one pageview per new path or query, referrer the previous URL; hash changes are not pages", async () => {
    const { base, event } = await pixel("spa", {
      config: { type: "pageview", history_pageviews: true },
    });
    pages.set("/app", html(base, event));
    const { tab, sent } = await open();
    await tab.goto(`${siteOrigin}/app`);
    await trackerReady(tab);
    await tab.evaluate(() => {
      history.pushState({}, "", "/app/products?page=1");
      history.pushState({}, "", "/app/products?page=1"); // same URL: none
      history.replaceState({}, "", "/app/products?page=1#top"); // hash: none
      location.hash = "#reviews"; // hash: none
      history.replaceState({}, "", "/app/products?page=2");
    });
    await tab.goBack(); // popstate to /app/products?page=1#top… then /app
    await settle(300);
    const urls = sent.map((e) => [
      e.page_url.replace(siteOrigin, ""),
      (e.referrer ?? "").replace(siteOrigin, ""),
    ]);
    expect(urls.slice(0, 3)).toEqual([
      ["/app", ""],
      ["/app/products?page=1", "/app"],
      // The referrer is the previous page: hash changes did not make one.
      ["/app/products?page=2", "/app/products?page=1"],
    ]);
    expect(urls[3][0]).toBe("/app/products?page=1#top");
    expect(urls).toHaveLength(4);
  });

  it("the standalone event loads the tracker itself; with base too, t.js loads once", async () => {
    const { account, token, id, base, event } = await purchase("off");
    pages.set("/alone", html(event));
    pages.set(
      "/both",
      html(base, event, event.replace(/<noscript>[^]*<\/noscript>/, "")),
    );
    for (const [path, events] of [
      ["/alone", 1],
      ["/both", 2],
    ] as const) {
      const { tab, sent, trackerLoads } = await open();
      await tab.goto(`${siteOrigin}${path}`);
      await trackerReady(tab);
      await settle();
      expect([path, sent.length, trackerLoads()]).toEqual([path, events, 1]);
      // The loader's script element is async (added by script, never cleared).
      expect(
        await tab.evaluate(() =>
          [...document.scripts]
            .filter((script) => script.src.endsWith("/t.js"))
            .map((script) => script.async),
        ),
      ).toEqual([true]);
    }
    expect(await stored(account, token, id, 3)).toHaveLength(3);
  });

  it("navigating away right after a standalone event: it arrives once, and a bfcache return does not resend", async () => {
    const { account, token, id, event } = await purchase("off");
    pages.set(
      "/leave",
      html(event, '<script>location.href = "/elsewhere";</script>'),
    );
    const context = await browser.newContext();
    contexts.push(context);
    await context.route("**/t.js", async (route) => {
      await settle(1500);
      await route.continue().catch(() => undefined);
    });
    const tab = await context.newPage();
    await tab.goto(`${siteOrigin}/leave`);
    await tab.waitForURL("**/elsewhere");
    await tab.goBack().catch(() => undefined);
    await settle(2500);
    const events = await stored(account, token, id, 1);
    await settle(500);
    expect(await stored(account, token, id, 1)).toHaveLength(events.length);
    // The first visit once; the return is either a bfcache restore (nothing
    // sent) or a fresh load that navigates away again (one more, never a resend
    // of the first).
    expect(
      new Set(events.map((e: { event_id: string }) => e.event_id)).size,
    ).toBe(events.length);
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  it("never listens for unload or beforeunload", async () => {
    const { base, event } = await pixel("unload", {
      config: { type: "pageview", history_pageviews: true },
    });
    pages.set("/listeners", html(base, event));
    const { tab } = await open(
      "window.__types = []; for (const target of [EventTarget.prototype]) { const add = target.addEventListener; target.addEventListener = function (type, ...rest) { window.__types.push(type); return add.call(this, type, ...rest); }; }",
    );
    await tab.goto(`${siteOrigin}/listeners`);
    await trackerReady(tab);
    const types: string[] = await tab.evaluate(() => (window as any).__types);
    expect(types).toEqual(
      expect.arrayContaining(["pagehide", "visibilitychange", "popstate"]),
    );
    expect(types).not.toContain("unload");
    expect(types).not.toContain("beforeunload");
  });

  it("a click landing with utm_campaign, then a conversion on another page, carries the click touchpoint", async () => {
    const { base, event } = await purchase("off");
    pages.set("/landing", html(base));
    pages.set("/thanks", html(base, event));
    const { tab, sent } = await open();
    await tab.goto(
      `${siteOrigin}/landing?utm_campaign=spring&utm_source=news&utm_medium=email&utm_content=hero&utm_term=shoes&gclid=abc`,
    );
    await trackerReady(tab);
    await settle(1100);
    await tab.goto(`${siteOrigin}/thanks`);
    await trackerReady(tab);
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0].touchpoint).toEqual({
      type: "click",
      campaign: "spring",
      source: "news",
      medium: "email",
      content: "hero",
      term: "shoes",
      click_id_type: "gclid",
      age_s: expect.any(Number),
    });
    expect(sent[0].touchpoint.age_s).toBeGreaterThanOrEqual(1);
  });

  it("without sendBeacon and fetch, the image request carries the click, and the conversion is attributed to it (issue #11)", async () => {
    const { account, token, id, base, event } = await pixel("img-click", {
      config: {
        type: "conversion",
        conversion_type: "purchase",
        revenue: { source: "fixed", value: "10" },
        currency: { source: "fixed", value: "EUR" },
      },
      trigger_type: "click",
      post_click_expire_mins: 60,
    });
    pages.set("/img-landing", html(base));
    pages.set("/img-thanks", html(base, event));
    // The tracker's last resort: a browser without sendBeacon and fetch.
    const { tab, sent } = await open(
      "delete Navigator.prototype.sendBeacon; delete window.fetch;",
    );
    const images: string[] = [];
    tab.on("request", (req) => {
      if (req.url().startsWith(`${t.baseUrl}/collect.gif`))
        images.push(req.url());
    });
    await tab.goto(
      `${siteOrigin}/img-landing?utm_campaign=spring&utm_source=news&gclid=abc`,
    );
    await trackerReady(tab);
    await tab.goto(`${siteOrigin}/img-thanks`);
    await trackerReady(tab);
    const [stored1] = await stored(account, token, id, 1);
    expect(sent).toEqual([]);
    expect(images).toHaveLength(1);
    expect(stored1).toMatchObject({
      source: "image",
      revenue: 10,
      attribution: {
        touchpoint: "click",
        campaign: "spring",
        source: "news",
      },
      value: 10,
    });
  });
});
