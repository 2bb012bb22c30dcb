// npm run screenshots: pictures of the pixel builder's main screens for the README
// (docs/screenshots/*.png). Starts the built service (npm run build first) on a
// throwaway SQLite database, creates a purchase pixel, sends it events, and
// photographs the list, the editor with its install code, the Verify panel, the
// conversion-rule sections, sharing and history, the ingest keys and the report,
// in Debian's Chromium.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const { mintToken } = require(join(root, "dist/src/auth/mint-token.js"));
const out = join(root, "docs/screenshots");
const secret = "screenshots-secret-0123456789abcdef0123";

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const origin = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), "saved-pixels-shots-"));
const service = spawn(process.execPath, [join(root, "dist/src/main.js")], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `sqlite:${join(dir, "shots.sqlite")}`,
    AUTH_JWT_SECRET: secret,
    PUBLIC_BASE_URL: origin,
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise((resolve) =>
  service.stdout.on("data", (chunk) => {
    if (String(chunk).includes("listening")) resolve();
  }),
);

const token = mintToken(secret, {
  account: "demo",
  role: "editor",
  user: "1",
  days: 1,
});
async function api(method, path, body) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": body ? "application/json" : "text/plain",
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.status === 204 ? null : (await response.json()).data;
}

let browser;
try {
  for (const [name, config] of [
    [
      "Newsletter signup",
      { type: "microconversion", conversion_type: "signup" },
    ],
    ["All pages", { type: "pageview" }],
  ])
    await api("POST", "/saved-pixels?account_id=demo", { name, config });
  const pixel = await api("POST", "/saved-pixels?account_id=demo", {
    name: "Checkout purchase",
    description: "Order confirmation page",
    config: {
      type: "conversion",
      conversion_type: "purchase",
      revenue: { source: "variable", value: "order.total" },
      currency: { source: "fixed", value: "EUR" },
      properties: [{ key: "sku", source: "variable", value: "order.sku" }],
      transaction_id: { source: "variable", value: "order.id" },
    },
    target_platform: "javascript",
    event_category: "purchase",
    piggyback_pixels: [
      {
        pixel_type: "img",
        url: "https://ads.example/conv?order={transaction_id}&value={revenue}",
      },
    ],
  });
  await api("PUT", `/saved-pixels/${pixel.id}?account_id=demo`, {
    description: "Order confirmation page (thank-you)",
  });
  await api("POST", `/saved-pixels/${pixel.id}/accounts?account_id=demo`, {
    account_id: "agency",
  });
  for (const [eventId, orderId, campaign, extra] of [
    ["screenshot-1", "A-1001", "spring_sale"],
    ["screenshot-2", "A-1001", "spring_sale"],
    ["screenshot-3", "A-1002", "retargeting"],
    ["screenshot-4", "A-1003", "spring_sale"],
    ["screenshot-5", "A-1004", null],
    ["screenshot-6", "T-1", null, { test_event_code: "TEST48213" }],
  ])
    await fetch(`${origin}/collect`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({
        pixel_id: pixel.id,
        event_id: eventId,
        type: "conversion",
        conversion_type: "purchase",
        revenue: 49.99,
        currency: "EUR",
        properties: { sku: "SKU-1" },
        transaction_id: orderId,
        visitor_id: "v_5f2c9a0e71b34d8e",
        page_url: "https://shop.example/thank-you",
        ...(campaign && {
          touchpoint: {
            type: "click",
            campaign,
            source: "newsletter",
            age_s: 3600,
          },
        }),
        ...extra,
      }),
    });
  await api("POST", "/ingest-keys?account_id=demo", {
    name: "Checkout backend",
  });

  // Debian's Chromium with the same flags as the browser tests.
  browser = await chromium.launch(
    require(join(root, "test/support/chromium-launch.json")),
  );
  const page = await browser.newPage({
    viewport: { width: 1280, height: 860 },
  });
  mkdirSync(out, { recursive: true });
  await page.goto(`${origin}/#token=${token}`);
  await page.getByRole("link", { name: "Checkout purchase" }).waitFor();
  await page.screenshot({ path: join(out, "1-pixels.png") });

  await page.getByRole("link", { name: "Checkout purchase" }).click();
  await page.locator("section.artifact").first().waitFor();
  await page.screenshot({ path: join(out, "2-editor-install-code.png") });

  await page.getByRole("region", { name: "Recent events table" }).waitFor();
  await page.getByLabel("Your page URL").fill("https://shop.example/thank-you");
  await page.locator("section.events").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, "3-events.png") });

  await page
    .locator("#section-attribution")
    .evaluate((heading) => heading.scrollIntoView());
  await page.screenshot({ path: join(out, "4-conversion-rules.png") });

  await page.getByRole("button", { name: "View version 1" }).click();
  await page
    .locator("#sharing-title")
    .evaluate((heading) => heading.scrollIntoView());
  await page.screenshot({ path: join(out, "5-sharing-history.png") });

  await page.getByRole("link", { name: "Ingest keys" }).click();
  await page.getByLabel("Key name").fill("Order export job");
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByLabel("New ingest key").waitFor();
  await page.screenshot({ path: join(out, "6-ingest-keys.png") });

  // A fresh load, so the ingest key's announcement is not in the picture.
  await page.goto(`${origin}/#/pixels/${pixel.id}/report`);
  await page.reload();
  await page.getByLabel("Group by").selectOption("campaign");
  await page.getByRole("img", { name: /Chart of conversions/ }).waitFor();
  await page.locator(".report-chart canvas").waitFor();
  await page.screenshot({ path: join(out, "7-report.png") });
  process.stdout.write(`screenshots written to ${out}\n`);
} finally {
  await browser?.close();
  service.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
