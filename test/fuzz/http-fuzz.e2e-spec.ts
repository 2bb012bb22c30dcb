import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  pixelBody,
  request,
  startTestApp,
  TEST_SECRET,
  TestApp,
} from "../support/test-app";
import {
  checkResponse,
  closeAgent,
  ConcreteRequest,
  forgeJwt,
  FuzzContext,
  fuzzCase,
  materialise,
  mutate,
  RawResponse,
  ROUTES,
  send,
  validBody,
} from "./arbitraries";

/**
 * An HTTP fuzzer over every route (ROUTES in ./arbitraries): valid and mutated
 * bodies, junk paths, query strings and headers, valid and broken tokens. The
 * property: never a 5xx, every API answer is the JSON envelope, nothing internal
 * leaks, and the service is healthy afterwards.
 *
 *   FUZZ_RUNS=20000 npm run fuzz      a long run (the default fits CI)
 *   FUZZ_SEED=123 …                   replays a run (the seed is printed)
 *   FUZZ_TIME_LIMIT_MS=…              stop after this long (default 45 s unless FUZZ_RUNS is set)
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 15000);
const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Date.now() % 2 ** 31;
/**
 * In the default (CI) run, a slow machine stops after 45 s and says how many
 * cases it ran, rather than time out; an explicit FUZZ_RUNS runs them all.
 */
const TIME_LIMIT_MS = Number(
  process.env.FUZZ_TIME_LIMIT_MS ?? (process.env.FUZZ_RUNS ? 0 : 45_000),
);

