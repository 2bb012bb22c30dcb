import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

/** Helpers for the pixel builder's Chromium tests (builder*.e2e-spec.ts). */

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Serious or critical axe violations on the page as it stands. */
export async function axeViolations(page: Page): Promise<string[]> {
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
export async function eventually(check: () => Promise<void>, ms = 10000) {
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

/**
 * Collects into `problems` what must never happen on a builder page: a request
 * to another origin than `origin` (blob: and data: excepted), a console error
 * (CSP refusals included) other than a failed resource, an uncaught error.
 */
export function recordPageProblems(
  page: Page,
  origin: string,
  problems: string[],
): void {
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["blob:", "data:"].includes(url.protocol) && url.origin !== origin)
      problems.push(`request to another origin: ${r.url()}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text()))
      problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
}
