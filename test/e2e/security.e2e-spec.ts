import fc from "fast-check";
import {
  createHmac,
  createSign,
  generateKeyPairSync,
  randomBytes,
} from "node:crypto";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { MAX_TOKEN_LENGTH } from "../../src/auth/jwt";
import {
  request,
  startTestApp,
  TEST_SECRET,
  TestApp,
} from "../support/test-app";
import {
  b64url,
  forgeJwt,
  RouteSpec,
  ROUTES,
  validBody,
} from "../fuzz/arbitraries";

/**
 * The security suite: forged and malformed tokens, tenant isolation as a random
 * walk over every account route, per-token rate limiting, and the security
 * headers (which must not break Swagger UI or the cross-origin tracker).
 */
const now = () => Math.floor(Date.now() / 1000);

describe("security", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("JWT attacks: every one is 401 UNAUTHENTICATED", () => {
    const account = "acme";
    const good = {
      sub: 7,
      accounts: { [account]: "editor" },
      iat: now(),
      exp: now() + 3600,
    };
    const hs256 = { alg: "HS256", typ: "JWT" };
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
    });
    const publicPem = publicKey.export({
      type: "spki",
      format: "pem",
    }) as string;

    function signWith(
      algorithm: "sha256" | "sha512",
      header: object,
      claims: object,
      secret: string,
    ) {
      const input = `${b64url(header)}.${b64url(claims)}`;
      return `${input}.${createHmac(algorithm, secret).update(input).digest("base64url")}`;
    }
    function rs256(claims: object): string {
      const input = `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url(claims)}`;
      const signature = createSign("RSA-SHA256").update(input).sign(privateKey);
      return `${input}.${signature.toString("base64url")}`;
    }
    const withClaims = (claims: Record<string, unknown>) =>
      forgeJwt(hs256, claims, TEST_SECRET);
    const without = (claim: string) => {
      const claims: Record<string, unknown> = { ...good };
      delete claims[claim];
      return withClaims(claims);
    };
    const huge = withClaims({
      ...good,
      pad: "x".repeat(MAX_TOKEN_LENGTH),
    });

    const attacks: Array<[string, string]> = [
      [
        "alg none, no signature",
        `${b64url({ alg: "none", typ: "JWT" })}.${b64url(good)}.`,
      ],
      ["alg none, two parts", `${b64url({ alg: "none" })}.${b64url(good)}`],
      [
        "alg none, with an HS256 signature",
        forgeJwt({ alg: "none", typ: "JWT" }, good, TEST_SECRET),
      ],
      ["alg None", forgeJwt({ alg: "None" }, good, TEST_SECRET)],
      ["alg NONE", forgeJwt({ alg: "NONE" }, good, TEST_SECRET)],
      [
        "alg HS512, signed with HS512 and the right secret",
        signWith("sha512", { alg: "HS512", typ: "JWT" }, good, TEST_SECRET),
      ],
      [
        "alg HS384 header over an HS256 signature",
        forgeJwt({ alg: "HS384" }, good, TEST_SECRET),
      ],
      [
        "alg RS256, HMAC-signed with the RSA public key (PEM) as secret",
        signWith("sha256", { alg: "RS256", typ: "JWT" }, good, publicPem),
      ],
      [
        "alg HS256, signed with the RSA public key (PEM) as secret",
        signWith("sha256", hs256, good, publicPem),
      ],
      ["a real RS256 token", rs256(good)],
      [
        "wrong key",
        forgeJwt(hs256, good, "another-secret-0123456789abcdef0123456789"),
      ],
      ["empty key", forgeJwt(hs256, good, "")],
      [
        "tampered payload",
        `${withClaims(good).split(".")[0]}.${b64url({ ...good, accounts: { [account]: "owner" } })}.${withClaims(good).split(".")[2]}`,
      ],
      ["expired an hour ago", withClaims({ ...good, exp: now() - 3600 })],
      [
        "expired 35 s ago (past the 30 s leeway)",
        withClaims({ ...good, exp: now() - 35 }),
      ],
      ["exp as a string", withClaims({ ...good, exp: String(now() + 3600) })],
      [
        "not valid for another hour",
        withClaims({ ...good, nbf: now() + 3600 }),
      ],
      ["nbf as a string", withClaims({ ...good, nbf: "yesterday" })],
      ["sub missing", without("sub")],
      ["sub an object", withClaims({ ...good, sub: { id: 7 } })],
      ["sub an array", withClaims({ ...good, sub: [7] })],
      ["sub empty", withClaims({ ...good, sub: "" })],
      ["sub a negative number", withClaims({ ...good, sub: -1 })],
      ["sub a fraction", withClaims({ ...good, sub: 1.5 })],
      ["sub null", withClaims({ ...good, sub: null })],
      ["sub true", withClaims({ ...good, sub: true })],
      ["sub with spaces", withClaims({ ...good, sub: "user 7" })],
      ["accounts missing", without("accounts")],
      ["accounts an array", withClaims({ ...good, accounts: [account] })],
      [
        "accounts an array of pairs",
        withClaims({ ...good, accounts: [[account, "editor"]] }),
      ],
      ["accounts a string", withClaims({ ...good, accounts: account })],
      ["accounts null", withClaims({ ...good, accounts: null })],
      [
        "role not in the list",
        withClaims({ ...good, accounts: { [account]: "superuser" } }),
      ],
      [
        "role in upper case",
        withClaims({ ...good, accounts: { [account]: "EDITOR" } }),
      ],
      [
        "role an array",
        withClaims({ ...good, accounts: { [account]: ["editor"] } }),
      ],
      [
        "account id with spaces",
        withClaims({ ...good, accounts: { "ac me": "editor" } }),
      ],
      ["account id empty", withClaims({ ...good, accounts: { "": "editor" } })],
      [
        "a __proto__ account",
        forgeJwt(
          hs256,
          JSON.parse(
            `{"sub":7,"accounts":{"__proto__":{"${account}":"owner"}}}`,
          ),
          TEST_SECRET,
        ),
      ],
      [`huge (${huge.length} characters, validly signed)`, huge],
      [
        "header and payload swapped",
        (() => {
          const [h, p, s] = withClaims(good).split(".");
          return `${p}.${h}.${s}`;
        })(),
      ],
      ["four parts", `${withClaims(good)}.x`],
      ["not base64url", withClaims(good).replace(/\./, ".$")],
      [
        "payload not JSON",
        `${b64url(hs256)}.${b64url("not json")}.${createHmac(
          "sha256",
          TEST_SECRET,
        )
          .update(`${b64url(hs256)}.${b64url("not json")}`)
          .digest("base64url")}`,
      ],
      ["typ JWS", forgeJwt({ alg: "HS256", typ: "JWS" }, good, TEST_SECRET)],
      [
        "crit header",
        forgeJwt({ alg: "HS256", crit: ["exp"] }, good, TEST_SECRET),
      ],
    ];

    it("accepts the well-formed control token (so the refusals below are about the attack)", async () => {
      const response = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels?account_id=${account}`,
        { token: withClaims(good) },
      );
      expect(response.status).toBe(200);
    });

    it.each(attacks)("%s", async (_name, token) => {
      for (const path of [
        `/saved-pixels?account_id=${account}`,
        "/saved-pixels/options",
        `/saved-pixels/preview?account_id=${account}`,
      ]) {
        const response = await request(
          t.baseUrl,
          path.includes("preview") ? "POST" : "GET",
          path,
          {
            token,
            json: path.includes("preview")
              ? validBody("preview", "")
              : undefined,
          },
        );
        expect({ path, status: response.status }).toEqual({
          path,
          status: 401,
        });
        expect(response.body.error.code).toBe("UNAUTHENTICATED");
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(response.text).not.toContain(TEST_SECRET);
      }
    });
  });

  describe("tenant isolation: a random walk of three accounts, sharing and unsharing, over every account route", () => {
    /**
     * The pixel routes a token holder reaches with account_id. (Ingest keys are
     * per account, not per pixel: their isolation is in ingest-keys.e2e-spec.ts.)
     */
    const accountRoutes = ROUTES.filter(
      (route) =>
        (route.auth === "read" || route.auth === "write") &&
        route.path.startsWith("/saved-pixels"),
    );
    const sharingRoutes = accountRoutes.filter((route) =>
      route.path.startsWith("/saved-pixels/{id}/accounts"),
    );
    /** What an account a pixel is shared with may do with it (contract §11). */
    const SHARED_READS = new Set([
      "GET /saved-pixels/{id}",
      "GET /saved-pixels/{id}/code",
      "GET /saved-pixels/{id}/events",
      "GET /saved-pixels/{id}/report",
    ]);

    it("covers every account route", () => {
      expect(accountRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining([
          "GET /saved-pixels",
          "POST /saved-pixels",
          "GET /saved-pixels/{id}",
          "PUT /saved-pixels/{id}",
          "DELETE /saved-pixels/{id}",
          "GET /saved-pixels/{id}/accounts",
          "POST /saved-pixels/{id}/accounts",
          "DELETE /saved-pixels/{id}/accounts/{id}",
          "GET /saved-pixels/{id}/versions",
          "POST /saved-pixels/{id}/versions/{id}/restore",
        ]),
      );
    });

    type Actor = "A" | "B" | "C";
    const ACTORS: readonly Actor[] = ["A", "B", "C"];
    interface Step {
      actor: Actor;
      route: RouteSpec;
      /** Whose pixel the path names (for {id} routes): the actor's, or one of the two others'. */
      target: 0 | 1 | 2;
      pick: number;
      /** Which of the two other accounts a share or unshare names. */
      partner: 0 | 1;
      /** account_id: the actor's own account, or another one (no role there). */
      accountParam: "own" | "other";
    }
    const step: fc.Arbitrary<Step> = fc.record({
      actor: fc.constantFrom<Actor>(...ACTORS),
      route: fc.oneof(
        { arbitrary: fc.constantFrom(...accountRoutes), weight: 3 },
        // Shares come and go often, so reads meet every state.
        { arbitrary: fc.constantFrom(...sharingRoutes), weight: 1 },
      ),
      target: fc.constantFrom<Step["target"]>(0, 0, 1, 2),
      pick: fc.nat(),
      partner: fc.constantFrom<Step["partner"]>(0, 1),
      accountParam: fc.constantFrom<Step["accountParam"]>(
        "own",
        "own",
        "own",
        "other",
      ),
    });
    let requests = 0;

    afterAll(() => {
      process.stdout.write(
        `\ntenant walk: ${requests} requests over ${accountRoutes.length} account routes, three accounts, zero reads or writes outside what the shares allow\n`,
      );
    });

    it("each account reads only its own pixels and those shared with it, and changes only its own", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { minLength: 10, maxLength: 40 }),
          async (steps) => {
            const accounts: Record<Actor, string> = {
              A: t.account("iso-a"),
              B: t.account("iso-b"),
              C: t.account("iso-c"),
            };
            const tokens: Record<Actor, string> = {
              A: t.token(accounts.A, "editor", "1"),
              B: t.token(accounts.B, "editor", "2"),
              C: t.token(accounts.C, "editor", "3"),
            };
            /** Live pixels per owner: id → name. */
            const live: Record<Actor, Map<string, string>> = {
              A: new Map(),
              B: new Map(),
              C: new Map(),
            };
            /** Each pixel's first name (what restoring version 1 brings back). */
            const firstName = new Map<string, string>();
            /** Who each live pixel is shared with. */
            const sharedWith = new Map<string, Set<Actor>>();
            /** Everything each pixel ever was: its id and every name it had. */
            const secrets = new Map<string, Set<string>>();
            const others = (actor: Actor): Actor[] =>
              ACTORS.filter((other) => other !== actor);
            const ownerOf = (id: string): Actor | undefined =>
              ACTORS.find((actor) => live[actor].has(id));
            const mayRead = (actor: Actor, id: string): boolean =>
              ownerOf(id) === actor ||
              (sharedWith.get(id)?.has(actor) ?? false);
            const rename = (owner: Actor, id: string, name: string) => {
              live[owner].set(id, name);
              secrets.get(id)!.add(name);
            };

            async function create(actor: Actor): Promise<void> {
              const body = validBody("create", "") as Record<string, unknown>;
              body.name = `${actor}-secret-${randomBytes(5).toString("hex")}`;
              const response = await request(
                t.baseUrl,
                "POST",
                `/saved-pixels?account_id=${accounts[actor]}`,
                { token: tokens[actor], json: body },
              );
              requests++;
              expect(response.status).toBe(201);
              const id = response.body.data.id as string;
              secrets.set(id, new Set([id]));
              rename(actor, id, body.name as string);
              firstName.set(id, body.name as string);
              sharedWith.set(id, new Set());
            }
            for (const actor of ACTORS) {
              await create(actor);
              await create(actor);
            }

            for (const s of steps) {
              const owner: Actor =
                s.target === 0 ? s.actor : others(s.actor)[s.target - 1];
              if (live[owner].size === 0) await create(owner);
              const id = [...live[owner].keys()][s.pick % live[owner].size];
              const partner = others(owner)[s.partner];
              const accountId =
                accounts[
                  s.accountParam === "own"
                    ? s.actor
                    : others(s.actor)[s.pick % 2]
                ];
              const route = `${s.route.method} ${s.route.path}`;
              const path = `${s.route.path
                .replace("{id}", id)
                .replace(
                  "{id}",
                  s.route.path.includes("/versions/") ? "1" : accounts[partner],
                )}?account_id=${accountId}`;
              let body: Record<string, unknown> | undefined;
              if (s.route.body) {
                body = validBody(s.route.body, id) as Record<string, unknown>;
                if (s.route.body === "create" || s.route.body === "update")
                  body.name = `${s.actor}-secret-${randomBytes(5).toString("hex")}`;
                if (s.route.body === "share")
                  body.account_id = accounts[partner];
              }
              const readableBefore = (actor: Actor, pixel: string) =>
                mayRead(actor, pixel);
              const response = await request(t.baseUrl, s.route.method, path, {
                token: tokens[s.actor],
                json: body,
              });
              requests++;
              const what = `${s.actor} ${s.route.method} ${path}`;

              // Nothing of a pixel the actor may not read, ever, in any answer.
              for (const [pixel, words] of secrets) {
                if (readableBefore(s.actor, pixel)) continue;
                for (const secret of words)
                  expect({
                    what,
                    leaked: response.text.includes(secret),
                  }).toEqual({ what, leaked: false });
              }

              if (s.accountParam === "other") {
                // No role on that account: refused before anything is read.
                expect({ what, status: response.status }).toEqual({
                  what,
                  status: 403,
                });
                continue;
              }
              const named = s.route.path.includes("{id}");
              if (named && owner !== s.actor) {
                const shared = sharedWith.get(id)!.has(s.actor);
                // Shared: read, never change. Not shared: "not found", like an unknown id.
                const status = !shared
                  ? 404
                  : SHARED_READS.has(route)
                    ? 200
                    : 403;
                expect({ what, status: response.status }).toEqual({
                  what,
                  status,
                });
                if (status === 404)
                  expect(response.body.error.code).toBe("NOT_FOUND");
                continue;
              }

              let expected: number;
              switch (route) {
                case "POST /saved-pixels":
                  expected = 201;
                  break;
                case "DELETE /saved-pixels/{id}":
                  expected = 204;
                  break;
                case "POST /saved-pixels/{id}/accounts":
                  expected = sharedWith.get(id)!.has(partner) ? 200 : 201;
                  break;
                case "DELETE /saved-pixels/{id}/accounts/{id}":
                  expected = sharedWith.get(id)!.has(partner) ? 204 : 404;
                  break;
                default:
                  expected = 200;
              }
              expect({ what, status: response.status }).toEqual({
                what,
                status: expected,
              });
              switch (route) {
                case "POST /saved-pixels": {
                  const created = response.body.data.id as string;
                  secrets.set(created, new Set([created]));
                  rename(s.actor, created, body!.name as string);
                  firstName.set(created, body!.name as string);
                  sharedWith.set(created, new Set());
                  break;
                }
                case "PUT /saved-pixels/{id}":
                  rename(s.actor, id, body!.name as string);
                  break;
                case "POST /saved-pixels/{id}/versions/{id}/restore":
                  rename(s.actor, id, firstName.get(id)!);
                  break;
                case "DELETE /saved-pixels/{id}":
                  live[s.actor].delete(id);
                  sharedWith.delete(id);
                  break;
                case "POST /saved-pixels/{id}/accounts":
                  sharedWith.get(id)!.add(partner);
                  break;
                case "DELETE /saved-pixels/{id}/accounts/{id}":
                  sharedWith.get(id)!.delete(partner);
                  break;
                case "GET /saved-pixels/{id}/accounts":
                  expect(
                    new Set(
                      response.body.data.map(
                        (entry: { account_id: string }) => entry.account_id,
                      ),
                    ),
                  ).toEqual(
                    new Set(
                      [...sharedWith.get(id)!].map((actor) => accounts[actor]),
                    ),
                  );
                  break;
                case "GET /saved-pixels": {
                  const listed = new Set(
                    response.body.data.map((p: { id: string }) => p.id),
                  );
                  const readable = [...secrets.keys()].filter((pixel) =>
                    mayRead(s.actor, pixel),
                  );
                  expect({ what, listed }).toEqual({
                    what,
                    listed: new Set(readable),
                  });
                  break;
                }
              }
            }

            // Each account's own pixels are exactly what its own requests made
            // of them, and it reads exactly those plus the ones shared with it.
            for (const actor of ACTORS) {
              const list = await request(
                t.baseUrl,
                "GET",
                `/saved-pixels?account_id=${accounts[actor]}&limit=200`,
                { token: tokens[actor] },
              );
              requests++;
              const own = new Map(
                list.body.data
                  .filter((p: { shared: boolean }) => !p.shared)
                  .map((p: { id: string; name: string }) => [p.id, p.name]),
              );
              expect(own).toEqual(live[actor]);
              const shared = new Map(
                list.body.data
                  .filter((p: { shared: boolean }) => p.shared)
                  .map((p: { id: string; owner_account_id: string }) => [
                    p.id,
                    p.owner_account_id,
                  ]),
              );
              const expectedShared = new Map<string, string>();
              for (const [pixel, readers] of sharedWith)
                if (readers.has(actor))
                  expectedShared.set(pixel, accounts[ownerOf(pixel)!]);
              expect(shared).toEqual(expectedShared);
            }
          },
        ),
        { numRuns: Number(process.env.TENANT_WALK_RUNS ?? 40) },
      );
    });
  });

  describe("rate limiting", () => {
    it("with RATE_LIMIT_PER_MINUTE=5: the 6th request with one token is 429 RATE_LIMITED with Retry-After; another token is unaffected", async () => {
      const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: "5" });
      try {
        const account = limited.account();
        const first = limited.token(account, "viewer", "1");
        const second = limited.token(account, "viewer", "2");
        const paths = [
          `/saved-pixels?account_id=${account}`,
          "/saved-pixels/options",
        ];
        for (let i = 0; i < 5; i++) {
          const ok = await request(limited.baseUrl, "GET", paths[i % 2], {
            token: first,
          });
          expect(ok.status).toBe(200);
        }
        const sixth = await request(limited.baseUrl, "GET", paths[0], {
          token: first,
        });
        expect(sixth.status).toBe(429);
        expect(sixth.body).toMatchObject({
          success: false,
          error: { code: "RATE_LIMITED" },
        });
        const retryAfter = Number(sixth.headers.get("retry-after"));
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        // Readable from a browser page too.
        const exposed = await fetch(`${limited.baseUrl}${paths[0]}`, {
          headers: {
            authorization: `Bearer ${first}`,
            origin: "https://app.example",
          },
        });
        expect(exposed.status).toBe(429);
        expect(exposed.headers.get("access-control-expose-headers")).toMatch(
          /Retry-After/i,
        );

        const other = await request(limited.baseUrl, "GET", paths[0], {
          token: second,
        });
        expect(other.status).toBe(200);
        // Public routes are not counted against anyone.
        expect((await request(limited.baseUrl, "GET", "/health")).status).toBe(
          200,
        );
      } finally {
        await limited.close();
      }
    });

    it("is off by default: 100 requests with one token all succeed", async () => {
      const account = t.account();
      const token = t.token(account, "viewer");
      const statuses = await Promise.all(
        Array.from({ length: 100 }, () =>
          request(t.baseUrl, "GET", `/saved-pixels?account_id=${account}`, {
            token,
          }).then((response) => response.status),
        ),
      );
      expect(new Set(statuses)).toEqual(new Set([200]));
    });
  });

  describe("security headers", () => {
    const expectHardened = (headers: Headers) => {
      expect(headers.get("content-security-policy")).toMatch(
        /default-src 'self'/,
      );
      expect(headers.get("content-security-policy")).toMatch(
        /object-src 'none'/,
      );
      expect(headers.get("content-security-policy")).not.toMatch(
        /upgrade-insecure-requests/,
      );
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(headers.get("referrer-policy")).toBe("no-referrer");
      expect(headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(headers.get("x-powered-by")).toBeNull();
    };

    it("are on API answers, successes and errors alike", async () => {
      const account = t.account();
      const token = t.token(account);
      for (const [path, status, withToken] of [
        [`/saved-pixels?account_id=${account}`, 200, true],
        ["/saved-pixels/options", 401, false],
        [`/saved-pixels/pix_nope000?account_id=${account}`, 404, true],
        ["/no/such/route", 404, false],
        ["/health", 200, false],
      ] as const) {
        const response = await request(t.baseUrl, "GET", path, {
          token: withToken ? token : undefined,
        });
        expect({ path, status: response.status }).toEqual({ path, status });
        expectHardened(response.headers);
        expect(response.headers.get("x-request-id")).toBeTruthy();
        expect(response.headers.get("cross-origin-resource-policy")).toBe(
          "same-origin",
        );
      }
    });

    it("leave /t.js and /collect loadable from any origin", async () => {
      const tracker = await request(t.baseUrl, "GET", "/t.js", {
        headers: { origin: "https://shop.example" },
      });
      expect(tracker.status).toBe(200);
      expect(tracker.headers.get("content-type")).toMatch(/javascript/);
      expect(tracker.headers.get("cross-origin-resource-policy")).toBe(
        "cross-origin",
      );
      expect(tracker.headers.get("x-content-type-options")).toBe("nosniff");
      const cached = await request(t.baseUrl, "GET", "/t.js", {
        headers: { "if-none-match": tracker.headers.get("etag")! },
      });
      expect(cached.status).toBe(304);
      expect(cached.headers.get("cross-origin-resource-policy")).toBe(
        "cross-origin",
      );

      const image = await request(
        t.baseUrl,
        "GET",
        "/collect.gif?pixel_id=pix_unknown1",
      );
      expect(image.status).toBe(200);
      expect(image.headers.get("cross-origin-resource-policy")).toBe(
        "cross-origin",
      );

      const beacon = await request(t.baseUrl, "POST", "/collect", {
        raw: JSON.stringify({ pixel_id: "pix_unknown1", type: "pageview" }),
        headers: {
          "content-type": "text/plain",
          origin: "https://shop.example",
        },
      });
      expect(beacon.status).toBe(204);
      expect(beacon.headers.get("cross-origin-resource-policy")).toBe(
        "cross-origin",
      );
      expect(beacon.headers.get("access-control-allow-origin")).toBeTruthy();

      const tooLarge = await request(t.baseUrl, "POST", "/collect", {
        raw: "x".repeat(70_000),
        headers: { "content-type": "text/plain" },
      });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.get("cross-origin-resource-policy")).toBe(
        "cross-origin",
      );
    });

    it("keep Swagger UI working: /docs is 200 HTML and every asset it loads is 200", async () => {
      const page = await request(t.baseUrl, "GET", "/docs");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      expectHardened(page.headers);
      // No inline script (the CSP allows scripts from this origin only).
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const assets = [
        ...page.text.matchAll(
          /<(?:script|link)[^>]+(?:src|href)=["']([^"']+)["']/g,
        ),
      ].map((match) => new URL(match[1], `${t.baseUrl}/docs`).pathname);
      expect(assets).toEqual(
        expect.arrayContaining([
          "/docs/swagger-ui.css",
          "/docs/swagger-ui-bundle.js",
          "/docs/swagger-ui-init.js",
        ]),
      );
      for (const asset of assets) {
        const response = await request(t.baseUrl, "GET", asset);
        expect({ asset, status: response.status }).toEqual({
          asset,
          status: 200,
        });
        if (asset.endsWith(".js"))
          expect(response.headers.get("content-type")).toMatch(/javascript/);
        if (asset.endsWith(".css"))
          expect(response.headers.get("content-type")).toMatch(/text\/css/);
      }
    });

    const CHROMIUM = "/usr/bin/chromium";
    const inBrowser = existsSync(CHROMIUM) ? it : it.skip;
    inBrowser(
      "keep Swagger UI working in Chromium: it renders with no CSP violation",
      async () => {
        const browser = await chromium.launch({
          executablePath: CHROMIUM,
          headless: true,
          args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
        });
        try {
          const page = await browser.newPage();
          const problems: string[] = [];
          page.on("console", (message) => {
            if (message.type() === "error") problems.push(message.text());
          });
          page.on("pageerror", (error) => problems.push(String(error)));
          await page.addInitScript(() =>
            document.addEventListener("securitypolicyviolation", (event) =>
              console.error(
                `CSP violation: ${event.violatedDirective} ${event.blockedURI}`,
              ),
            ),
          );
          await page.goto(`${t.baseUrl}/docs`);
          await page.waitForSelector(".swagger-ui .info .title", {
            timeout: 15_000,
          });
          expect(await page.textContent(".swagger-ui .info .title")).toContain(
            "Saved Pixels",
          );
          expect(
            await page.locator("button.authorize").count(),
          ).toBeGreaterThan(0);
          expect(await page.locator(".opblock").count()).toBeGreaterThanOrEqual(
            10,
          );
          expect(problems).toEqual([]);
        } finally {
          await browser.close();
        }
      },
    );
  });
});
