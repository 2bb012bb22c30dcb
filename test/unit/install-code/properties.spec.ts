/**
 * Property tests over random valid pixels, hostile text included: every artifact of
 * every platform parses, is ES5 where it must be, is already in Prettier's form, and
 * when its host runs it sends exactly the saved values and runs nothing else.
 * The generic checks loop over TARGET_PLATFORMS, so a new platform is covered the
 * day it is added; the host checks below are per platform.
 *
 * FC_RUNS=5000 npx jest test/unit/install-code/properties.spec.ts  (default: a few hundred)
 */
import { parse as parseJs, tokenizer } from "acorn";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import type {
  InstallCode,
  RenderInput,
} from "../../../src/install-code/engine";
import {
  TARGET_PLATFORMS,
  type TargetPlatform,
} from "../../../src/pixels/pixel-config";
import { scenario, runs } from "./support/arbitraries";
import { runPage, TRAP, type PageRun } from "./support/browser";
import {
  expectedNoscriptParams,
  expectedPayload,
  throughJson,
} from "./support/expected";
import { GtmEmulator, param } from "./support/gtm-emulator";
import { parseSnippet, scriptTexts } from "./support/html";
import { objectWithPaths, readPath } from "./support/page-variables";
import { canonical, plain } from "./support/plain";
import { parserFor, PrettierWorker } from "./support/prettier";
import {
  artifact,
  LOADER_URL,
  PUBLIC_BASE_URL,
  render,
} from "./support/renderer";
import { runExtension, runTealiumDataLayer } from "./support/tealium-host";

const NUM_RUNS = runs(500);
/**
 * Jest's limit per test, scaled for large FC_RUNS (about 40 ms a run on this
 * machine with every check, several times that when its cores are shared).
 */
const TIMEOUT = Math.max(180_000, NUM_RUNS * 360);
const prettier = new PrettierWorker();
afterAll(() => prettier.close());

type Scenario = {
  input: Omit<RenderInput, "platform">;
  pageValues: Array<[string, unknown]>;
};

/** Every artifact is already formatted: Prettier (default options) leaves it unchanged. */
async function expectPrettierStable(code: InstallCode): Promise<void> {
  for (const a of code.artifacts) {
    const parser = parserFor(a.language);
    if (parser === undefined) continue;
    expect({
      id: a.id,
      content: await prettier.format(a.content, parser),
    }).toEqual({
      id: a.id,
      content: a.content,
    });
  }
}

function expectEs5(source: string): void {
  parseJs(source, { ecmaVersion: 5 });
}

/** The artifact is one `<script>` element whose text is everything up to its last `</script>`. */
function singleScript(html: string): string {
  const scripts = scriptTexts(html);
  expect(scripts).toHaveLength(1);
  expect(scripts[0]).toBe(
    html.slice("<script>".length, html.lastIndexOf("</script>")),
  );
  return scripts[0];
}

/** The page queued exactly these payloads, compared value by value (see `canonical`). */
function expectQueue(page: PageRun, payloads: unknown[]): void {
  const ids = new Map<unknown, number>();
  expect(canonical(page.queue, ids)).toEqual(
    canonical(
      payloads.map((p) => ["track", p]),
      ids,
    ),
  );
}

function expectInert(page: PageRun): void {
  expect(page.errors).toEqual([]);
  expect((page.window as any)[TRAP]).toBeUndefined();
}

/** Renders each random scenario for `platform` and checks it with `body`. */
function check(
  platform: RenderInput["platform"],
  body: (code: InstallCode, s: Scenario) => Promise<void>,
  parameters: fc.Parameters<[Scenario]> = { numRuns: NUM_RUNS },
) {
  return fc.assert(
    fc.asyncProperty(scenario, (s) =>
      body(render({ ...s.input, platform }), s),
    ),
    parameters,
  );
}

/** GTM's `{{Variable}}` references, read as an identifier for parsing. */
const withoutGtmReferences = (source: string) =>
  source.replace(/\{\{[^{}]*\}\}/g, "undefined");

/**
 * The source parses as ES5 statements (wrapped in a function, since a Tealium
 * extension is a function body), and hostile saved text stayed inside string
 * literals: no identifier token is the trap's name.
 */
function expectEs5AndInert(source: string): void {
  const wrapped = `(function (a, b) {\n${withoutGtmReferences(source)}\n})`;
  expectEs5(wrapped);
  for (const token of tokenizer(wrapped, { ecmaVersion: 5 })) {
    expect(
      token.type.label === "name" &&
        (token as { value?: unknown }).value === TRAP,
    ).toBe(false);
  }
}

/** The checks every artifact of every platform passes, by its language. */
async function expectWellFormed(code: InstallCode): Promise<void> {
  expect(code.artifacts.length).toBeGreaterThan(0);
  for (const a of code.artifacts) {
    if (a.language === "json") JSON.parse(a.content);
    if (a.language === "javascript") expectEs5AndInert(a.content);
    if (a.language === "html") {
      const body = parseSnippet(a.content);
      // Hostile text never becomes markup: no event-handler attribute, and each
      // script is the text up to its own closing tag.
      for (const element of Array.from(body.querySelectorAll("*")))
        for (const name of element.getAttributeNames())
          expect(name.startsWith("on") ? name : "").toBe("");
      for (const script of Array.from(body.querySelectorAll("script")))
        expectEs5AndInert(script.textContent ?? "");
    }
  }
  await expectPrettierStable(code);
}

