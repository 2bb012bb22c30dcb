import { existsSync, readFileSync } from "node:fs";
import { chromium, Browser, BrowserContext, Page } from "playwright-core";
import {
  axeViolations,
  eventually,
  recordPageProblems,
} from "../support/builder-page";
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
    recordPageProblems(page, t.baseUrl, problems);
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

  // ---- Part two: conversion rules, state, sharing, history, ingest keys, server code ----

  const api = async (
    token: string,
    method: string,
    path: string,
    json?: unknown,
    headers?: Record<string, string>,
  ) => request(t.baseUrl, method, path, { token, json, headers });

  const field = (label: string) => page.getByLabel(label, { exact: true });

  it("edits the conversion rules in the Monetize order and saves them as the API's fields; pageviews hide what does not apply", async () => {
    const account = t.account();
    const token = t.token(account);
    await signInWithLink(token);
    await page.getByRole("button", { name: "New pixel" }).click();
    await page.getByRole("heading", { name: "New pixel" }).waitFor();
    // The sections in the Monetize order.
    expect(await page.locator(".form-section h2").allTextContents()).toEqual([
      "Details",
      "Values",
      "Attribution",
      "Repeat conversions",
      "Piggyback pixels",
      "Privacy",
    ]);
    await field("Name").fill("Order with rules");
    await field("Event category").selectOption({ label: "Purchase" });
    await field("Trigger type").selectOption({ label: "Click" });
    // Defaults shown in days: 14 days of click-through, 1 day of view-through.
    expect(await field("Post-click window days").inputValue()).toBe("14");
    expect(await field("Post-view window days").inputValue()).toBe("1");
    await page.getByText("Maximum 90 days.").waitFor();
    await page.getByText("Maximum 30 days.").waitFor();
    await field("Post-click window days").fill("2");
    await field("Post-click window hours").fill("12");
    await page
      .getByRole("checkbox", {
        name: "No expiration (use the maximum, 30 days)",
      })
      .check();
    expect(await field("Post-view window days").isDisabled()).toBe(true);
    await field("Post-click value").fill("5");
    // A purchase counts every order by default.
    expect(await page.getByLabel("Count all conversions").isChecked()).toBe(
      true,
    );
    await page.getByLabel("Count one conversion per visitor every …").check();
    await field("Minutes between counted conversions").fill("30");
    await page.getByRole("button", { name: "Add piggyback pixel" }).click();
    await field("Piggyback 1 type").selectOption({ label: "Image" });
    await field("Piggyback 1 URL").fill(
      "https://ads.example/conv?order={transaction_id}",
    );
    await field("Consent mode").selectOption("basic");
    await field("Transaction id").fill("order.id");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByRole("status")
      .getByText("Saved “Order with rules”.")
      .waitFor();
    await eventually(async () =>
      expect(page.url()).toMatch(/#\/pixels\/pix_[a-z0-9]+$/),
    );
    const id = /pix_[a-z0-9]+$/.exec(page.url())![0];
    const saved = await api(
      token,
      "GET",
      `/saved-pixels/${id}?account_id=${account}`,
    );
    expect((saved.body as any).data).toMatchObject({
      event_category: "purchase",
      trigger_type: "click",
      post_click_expire_mins: 3600,
      post_view_expire_mins: null,
      post_click_value: 5,
      post_view_value: null,
      min_minutes_per_conv: 30,
      piggyback_pixels: [
        {
          pixel_type: "img",
          url: "https://ads.example/conv?order={transaction_id}",
        },
      ],
      consent_mode: "basic",
      config: { transaction_id: { source: "variable", value: "order.id" } },
    });
    // Reopened, the form shows what was saved (no unsaved changes).
    await page.reload();
    await page.getByRole("heading", { name: "Order with rules" }).waitFor();
    expect(await field("Post-click window days").inputValue()).toBe("2");
    expect(await field("Post-click window hours").inputValue()).toBe("12");
    expect(
      await field("Minutes between counted conversions").inputValue(),
    ).toBe("30");
    expect(
      await page.locator("p.muted", { hasText: "unsaved changes" }).count(),
    ).toBe(0);

    // A pageview has no attribution, repeat rule or transaction id.
    await field("Pixel type").selectOption("pageview");
    expect(await page.locator(".form-section h2").allTextContents()).toEqual([
      "Details",
      "Values",
      "Piggyback pixels",
      "Privacy",
    ]);
    expect(await field("Transaction id").count()).toBe(0);
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByRole("status")
      .getByText("Saved “Order with rules”.")
      .waitFor();
    const pageview = await api(
      token,
      "GET",
      `/saved-pixels/${id}?account_id=${account}`,
    );
    expect((pageview.body as any).data).toMatchObject({
      config: { type: "pageview" },
      trigger_type: null,
      min_minutes_per_conv: null,
      consent_mode: "basic",
    });
    expect(await axeViolations(page)).toEqual([]);
  });

  it("shows a window past its maximum beside the window, and the API's piggyback URL error beside its row", async () => {
    const account = t.account();
    const token = t.token(account);
    await signInWithLink(token);
    await page.getByRole("button", { name: "New pixel" }).click();
    await field("Name").fill("Bad rules");
    await field("Post-view window days").fill("31");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByRole("alert")
      .getByText(/Not saved/)
      .waitFor();
    expect(await page.locator("#post-view-error").textContent()).toMatch(
      /at most 30 days/,
    );
    expect(
      await field("Post-view window days").getAttribute("aria-invalid"),
    ).toBe("true");
    expect(
      await field("Post-view window days").getAttribute("aria-describedby"),
    ).toContain("post-view-error");
    // Nothing reached the API: no pixel exists.
    const none = await api(token, "GET", `/saved-pixels?account_id=${account}`);
    expect((none.body as any).meta.total).toBe(0);

    await field("Post-view window days").fill("30");
    const add = page.getByRole("button", { name: "Add piggyback pixel" });
    await add.click();
    await add.click();
    await field("Piggyback 1 URL").fill("https://ok.example/p");
    await field("Piggyback 2 type").selectOption("js");
    await field("Piggyback 2 URL").fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Save" }).click();
    // The first attempt's "Not saved" may still be shown: wait for the
    // API's answer to this one, the error beside the second row.
    await page.locator("#piggyback-2-url-error").waitFor();
    await page
      .getByRole("alert")
      .getByText(/Not saved/)
      .waitFor();
    const second = field("Piggyback 2 URL");
    expect(await second.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#piggyback-2-url-error").textContent()).toMatch(
      /https:\/\//,
    );
    expect(
      await field("Piggyback 1 URL").getAttribute("aria-invalid"),
    ).toBeNull();
    expect(await second.inputValue()).toBe("javascript:alert(1)");
    expect(await page.locator("#post-view-error").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // At most 10 rows.
    for (let i = 2; i < 10; i += 1) await add.click();
    expect(await add.isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Remove piggyback 2" }).click();
    expect(await add.isEnabled()).toBe(true);
  });

  it("switches a pixel off and on from the list with If-Match, filters by state and owner; a shared pixel shows its owner and is read-only", async () => {
    const owner = t.account();
    const other = t.account();
    const ownerToken = t.token(owner);
    const pixel = await create(ownerToken, owner, { name: "Shared checkout" });
    await create(ownerToken, owner, { name: "Kept to itself" });
    const share = await api(
      ownerToken,
      "POST",
      `/saved-pixels/${pixel.id}/accounts?account_id=${owner}`,
      { account_id: other },
    );
    expect(share.status).toBe(201);
    const token = t.sign({
      sub: "9",
      accounts: { [owner]: "editor", [other]: "editor" },
    });
    await signInWithLink(token);
    const toggle = page.getByRole("switch", { name: "Shared checkout active" });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click();
    await page
      .getByRole("status")
      .getByText(/“Shared checkout” is off/)
      .waitFor();
    const off = await api(
      ownerToken,
      "GET",
      `/saved-pixels/${pixel.id}?account_id=${owner}`,
    );
    expect((off.body as any).data.state).toBe("inactive");
    expect(await toggle.isChecked()).toBe(false);
    await field("Filter by state").selectOption("inactive");
    await page.getByText("1–1 of 1").waitFor();
    await page.getByRole("link", { name: "Shared checkout" }).waitFor();
    await field("Filter by state").selectOption("active");
    await page.getByRole("link", { name: "Kept to itself" }).waitFor();
    expect(
      await page.getByRole("link", { name: "Shared checkout" }).count(),
    ).toBe(0);
    await field("Filter by state").selectOption("");
    await page.getByRole("switch", { name: "Shared checkout active" }).click();
    await page
      .getByRole("status")
      .getByText(/“Shared checkout” is on/)
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The account it is shared with: listed with its owner, switch disabled.
    await page.getByLabel("Account").selectOption(other);
    const row = page.locator("table.pixels tr", { hasText: "Shared checkout" });
    await row.waitFor();
    expect(await row.locator(".badge.shared").textContent()).toBe(
      `Shared by ${owner}`,
    );
    expect(await row.getByRole("switch").isDisabled()).toBe(true);
    await field("Filter by owner").selectOption("false");
    await page.getByText("No pixel matches these filters.").waitFor();
    await field("Filter by owner").selectOption("true");
    await page.getByText("1–1 of 1").waitFor();
    await page.getByRole("link", { name: "Shared checkout" }).click();
    await page.getByRole("heading", { name: "Shared checkout" }).waitFor();
    await page.locator("#shared-note").getByText(owner).waitFor();
    expect(await page.getByRole("button", { name: "Save" }).isDisabled()).toBe(
      true,
    );
    expect(
      await page.getByRole("button", { name: "Delete" }).isDisabled(),
    ).toBe(true);
    expect(await field("Name").isDisabled()).toBe(true);
    // Sharing and history belong to the owner: not offered here.
    expect(await page.getByRole("heading", { name: "Sharing" }).count()).toBe(
      0,
    );
    expect(await page.getByRole("heading", { name: "History" }).count()).toBe(
      0,
    );
    await page.locator("section.artifact").first().waitFor({ timeout: 10000 });
    expect(await axeViolations(page)).toEqual([]);
  });

  it("shares and unshares a pixel, views and restores a version, and handles 412 and 409 on restore", async () => {
    const account = t.account();
    const partner = t.account();
    const token = t.token(account);
    const pixel = await create(token, account, { name: "Original name" });
    const renamed = await api(
      token,
      "PUT",
      `/saved-pixels/${pixel.id}?account_id=${account}`,
      { name: "Second name" },
    );
    expect(renamed.status).toBe(200);
    await signInWithLink(token);
    await page.goto(`${t.baseUrl}/#/pixels/${pixel.id}`);
    await page.getByRole("heading", { name: "Second name" }).waitFor();

    // Sharing: add, listed, remove.
    await page.getByText("Not shared with any account.").waitFor();
    await field("Share with account").fill(account);
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await page.locator("#share-account-error").waitFor();
    expect(await field("Share with account").getAttribute("aria-invalid")).toBe(
      "true",
    );
    await field("Share with account").fill(partner);
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await page
      .getByRole("status")
      .getByText(`Shared with ${partner}.`)
      .waitFor();
    const shares = await api(
      token,
      "GET",
      `/saved-pixels/${pixel.id}/accounts?account_id=${account}`,
    );
    expect((shares.body as any).data.map((s: any) => s.account_id)).toEqual([
      partner,
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page
      .getByRole("button", { name: `Stop sharing with ${partner}` })
      .click();
    await page.getByText("Not shared with any account.").waitFor();

    // History: two versions, the older one viewed, then restored.
    const versions = page.locator("ol.versions > li");
    await eventually(async () => expect(await versions.count()).toBe(2));
    expect(await versions.nth(0).textContent()).toContain("Changed: name");
    await page.getByRole("button", { name: "View version 1" }).click();
    expect(
      await page
        .getByRole("button", { name: "Hide version 1" })
        .getAttribute("aria-expanded"),
    ).toBe("true");
    expect(await page.locator("#version-1").textContent()).toContain(
      "Original name",
    );
    expect(
      await page
        .getByRole("button", { name: "Restore version 2" })
        .isDisabled(),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Restore version 1" }).click();
    await page
      .getByRole("status")
      .getByText(/Restored version 1/)
      .waitFor();
    await page.getByRole("heading", { name: "Original name" }).waitFor();
    expect(await field("Name").inputValue()).toBe("Original name");
    await eventually(async () => expect(await versions.count()).toBe(3));

    // Someone saves meanwhile: restoring is refused (412), the form offers a reload.
    await api(token, "PUT", `/saved-pixels/${pixel.id}?account_id=${account}`, {
      name: "Changed elsewhere",
    });
    await page.getByRole("button", { name: "Restore version 2" }).click();
    await page
      .getByRole("alert")
      .getByText(/Not restored: this pixel was changed elsewhere/)
      .waitFor();
    await page.getByRole("button", { name: "Reload latest version" }).click();
    await page.getByRole("heading", { name: "Changed elsewhere" }).waitFor();
    await eventually(async () => expect(await versions.count()).toBe(4));

    // Version 2's name is taken by another pixel now: 409.
    await create(token, account, { name: "Second name" });
    await page.getByRole("button", { name: "Restore version 2" }).click();
    await page
      .getByRole("alert")
      .getByText(/Not restored: another pixel/)
      .waitFor();
    expect(await field("Name").inputValue()).toBe("Changed elsewhere");
  });

  it("creates an ingest key shown once with Copy, shows its last use, and revokes it after confirming", async () => {
    const account = t.account();
    const token = t.token(account);
    const pixel = await create(token, account, { name: "Server target" });
    await signInWithLink(token);
    await page.getByRole("link", { name: "Ingest keys" }).click();
    await page.getByRole("heading", { name: "Ingest keys" }).waitFor();
    await page.getByText("No ingest keys on this account.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await field("Key name").fill("Checkout backend");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = page.getByLabel("New ingest key");
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).toMatch(/^spx_ik_/);
    await page
      .getByRole("group", { name: /New key/ })
      .getByRole("button", { name: "Copy" })
      .click();
    await page.getByRole("status").getByText("Copied the key.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    const row = page.locator("table.keys tr", { hasText: "Checkout backend" });
    expect(await row.textContent()).toContain("never");
    expect(await axeViolations(page)).toEqual([]);

    const sent = await request(t.baseUrl, "POST", "/events", {
      headers: { authorization: `Bearer ${key}` },
      json: {
        events: [
          {
            pixel_id: pixel.id,
            type: "conversion",
            conversion_type: "purchase",
            event_id: "server-evt-1",
          },
        ],
      },
    });
    expect(sent.status).toBe(200);
    // Shown once: after a reload the key itself is gone, its last use is there.
    await page.reload();
    await row.waitFor();
    expect(await page.getByLabel("New ingest key").count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    await eventually(async () => {
      await page.reload();
      await row.waitFor();
      expect(await row.textContent()).toContain("just now");
    });

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Revoke Checkout backend" }).click();
    await page
      .getByRole("status")
      .getByText("Revoked the key “Checkout backend”.")
      .waitFor();
    await page.getByText("No ingest keys on this account.").waitFor();
    const refused = await request(t.baseUrl, "POST", "/events", {
      headers: { authorization: `Bearer ${key}` },
      json: { events: [{ pixel_id: pixel.id, type: "pageview" }] },
    });
    expect(refused.status).toBe(401);
  });

  it("renders the server platform's curl and Node code, and shows counted / not counted events with transaction, visitor and source", async () => {
    const account = t.account();
    const token = t.token(account);
    const pixel = await create(token, account, { name: "Dedup orders" });
    await signInWithLink(token);
    await page.goto(`${t.baseUrl}/#/pixels/${pixel.id}`);
    await page.getByRole("heading", { name: "Dedup orders" }).waitFor();
    await page.getByLabel("Show code for").selectOption("server");
    const install = page.locator("section.install");
    await eventually(async () => {
      const text = await install.textContent();
      expect(text).toContain("curl");
      expect(text).toContain("/events");
      expect(text).toContain("SPX_INGEST_KEY");
    });
    expect(await install.locator("section.artifact").count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);

    for (const eventId of ["order-evt-1", "order-evt-2"]) {
      const sent = await request(t.baseUrl, "POST", "/collect", {
        headers: { "content-type": "text/plain" },
        raw: JSON.stringify({
          pixel_id: pixel.id,
          event_id: eventId,
          type: "conversion",
          conversion_type: "purchase",
          revenue: 10,
          currency: "EUR",
          transaction_id: "A-1001",
          visitor_id: "v_0123456789abcdef",
        }),
      });
      expect(sent.status).toBe(204);
    }
    const table = page.getByRole("region", { name: "Recent events table" });
    await table.waitFor({ timeout: 15000 });
    await eventually(async () => {
      expect(await table.locator("tbody tr").count()).toBe(2);
    }, 15000);
    const text = await table.textContent();
    expect(text).toContain("Not counted: transaction already counted");
    expect(text).toMatch(/Counted/);
    expect(text).toContain("A-1001");
    expect(text).toContain("v_0123456789abcdef");
    expect(text).toContain("browser");
    for (const header of [
      "Counted",
      "Transaction",
      "Visitor",
      "Source",
      "Warnings",
    ])
      await table.getByRole("columnheader", { name: header }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("gives a viewer no enabled write control on the new screens", async () => {
    const account = t.account();
    const pixel = await create(t.token(account), account, {
      name: "Look only",
    });
    await signInWithLink(t.token(account, "viewer"));
    expect(
      await page.getByRole("switch", { name: "Look only active" }).isDisabled(),
    ).toBe(true);
    await page.getByRole("link", { name: "Look only" }).click();
    await page.getByRole("heading", { name: "Look only" }).waitFor();
    await page.getByText("Not shared with any account.").waitFor();
    expect(await field("Share with account").isDisabled()).toBe(true);
    expect(
      await page
        .getByRole("button", { name: "Share", exact: true })
        .isDisabled(),
    ).toBe(true);
    await page.getByRole("button", { name: "View version 1" }).waitFor();
    expect(
      await page
        .getByRole("button", { name: "Restore version 1" })
        .isDisabled(),
    ).toBe(true);
    expect(
      await page
        .getByRole("button", { name: "Add piggyback pixel" })
        .isDisabled(),
    ).toBe(true);
    expect(await field("Consent mode").isDisabled()).toBe(true);
    expect(await field("Post-click window days").isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Ingest keys" }).click();
    await page.getByText("No ingest keys on this account.").waitFor();
    expect(await field("Key name").isDisabled()).toBe(true);
    expect(
      await page.getByRole("button", { name: "Create key" }).isDisabled(),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    void pixel;
  });
});
