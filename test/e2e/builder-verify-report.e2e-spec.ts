import type { BrowserContext, Page } from "playwright-core";
import {
  axeViolations,
  eventually,
  recordPageProblems,
} from "../support/builder-page";
import { ensureBuilderBuilt } from "../support/builder-build";
import {
  describeInBrowser,
  pixelWithCode,
  startBrowserLoop,
  type BrowserLoop,
} from "../support/chromium";
import { request } from "../support/test-app";

/**
 * The pixel builder's Verify panel, report screen and live consent preview
 * (issue #16) in real Chromium against the real service: a test event sent
 * from a page the helper opens with `spx_test`, counted / not-counted reasons
 * with attribution, the report chart and its group-by switch, and the install
 * code following consent_mode and the SPA switch. axe on every new screen.
 */
describeInBrowser(
  "pixel builder: verify, report, consent preview (Chromium)",
  () => {
    let loop: BrowserLoop;
    let context: BrowserContext;
    let page: Page;
    /** What the site (another origin) answers: a page with the pixel's code. */
    let sitePage = "<!doctype html><title>empty</title>";
    const problems: string[] = [];
    /** Every URL the builder's tab requested. */
    const requested: string[] = [];

    beforeAll(async () => {
      ensureBuilderBuilt();
      loop = await startBrowserLoop(() => sitePage);
    });

    afterAll(async () => {
      await loop?.close();
    });

    beforeEach(async () => {
      context = await loop.browser.newContext();
      page = await context.newPage();
      problems.length = 0;
      requested.length = 0;
      page.on("request", (r) => requested.push(r.url()));
      recordPageProblems(page, loop.app.baseUrl, problems);
    });

    afterEach(async () => {
      await context.close();
      expect(problems).toEqual([]);
    });

    async function openBuilder(token: string, hash = "") {
      await page.goto(`${loop.app.baseUrl}/#token=${token}`);
      await page.getByRole("heading", { name: "Pixels" }).waitFor();
      if (hash) await page.evaluate((h) => (location.hash = h), hash);
    }

    /** A purchase pixel whose order id is the transaction id, and the site page carrying its code. */
    async function purchasePixel(name: string) {
      const pixel = await pixelWithCode(loop.app, "verify", {
        name,
        config: {
          type: "conversion",
          conversion_type: "purchase",
          revenue: { source: "variable", value: "order.total" },
          currency: { source: "fixed", value: "EUR" },
          transaction_id: { source: "variable", value: "order.id" },
        },
      });
      sitePage = [
        "<!doctype html><html><head><title>Thanks</title>",
        pixel.artifact("base"),
        "</head><body><h1>Thank you</h1>",
        '<script>window.order = { id: "A-1001", total: "12.50" };</script>',
        pixel.artifact("event"),
        "</body></html>",
      ].join("\n");
      return pixel;
    }

    const rowsOf = (table: ReturnType<Page["getByRole"]>) =>
      table.locator("tbody tr").allTextContents();

    it("opens the user's page with spx_test, and its event arrives in the test panel as a test event", async () => {
      const pixel = await purchasePixel("Test panel order");
      await openBuilder(pixel.token, `#/pixels/${pixel.id}`);
      await page.getByRole("heading", { name: "Test panel order" }).waitFor();
      await page.getByText("No events yet for this pixel.").waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // A bad address is refused beside the field, and nothing opens.
      await page.getByLabel("Your page URL").fill("javascript:alert(1)");
      await page
        .getByRole("button", { name: "Open page with test code" })
        .click();
      await page.getByText("Only http:// and https:// pages").waitFor();
      expect(
        await page.getByLabel("Your page URL").getAttribute("aria-invalid"),
      ).toBe("true");

      await page
        .getByLabel("Your page URL")
        .fill(`${loop.siteOrigin}/thanks?order=7`);
      const [opened] = await Promise.all([
        context.waitForEvent("page"),
        page.getByRole("button", { name: "Open page with test code" }).click(),
      ]);
      await opened.waitForLoadState();
      const code = new URL(opened.url()).searchParams.get("spx_test")!;
      expect(code).toMatch(/^TEST\d{5}$/);
      expect(opened.url()).toBe(
        `${loop.siteOrigin}/thanks?order=7&spx_test=${code}`,
      );
      // The code the panel shows is the one in the opened address.
      expect(await page.locator("#test-code-hint").textContent()).toContain(
        `spx_test=${code}`,
      );
      // The panel now shows test events only.
      expect(await page.getByLabel("Events to show").inputValue()).toBe("test");

      const table = page.getByRole("region", { name: "Recent events table" });
      await table.waitFor({ timeout: 15000 });
      await eventually(async () => {
        const [row] = await rowsOf(table);
        expect(row).toContain("conversion · purchase · test");
        expect(row).toContain("Not counted: test event");
        expect(row).toContain(`spx_test=${code}`);
        expect(row).toContain("A-1001");
      }, 15000);
      const stored = await request(
        loop.app.baseUrl,
        "GET",
        `/saved-pixels/${pixel.id}/events?account_id=${pixel.account}&test=true`,
        { token: pixel.token },
      );
      expect(stored.body.data).toHaveLength(1);
      expect(stored.body.data[0]).toMatchObject({ test: true, counted: false });
      // Real events only: the test event is not there.
      await page.getByLabel("Events to show").selectOption("real");
      await page.getByText("No real events yet for this pixel.").waitFor({
        timeout: 15000,
      });
      expect(await axeViolations(page)).toEqual([]);
    });

    it("shows counted and not counted with the reason and the attribution; stops polling when hidden", async () => {
      const pixel = await purchasePixel("Twice the order");
      // The same order twice, arriving from a campaign link (a click touchpoint, §8).
      const visit = await context.newPage();
      const campaignUrl = `${loop.siteOrigin}/thanks?utm_campaign=spring&utm_source=newsletter`;
      await visit.goto(campaignUrl);
      await eventually(async () => {
        const stored = await request(
          loop.app.baseUrl,
          "GET",
          `/saved-pixels/${pixel.id}/events?account_id=${pixel.account}`,
          { token: pixel.token },
        );
        expect(stored.body.data).toHaveLength(1);
      });
      await visit.reload();
      await openBuilder(pixel.token, `#/pixels/${pixel.id}`);
      await page.getByLabel("Events to show").selectOption("real");
      const table = page.getByRole("region", { name: "Recent events table" });
      await eventually(async () => {
        const [newest, oldest, ...more] = await rowsOf(table);
        expect(more).toEqual([]);
        expect(oldest).toContain("Counted");
        expect(oldest).not.toContain("Not counted");
        expect(newest).toContain("Not counted: transaction already counted");
        for (const row of [newest, oldest]) {
          expect(row).toContain("click · spring · newsletter");
          expect(row).toContain("12.5 EUR");
        }
      }, 15000);
      await table.getByRole("columnheader", { name: "Attribution" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // Closed: the events route is not asked again.
      const toggle = page.getByRole("button", { name: "Hide events" });
      await toggle.click();
      expect(
        await page
          .getByRole("button", { name: "Show events" })
          .getAttribute("aria-expanded"),
      ).toBe("false");
      expect(await table.count()).toBe(0);
      const before = requested.filter((u) => u.includes("/events?")).length;
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(requested.filter((u) => u.includes("/events?")).length).toBe(
        before,
      );
      await page.getByRole("button", { name: "Show events" }).click();
      await table.waitFor({ timeout: 15000 });
    });

    it("charts conversions and revenue, switches group_by, shows totals per currency, and loads the chart only when opened", async () => {
      const pixel = await purchasePixel("Reported order");
      const send = async (payload: Record<string, unknown>) => {
        const sent = await request(loop.app.baseUrl, "POST", "/collect", {
          headers: { "content-type": "text/plain" },
          raw: JSON.stringify({
            pixel_id: pixel.id,
            type: "conversion",
            conversion_type: "purchase",
            ...payload,
          }),
        });
        expect(sent.status).toBe(204);
      };
      await send({
        event_id: "r-1",
        revenue: 30,
        currency: "EUR",
        touchpoint: { type: "click", campaign: "spring", age_s: 60 },
      });
      await send({
        event_id: "r-2",
        revenue: 20,
        currency: "EUR",
        touchpoint: { type: "click", campaign: "spring", age_s: 60 },
      });
      await send({ event_id: "r-3", revenue: 5, currency: "USD" });
      await send({
        event_id: "r-4",
        revenue: 1,
        currency: "EUR",
        test_event_code: "T1",
      });

      await openBuilder(pixel.token, `#/pixels/${pixel.id}`);
      await page.getByRole("heading", { name: "Reported order" }).waitFor();
      expect(requested.some((u) => /ReportScreen/.test(u))).toBe(false);
      await page.getByRole("link", { name: "Report" }).click();
      await page
        .getByRole("heading", { name: "Report: Reported order" })
        .waitFor();
      expect(requested.some((u) => /ReportScreen-.*\.js/.test(u))).toBe(true);
      // The browser's zone is the default (the report route's own is UTC).
      const browserZone = await page.evaluate(
        () => Intl.DateTimeFormat().resolvedOptions().timeZone,
      );
      expect(await page.getByLabel("Time zone").inputValue()).toBe(browserZone);
      const reportCall = requested.find((u) => u.includes("/report?"))!;
      expect(new URL(reportCall).searchParams.get("tz")).toBe(browserZone);
      expect(new URL(reportCall).searchParams.get("group_by")).toBe("day");

      const chart = page.getByRole("img", { name: /Chart of conversions/ });
      await chart.locator("canvas").waitFor();
      expect(await chart.getAttribute("aria-label")).toContain(
        "revenue in EUR",
      );
      const table = page.getByRole("region", { name: "Report table" });
      // Every day of the default 30-day range, zeros included.
      expect(await table.locator("tbody tr").count()).toBe(30);
      const totals = page.getByRole("table", { name: "Totals per currency" });
      const totalsText = await totals.textContent();
      expect(totalsText).toContain("€50.00");
      expect(totalsText).toContain("$5.00");
      await page.getByText("3 conversions").waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel("Group by").selectOption("campaign");
      await eventually(async () => {
        const rows = await rowsOf(table);
        expect(rows).toHaveLength(2);
        expect(rows[0]).toMatch(/^spring/);
        expect(rows[0]).toContain("€50.00");
        expect(rows[1]).toMatch(/^no campaign/);
      });
      await chart.locator("canvas").waitFor();
      await table.getByRole("columnheader", { name: "Campaign" }).waitFor();
      await page.getByLabel("Group by").selectOption("touchpoint");
      await eventually(async () => {
        const rows = await rowsOf(table);
        expect(rows.map((r) => r.split(/\d/)[0])).toEqual([
          "click",
          "not attributed",
        ]);
      });
      // The chart follows the chosen currency.
      await page.getByLabel("Chart currency").selectOption("USD");
      await eventually(async () =>
        expect(await chart.getAttribute("aria-label")).toContain(
          "revenue in USD",
        ),
      );

      // A range ending before it starts: the API's 400 beside the field.
      await page.getByLabel("From", { exact: true }).fill("2026-03-10");
      await page.getByLabel("To", { exact: true }).fill("2026-03-01");
      await page
        .locator("#report-from-error, #report-to-error")
        .first()
        .waitFor();
      await page.getByLabel("To", { exact: true }).fill("2026-03-31");
      await page.getByLabel("Time zone").fill("Mars/Olympus_Mons");
      await page.getByLabel("Time zone").press("Enter");
      await page.locator("#report-tz-error").waitFor();
      expect(
        await page.getByLabel("Time zone").getAttribute("aria-invalid"),
      ).toBe("true");
      await page.getByLabel("Time zone").fill("Asia/Tokyo");
      await page.getByLabel("Time zone").press("Enter");
      await page.getByText("2026-03-10 to 2026-03-31, Asia/Tokyo").waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });

    it("re-renders the install code as consent_mode, the SPA switch and the transaction id change", async () => {
      const pixel = await purchasePixel("Consent draft");
      await openBuilder(pixel.token, "#/new");
      await page.getByRole("heading", { name: "New pixel" }).waitFor();
      await page.getByLabel("Name", { exact: true }).fill("Consent draft two");
      const install = page.locator("section.install");
      const code = async () =>
        (await install.locator("section.artifact pre").allTextContents()).join(
          "\n",
        );
      await eventually(async () =>
        expect(await code()).toContain("<noscript>"),
      );
      expect(await code()).not.toContain("consent_mode");

      await page.getByLabel("Consent mode").selectOption("basic");
      await eventually(async () => {
        const text = await code();
        expect(text).toContain('consent_mode: "basic"');
        // basic: a page without script cannot ask for consent, so no <noscript> image (§10).
        expect(text).not.toContain("<noscript>");
      });
      const previews = requested.filter((u) =>
        u.includes("/saved-pixels/preview"),
      );
      expect(previews.length).toBeGreaterThan(0);
      await page.getByLabel("Consent mode").selectOption("advanced");
      await eventually(async () =>
        expect(await code()).toContain('consent_mode: "advanced"'),
      );

      await page.getByLabel("Transaction id").fill("order.id");
      await eventually(async () =>
        expect(await code()).toContain("transaction_id"),
      );

      await page.getByLabel("Pixel type").selectOption("pageview");
      await eventually(async () =>
        expect(await code()).not.toContain("history_pageviews"),
      );
      await page.getByLabel("Count single-page-app navigations").check();
      await eventually(async () =>
        expect(await code()).toContain("history_pageviews: true"),
      );
      expect(await axeViolations(page)).toEqual([]);
    });

    it("takes consent_mode in POST /saved-pixels/preview and refuses an unknown one naming the field", async () => {
      const pixel = await purchasePixel("Preview over HTTP");
      const preview = (body: Record<string, unknown>) =>
        request(
          loop.app.baseUrl,
          "POST",
          `/saved-pixels/preview?account_id=${pixel.account}&platform=javascript`,
          {
            token: pixel.token,
            json: { config: { type: "pageview" }, ...body },
          },
        );
      const text = (response: { body: any }) =>
        JSON.stringify(response.body.data.artifacts);
      const off = await preview({});
      expect(off.status).toBe(200);
      expect(text(off)).not.toContain("consent_mode");
      const basic = await preview({ consent_mode: "basic" });
      expect(basic.status).toBe(200);
      expect(text(basic)).toContain('consent_mode: \\"basic\\"');
      expect(text(basic)).not.toContain("noscript");
      const wrong = await preview({ consent_mode: "sometimes" });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.code).toBe("VALIDATION_FAILED");
      expect(
        wrong.body.error.details.map((d: { field: string }) => d.field),
      ).toEqual(["consent_mode"]);
    });
  },
);