type HostCheck = (code: InstallCode, s: Scenario) => Promise<void>;

/** What each platform's host does with the code, beyond the checks every platform passes. */
const HOST_CHECKS: Partial<Record<TargetPlatform, HostCheck>> = {
  /** JavaScript: valid ES5 HTML, Prettier-stable, exact payload in a browser. */
  javascript: async (code, { input, pageValues }) => {
    const base = artifact(code, "base").content;
    const event = artifact(code, "event").content;
    expectEs5(singleScript(base));
    expectEs5(singleScript(event));
    expect(event).not.toContain("{{");

    const images = parseSnippet(event).querySelectorAll("noscript > img");
    expect(images).toHaveLength(1);
    const src = new URL(images[0].getAttribute("src")!);
    expect(`${src.origin}${src.pathname}`).toBe(
      `${PUBLIC_BASE_URL}/collect.gif`,
    );
    expect([...src.searchParams]).toEqual(
      expectedNoscriptParams(input.pixelId, input.config),
    );

    const globals = objectWithPaths(pageValues);
    const page = runPage(base, event, (window: any) => {
      for (const [key, value] of Object.entries(globals)) {
        if (!(key in window)) window[key] = value;
      }
    });
    expectInert(page);
    expect(page.scriptSources).toEqual([LOADER_URL]);
    const expected = expectedPayload(input.pixelId, input.config, (path) =>
      readPath(page.window, path),
    );
    expectQueue(page, [expected]);
  },

  /** GTM: importable container, ES5 tag, matching trigger, exact payload. */
  gtm: async (code, { input, pageValues }) => {
    const containerJson = artifact(code, "container").content;
    const dataLayer = artifact(code, "data_layer").content;
    const tag = artifact(code, "tag").content;
    const version = JSON.parse(containerJson).containerVersion;
    expect(param(version.tag[0].parameter, "html")).toBe(tag);
    // Names and descriptions are JSON data in the export, carried exactly.
    expect(version.tag[0].name).toBe(`Saved Pixel - ${input.name}`);
    expect(version.tag[0].notes).toBe(input.description || undefined);

    // `{{` appears only as references to the container's own variables, and each is used.
    const script = singleScript(tag);
    const references = [...script.matchAll(/\{\{([^{}]*)\}\}/g)].map(
      (m) => m[1],
    );
    expect(script.split("{{").length - 1).toBe(references.length);
    const names = (version.variable ?? []).map((v: any) => v.name);
    expect(new Set(references)).toEqual(new Set(names));
    expectEs5(script.replace(/\{\{[^{}]*\}\}/g, "undefined"));
    // Prettier cannot parse `{{…}}`, so it leaves the tag alone; with each reference
    // read as an identifier of the same width, the layout is still Prettier's.
    const asIdentifiers = tag.replace(/\{\{[^{}]*\}\}/g, (r) =>
      "$".repeat(r.length),
    );
    expect(await prettier.format(asIdentifiers, "html")).toBe(asIdentifiers);
    expectEs5(dataLayer);

    const gtm = new GtmEmulator(containerJson);
    gtm.runSiteCode(dataLayer);
    const read = (path: string) => throughJson(gtm.dataModel.get(path));
    const payloads: unknown[] = [];
    if (input.config.type === "pageview") {
      gtm.push(objectWithPaths(pageValues));
      gtm.load();
      payloads.push(expectedPayload(input.pixelId, input.config, read));
    } else {
      const events = gtm.dataLayer.filter(
        (m: any) => typeof m?.event === "string",
      ) as any[];
      expect(events).toHaveLength(1);
      const trigger = version.trigger[0];
      expect(param(trigger.customEventFilter[0].parameter, "arg1")).toBe(
        events[0].event,
      );
      payloads.push(expectedPayload(input.pixelId, input.config, read));
      // The site's real values, pushed with the same event.
      gtm.push({ ...objectWithPaths(pageValues), event: events[0].event });
      payloads.push(expectedPayload(input.pixelId, input.config, read));
    }
    expect(gtm.fired).toHaveLength(payloads.length);
    const page = gtm.result();
    expectInert(page);
    expectQueue(page, payloads);
  },

  /** Tealium: ES5 extension, fires only for its event, exact payload. */
  tealium: async (code, { input, pageValues }) => {
    const extension = artifact(code, "extension").content;
    const dataLayer = artifact(code, "data_layer").content;
    expectEs5(`(function (a, b) {\n${extension}\n})`);
    expectEs5(dataLayer);
    expect(extension).not.toContain("{{");
    for (const line of artifact(code, "variables")
      .content.split("\n")
      .slice(0, -1)) {
      expect(line).toMatch(/^[A-Za-z0-9_$.]+, UDO Variable, "[^"]*"$/);
    }

    const sent = runTealiumDataLayer(dataLayer);
    const values = Object.fromEntries(
      pageValues.filter(([path]) => path !== "tealium_event"),
    );
    const isPageview = input.config.type === "pageview";
    const data = isPageview ? sent.utagData! : sent.links[0];
    expect(sent.links).toHaveLength(isPageview ? 0 : 1);
    const b: Record<string, unknown> = {
      ...(plain(data) as object),
      ...values,
    };

    const own = runExtension(extension, isPageview ? "view" : "link", b);
    expectInert(own);
    expect(own.scriptSources).toEqual([LOADER_URL]);
    const expected = expectedPayload(input.pixelId, input.config, (path) =>
      Object.prototype.hasOwnProperty.call(b, path) ? b[path] : undefined,
    );
    expectQueue(own, [expected]);

    const other = isPageview
      ? runExtension(extension, "link", b)
      : runExtension(extension, "link", {
          ...b,
          tealium_event: `${b.tealium_event}_other`,
        });
    expectInert(other);
    expect(other.queue).toBeUndefined();
  },
};