describe(`HTTP fuzzer (${RUNS} cases, seed ${SEED})`, () => {
  let t: TestApp;
  let ctx: FuzzContext;
  const statuses = new Map<number, number>();
  let cases = 0;
  let started = Date.now();

  async function createPixel(account: string): Promise<string> {
    const response = await request(
      t.baseUrl,
      "POST",
      `/saved-pixels?account_id=${account}`,
      {
        token: t.token(account),
        json: pixelBody(),
      },
    );
    if (response.status !== 201) throw new Error(response.text);
    return response.body.data.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ctx = {
      secret: TEST_SECRET,
      accountA: t.account("fuzz-a"),
      accountB: t.account("fuzz-b"),
      pixelsA: [],
      pixelsB: [],
      etags: new Map(),
    };
    for (let i = 0; i < 3; i++) {
      ctx.pixelsA.push(await createPixel(ctx.accountA));
      ctx.pixelsB.push(await createPixel(ctx.accountB));
    }
  });

  afterAll(async () => {
    closeAgent();
    await t?.close();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const histogram = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(" ");
    process.stdout.write(
      `\nHTTP fuzzer: ${cases} requests over ${ROUTES.length} routes in ${seconds} s (seed ${SEED}); statuses: ${histogram}\n`,
    );
  });

  /** Keeps the fuzzer's picture of which pixels exist (and their ETags) current. */
  async function track(
    sent: ConcreteRequest,
    response: RawResponse,
  ): Promise<void> {
    const match = /^\/saved-pixels\/(pix_[a-z0-9]+)(?:\?|$)/.exec(sent.path);
    if (match && sent.method === "DELETE" && response.status === 204) {
      ctx.pixelsA = ctx.pixelsA.filter((id) => id !== match[1]);
      ctx.pixelsB = ctx.pixelsB.filter((id) => id !== match[1]);
    }
    const etag = response.headers.etag;
    if (match && typeof etag === "string") ctx.etags.set(match[1], etag);
    if (ctx.pixelsA.length < 2)
      ctx.pixelsA.push(await createPixel(ctx.accountA));
    if (ctx.pixelsB.length < 2)
      ctx.pixelsB.push(await createPixel(ctx.accountB));
  }

  it("knows every route of the OpenAPI document", () => {
    const document = JSON.parse(
      readFileSync(join(__dirname, "../../openapi.json"), "utf8"),
    ) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(
      ([path, operations]) =>
        Object.keys(operations).map(
          (method) =>
            `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, "{id}")}`,
        ),
    );
    const fuzzed = ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(documented.filter((route) => !fuzzed.includes(route))).toEqual([]);
  });

  /** What earlier runs of this fuzzer found (each was a 5xx or a non-envelope answer). */
  const REGRESSIONS: Array<[string, (ctx: FuzzContext) => ConcreteRequest]> = [
    [
      "a deeply nested JSON event (the size check overflowed the stack)",
      () => ({
        method: "POST",
        path: "/collect",
        headers: { "content-type": "application/json" },
        body: Buffer.from(`${'{"a":'.repeat(9000)}1${"}".repeat(9000)}`),
      }),
    ],
    [
      "revenue given as a list (stored, then broke the renderers)",
      (ctx) => ({
        method: "POST",
        path: `/saved-pixels?account_id=${ctx.accountA}`,
        headers: json(ctx),
        body: Buffer.from(
          JSON.stringify(
            mutate(validBody("create", ""), [
              { op: "set", path: [2, 2], value: [] },
            ]),
          ),
        ),
      }),
    ],
    [
      "a property given as a list",
      (ctx) => ({
        method: "POST",
        path: `/saved-pixels/preview?account_id=${ctx.accountA}`,
        headers: json(ctx),
        body: Buffer.from(
          JSON.stringify({ config: { type: "pageview", properties: [[]] } }),
        ),
      }),
    ],
    [
      "a NUL in conversion_type (PostgreSQL refuses it in text)",
      (ctx) => ({
        method: "POST",
        path: `/saved-pixels?account_id=${ctx.accountA}`,
        headers: json(ctx),
        body: Buffer.from(
          JSON.stringify({
            name: "nul",
            config: { type: "conversion", conversion_type: "a\u0000b" },
          }),
        ),
      }),
    ],
    [
      "a NUL in the pixel id (PostgreSQL refuses it in a query)",
      (ctx) => ({
        method: "GET",
        path: `/saved-pixels/pix_%00/code?account_id=${ctx.accountA}`,
        headers: json(ctx),
      }),
    ],
    [
      "OPTIONS without Origin (answered text/plain)",
      () => ({
        method: "OPTIONS",
        path: "/saved-pixels",
        headers: {},
      }),
    ],
    [
      "a raw non-ASCII byte in the path (answered by Node's parser)",
      () => ({
        method: "GET",
        path: "/t.js?x=\u00e4",
        headers: {},
      }),
    ],
  ];
  function json(ctx: FuzzContext): Record<string, string> {
    const token = forgeJwt(
      { alg: "HS256" },
      { sub: 7, accounts: { [ctx.accountA]: "editor" } },
      ctx.secret,
    );
    return {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    };
  }

  it.each(REGRESSIONS)("regression: %s", async (_name, build) => {
    const sent = build(ctx);
    const response = await send(t.baseUrl, sent);
    expect(checkResponse(sent, response)).toBeNull();
    expect(response.status).toBeLessThan(500);
  });

  it("never answers 5xx, always answers the envelope, and stays healthy", async () => {
    started = Date.now();
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (fuzz) => {
        const sent = materialise(fuzz, ctx);
        cases += 1;
        const response = await send(t.baseUrl, sent);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const problem = checkResponse(sent, response);
        if (problem) {
          throw new Error(
            `${sent.method} ${sent.path.slice(0, 300)}\nheaders: ${JSON.stringify(sent.headers).slice(0, 500)}\nbody: ${sent.body?.toString("utf8").slice(0, 500)}\n→ ${problem}`,
          );
        }
        await track(sent, response);
      }),
      {
        numRuns: RUNS,
        seed: SEED,
        interruptAfterTimeLimit: TIME_LIMIT_MS > 0 ? TIME_LIMIT_MS : undefined,
        markInterruptAsFailure: false,
        endOnFailure: false,
      },
    );

    const health = await request(t.baseUrl, "GET", "/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      success: true,
      data: { status: "ok" },
    });
    // And it still does real work: a create and a read.
    const id = await createPixel(ctx.accountA);
    const read = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${id}?account_id=${ctx.accountA}`,
      { token: t.token(ctx.accountA, "viewer") },
    );
    expect(read.status).toBe(200);
  }, 600_000);
});
