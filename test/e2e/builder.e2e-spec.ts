import { existsSync, readFileSync } from "node:fs";
import { chromium, Browser, BrowserContext, Page } from "playwright-core";
import { ensureBuilderBuilt } from "../support/builder-build";
import CHROMIUM_LAUNCH from "../support/chromium-launch.json";
import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";

/**
 * The pixel builder (web UI at /) in real Chromium against the real service:
 * sign-in, list, create/edit with the API's errors, live install code, copy and
 * download, recent events, a viewer's read-only view, and axe on every screen.
 */
const CHROMIUM = CHROMIUM_LAUNCH.executablePath;
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true") {
  throw new Error(
    `${CHROMIUM} is missing: .ci/run installs Debian's chromium package`,
  );
}
const describeInBrowser = available ? describe : describe.skip;
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Serious or critical axe violations on the page as it stands. */
async function axeViolations(page: Page): Promise<string[]> {
  // evaluate runs through the DevTools protocol, outside the page's CSP.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return (
    result.violations as Array<{
      id: string;
      impact: string;
      nodes: Array<{ target: string[] }>;
    }>
  )
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
}

/** Retries an assertion until it passes or `ms` run out (the UI updates asynchronously). */
async function eventually(check: () => Promise<void>, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describeInBrowser("pixel builder (Chromium)", () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    ensureBuilderBuilt();
    t = await startTestApp();
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ acceptDownloads: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: t.baseUrl,
    });
    page = await context.newPage();
    problems.length = 0;
    // Every request stays on the service's origin; nothing breaks the CSP.
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (
        !["blob:", "data:"].includes(url.protocol) &&
        url.origin !== t.baseUrl
      )
        problems.push(`request to another origin: ${r.url()}`);
    });
    page.on("console", (m) => {
      if (m.type() === "error" && !/Failed to load resource/.test(m.text()))
        problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  });

  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  async function signInWithLink(token: string, path = "/") {
    await page.goto(`${t.baseUrl}${path}#token=${token}`);
    await page.getByRole("heading", { name: "Pixels" }).waitFor();
  }

  const create = async (token: string, account: string, overrides = {}) => {
    const response = await request(
      t.baseUrl,
      "POST",
      `/saved-pixels?account_id=${account}`,
      {
        token,
        json: pixelBody(overrides),
      },
    );
    expect(response.status).toBe(201);
    return (response.body as { data: { id: string; name: string } }).data;
  };

  it("serves the builder at / under a strict CSP, with cacheable assets and the API's 404 elsewhere", async () => {
    const index = await request(t.baseUrl, "GET", "/");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toMatch(/text\/html/);
    const csp = index.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(index.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)![1];
    const js = await request(t.baseUrl, "GET", asset);
    expect(js.status).toBe(200);
    expect(js.headers.get("cache-control")).toContain("immutable");
    const missing = await request(t.baseUrl, "GET", "/no-such-page");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      success: false,
      error: { code: "NOT_FOUND" },
    });
  });

  it("signs in with a pasted token and with the #token= link (removed from the address), and is accessible", async () => {
    await page.goto(`${t.baseUrl}/`);
    expect(await axeViolations(page)).toEqual([]);
    const account = t.account();
    await page.getByLabel("Token").fill("not-a-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("not a Saved Pixels token").waitFor();
    await page.getByLabel("Token").fill(t.token(account, "editor"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Pixels" }).waitFor();
    await page.getByText("No pixels yet on this account.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const page2 = await context.newPage();
    page = page2;
    await signInWithLink(t.token(account, "admin"));
    expect(page.url()).toBe(`${t.baseUrl}/`);
    expect(
      await page.evaluate(() => sessionStorage.getItem("saved-pixels.token")),
    ).toMatch(/^eyJ/);
    await expect(page.getByLabel("Your role").textContent()).resolves.toBe(
      "admin",
    );
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Token").waitFor();
  });

  it("creates a purchase pixel from the keyboard alone, with live install code, copy and download", async () => {
    const account = t.account();
    await signInWithLink(t.token(account));
    // Tab to "New pixel" and press Enter: no mouse.
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press("Tab");
      if (
        (await page.evaluate(() => document.activeElement?.textContent)) ===
        "New pixel"
      )
        break;
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "New pixel" }).waitFor();
    await page.getByLabel("Name", { exact: true }).focus();
    await page.keyboard.type("Checkout purchase");
    await page.keyboard.press("Tab"); // Description
    await page.keyboard.press("Tab"); // Pixel type (conversion by default)
    await page.keyboard.press("Tab"); // Conversion type (purchase by default)
    await page.keyboard.press("Tab"); // Event category
    await page.keyboard.press("Tab"); // Target platform
    await page.keyboard.press("Tab"); // Revenue source (page variable)
    await page.keyboard.press("Tab"); // Revenue
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      "revenue",
    );
    await page.keyboard.type("order.total");
    await page.getByLabel("Currency", { exact: true }).focus();
    await page.keyboard.type("eur");
    expect(
      await page.getByLabel("Currency", { exact: true }).inputValue(),
    ).toBe("EUR");

    // The code follows the form.
    const base = page.locator("section.artifact").first().locator("code");
    await eventually(async () =>
      expect(await base.textContent()).toContain("spx"),
    );
    await eventually(async () =>
      expect(await page.locator("section.install").textContent()).toContain(
        "order.total",
      ),
    );
    expect(await page.locator("ol.instructions li").count()).toBeGreaterThan(0);
    expect(
      await page.locator("section.artifact .hljs-string").count(),
    ).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Name", { exact: true }).focus();
    await page.keyboard.press("Enter"); // submits the form
    await page
      .getByRole("status")
      .getByText("Saved “Checkout purchase”.")
      .waitFor();
    await eventually(async () =>
      expect(page.url()).toMatch(/#\/pixels\/pix_[a-z0-9]+$/),
    );
    const id = /pix_[a-z0-9]+$/.exec(page.url())![0];
    // Saved and unchanged: the code is the pixel's own, carrying its id.
    await eventually(async () =>
      expect(await page.locator("section.install").textContent()).toContain(
        `"${id}"`,
      ),
    );
    const saved = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${id}?account_id=${account}`,
      {
        token: t.token(account),
      },
    );
    expect((saved.body as any).data).toMatchObject({
      name: "Checkout purchase",
      config: {
        type: "conversion",
        conversion_type: "purchase",
        revenue: { source: "variable", value: "order.total" },
        currency: { source: "fixed", value: "EUR" },
      },
    });

    // Copy puts the artifact on the clipboard, exactly.
    const firstArtifact = page.locator("section.artifact").first();
    await firstArtifact.getByRole("button", { name: "Copy" }).click();
    await page
      .getByRole("status")
      .getByText(/^Copied/)
      .waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await firstArtifact.locator("code").textContent());

    // The GTM container downloads as importable JSON.
    await page.getByLabel("Show code for").selectOption("gtm");
    const container = page
      .locator("section.artifact", { hasText: "container" })
      .first();
    await container.waitFor({ timeout: 10000 });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      container.getByRole("button", { name: "Download" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("saved-pixel-gtm-container.json");
    const file = readFileSync((await download.path())!, "utf8");
    expect(JSON.parse(file)).toMatchObject({ exportFormatVersion: 2 });
  });

  it("shows the API's validation errors beside their fields and keeps the draft", async () => {
    const account = t.account();
    await signInWithLink(t.token(account), "/");
    await page.getByRole("button", { name: "New pixel" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Bad values");
    await page.getByLabel("Revenue source").selectOption("fixed");
    await page.getByLabel("Revenue", { exact: true }).fill("12,50");
    await page.getByRole("button", { name: "Add property" }).click();
    await page.getByLabel("Property 1 key").fill("bad key");
    await page.getByLabel("Property 1 value").fill("x");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByRole("alert")
      .getByText(/Not saved/)
      .waitFor();
    const revenue = page.getByLabel("Revenue", { exact: true });
    expect(await revenue.getAttribute("aria-invalid")).toBe("true");
    const described = await revenue.getAttribute("aria-describedby");
    expect(await page.locator(`#revenue-error`).textContent()).toMatch(
      /decimal/i,
    );
    expect(described).toContain("revenue-error");
    expect(
      await page.getByLabel("Property 1 key").getAttribute("aria-invalid"),
    ).toBe("true");
    // Focus went to the first invalid field, and nothing typed was lost.
    expect(
      await page.evaluate(() =>
        document.activeElement?.getAttribute("aria-invalid"),
      ),
    ).toBe("true");
    expect(await revenue.inputValue()).toBe("12,50");
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe(
      "Bad values",
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it("puts a 409 on the Name field, and offers to reload after a 412", async () => {
    const account = t.account();
    const token = t.token(account);
    const taken = await create(token, account, { name: "Taken name" });
    const other = await create(token, account, { name: "Other pixel" });
    await signInWithLink(token);
    await page.goto(`${t.baseUrl}/#/pixels/${other.id}`);
    await page.getByRole("heading", { name: "Other pixel" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill(" TAKEN name ");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .locator("#name-error")
      .getByText(/already has this name/)
      .waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe(
      " TAKEN name ",
    );
    void taken;

    // Someone else saves meanwhile: our save is refused, our edits stay.
    const put = await request(
      t.baseUrl,
      "PUT",
      `/saved-pixels/${other.id}?account_id=${account}`,
      {
        token,
        json: { name: "Renamed elsewhere" },
      },
    );
    expect(put.status).toBe(200);
    await page.getByLabel("Name", { exact: true }).fill("My rename");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByRole("alert")
      .getByText(/changed elsewhere/)
      .waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe(
      "My rename",
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Reload latest version" }).click();
    await eventually(async () =>
      expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe(
        "Renamed elsewhere",
      ),
    );
    // Now saving works against the fresh version.
    await page.getByLabel("Name", { exact: true }).fill("Final name");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("Saved “Final name”.").waitFor();
  });

  it("lists with search, type and status filters, paging, badges; a saved name is text, never markup", async () => {
    const account = t.account();
    const token = t.token(account);
    const hostile = `<img src=x onerror="window.__xss=1">Promo`;
    await create(token, account, { name: hostile });
    for (let i = 0; i < 21; i += 1)
      await create(token, account, {
        name: `Page view ${String(i).padStart(2, "0")}`,
        config: { type: "pageview" },
      });
    await signInWithLink(token);
    await page.getByText("1–20 of 22").waitFor();
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText("21–22 of 22").waitFor();
    await page.getByRole("link", { name: hostile }).waitFor();
    expect(await page.locator("table.pixels img").count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(
      await page.locator("table.pixels").getByText("Unverified").count(),
    ).toBe(2);

    await page.getByLabel("Search by name").fill("PROMO");
    await page.getByText("1–1 of 1").waitFor();
    await page.getByLabel("Search by name").fill("");
    await page.getByLabel("Filter by pixel type").selectOption("conversion");
    await page.getByText("1–1 of 1").waitFor();
    await page.getByLabel("Filter by pixel type").selectOption("");
    await page.getByRole("button", { name: "Stopped firing" }).click();
    await page.getByText("No pixel matches these filters.").waitFor();
    expect(await page.getByLabel("Filter by status").inputValue()).toBe(
      "inactive",
    );
    expect(await axeViolations(page)).toEqual([]);

    // The editor shows the hostile name as text too.
    await page.getByRole("button", { name: "Stopped firing" }).click();
    await page.getByLabel("Search by name").fill("promo");
    await page.getByRole("link", { name: hostile }).click();
    await page.getByRole("heading", { name: hostile }).waitFor();
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  });

  it("shows events as they arrive, with their warnings, and deletes a pixel", async () => {
    const account = t.account();
    const token = t.token(account);
    const pixel = await create(token, account, { name: "Live one" });
    await signInWithLink(token);
    await page.getByRole("link", { name: "Live one" }).click();
    await page.getByText("No events yet for this pixel.").waitFor();
    const sent = await request(t.baseUrl, "POST", "/collect", {
      headers: { "content-type": "text/plain" },
      raw: JSON.stringify({
        pixel_id: pixel.id,
        event_id: "evt-1",
        type: "conversion",
        conversion_type: "purchase",
        revenue: "lots",
        currency: "EUR",
        page_url: "https://shop.example/thanks",
      }),
    });
    expect(sent.status).toBe(204);
    const events = page.getByRole("region", { name: "Recent events table" });
    await events.waitFor({ timeout: 15000 });
    expect(await events.textContent()).toContain("https://shop.example/thanks");
    expect(await events.textContent()).toMatch(/revenue/i);
    expect(await axeViolations(page)).toEqual([]);

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: "Pixels" }).waitFor();
    await page.getByText("No pixels yet on this account.").waitFor();
  });

  it("gives a viewer a read-only builder, and switches accounts from the token's list", async () => {
    const mine = t.account();
    const theirs = t.account();
    const pixel = await create(t.token(theirs), theirs, {
      name: "Their pixel",
    });
    const token = t.sign({
      sub: "9",
      accounts: { [mine]: "editor", [theirs]: "viewer" },
    });
    await signInWithLink(token);
    expect(await page.getByLabel("Your role").textContent()).toBe("editor");
    expect(
      await page.getByRole("button", { name: "New pixel" }).isEnabled(),
    ).toBe(true);
    await page.getByLabel("Account").selectOption(theirs);
    await page.getByRole("link", { name: "Their pixel" }).waitFor();
    expect(await page.getByLabel("Your role").textContent()).toBe(
      "viewer (read-only)",
    );
    expect(
      await page.getByRole("button", { name: "New pixel" }).isDisabled(),
    ).toBe(true);
    await page.getByRole("link", { name: "Their pixel" }).click();
    await page.getByRole("heading", { name: "Their pixel" }).waitFor();
    expect(await page.getByRole("button", { name: "Save" }).isDisabled()).toBe(
      true,
    );
    expect(
      await page.getByRole("button", { name: "Delete" }).isDisabled(),
    ).toBe(true);
    expect(await page.getByLabel("Name", { exact: true }).isDisabled()).toBe(
      true,
    );
    // The install code is still there to read and copy.
    await page.locator("section.artifact").first().waitFor({ timeout: 10000 });
    expect(
      await page.getByRole("button", { name: "Copy" }).first().isEnabled(),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    void pixel;
  });
});