describe("install code for random valid pixels", () => {
  it("javascript: seed -705038107 (an inherited property read through a variable path)", () =>
    check("javascript", HOST_CHECKS.javascript!, {
      seed: -705038107,
      path: "113:0:0:0:0:0:0:0:0:0:0:0:5:4:4:4:4:4:4:4:4:4:4:4:4:4:4:4:4:4:4:4:4:4:8:0",
    }));

  it.each(TARGET_PLATFORMS)(
    "%s: parses (JSON, ES5 scripts), keeps hostile text inert, is Prettier-stable, and its host sends the exact payload",
    (platform) =>
      check(platform, async (code, s) => {
        await expectWellFormed(code);
        await HOST_CHECKS[platform]?.(code, s);
      }),
    TIMEOUT,
  );

  it(
    "server: the Node function parses, is Prettier-stable and sends exactly the saved values",
    () =>
      check("server", async (code, { input, pageValues }) => {
        const node = artifact(code, "node").content;
        parseJs(node, { ecmaVersion: "latest" });
        await expectPrettierStable(code);

        const values: Record<string, unknown> = Object.create(null);
        for (const [path, value] of pageValues)
          if (!(path in values)) values[path] = value;
        const browser = { event_id: "ev_12345678", visitor_id: "v_1" };
        const calls: Array<[string, any]> = [];
        const context = {
          process: { env: { SPX_INGEST_KEY: "spx_ik_test" } },
          JSON,
          Error,
          fetch: async (url: string, init: unknown) => {
            calls.push([url, init]);
            return {
              ok: true,
              json: async () => ({ success: true, data: { accepted: 1 } }),
            };
          },
          result: undefined as unknown,
          browser,
          values,
        };
        runInNewContext(
          `${node}\nresult = sendSavedPixelEvent(browser, values);`,
          context,
        );
        expect(await context.result).toEqual({ accepted: 1 });
        expect(calls).toHaveLength(1);
        const [url, init] = calls[0];
        expect(url).toBe(`${PUBLIC_BASE_URL}/events`);
        expect(init.method).toBe("POST");
        expect(init.headers.Authorization).toBe("Bearer spx_ik_test");
        expect(JSON.parse(init.body)).toEqual({
          events: [
            throughJson({
              ...expectedPayload(
                input.pixelId,
                input.config,
                (path) => values[path],
              ),
              ...browser,
            }),
          ],
        });
      }),
    TIMEOUT,
  );

  it(
    "server: the curl command runs in bash with every saved value inert and exact",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "spx-curl-"));
      try {
        return fc.assert(
          fc.property(scenario, ({ input }) => {
            const curl = artifact(
              render({ ...input, platform: "server" }),
              "curl",
            ).content;
            // `curl` is a shell function printing its arguments, NUL-separated.
            const run = spawnSync(
              "bash",
              [
                "--norc",
                "--noprofile",
                "-c",
                `curl() { printf '%s\\0' "$@"; }\n${curl}`,
              ],
              {
                cwd: dir,
                env: { PATH: process.env.PATH, SPX_INGEST_KEY: "spx_ik_test" },
                encoding: "utf8",
              },
            );
            expect(run.stderr).toBe("");
            expect(run.status).toBe(0);
            const args = run.stdout.split("\0").slice(0, -1);
            expect(args.slice(0, -1)).toEqual([
              "-sS",
              "-X",
              "POST",
              `${PUBLIC_BASE_URL}/events`,
              "-H",
              "Authorization: Bearer spx_ik_test",
              "-H",
              "Content-Type: application/json",
              "--data-binary",
            ]);
            expect(JSON.parse(args[args.length - 1])).toEqual({
              events: [
                throughJson({
                  ...expectedPayload(input.pixelId, input.config, (path) =>
                    path === "" ? undefined : `<${path}>`,
                  ),
                  event_id: "<event_id>",
                  visitor_id: "<visitor_id>",
                }),
              ],
            });
            expect(readdirSync(dir)).toEqual([]);
          }),
          { numRuns: Math.min(NUM_RUNS, 200) },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
