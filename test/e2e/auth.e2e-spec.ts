import { createHmac } from "node:crypto";
import {
  ApiResponse,
  pixelBody,
  request,
  startTestApp,
  TEST_SECRET,
  TestApp,
} from "../support/test-app";
import { expectError } from "../support/expect-error";

/**
 * Contract §2 over HTTP: bearer JWT (HS256 pinned, exp/nbf), the accounts map,
 * roles → scopes, and the 404 that never reveals another account's pixel.
 */

function expectUnauthenticated(response: ApiResponse): void {
  expectError(response, 401, "UNAUTHENTICATED");
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function b64(value: unknown): string {
  return Buffer.from(
    typeof value === "string" ? value : JSON.stringify(value),
  ).toString("base64url");
}

/** A token with any header, HS256-signed with `secret`. */
function forge(header: unknown, claims: unknown, secret = TEST_SECRET): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

describe("authentication and roles over HTTP", () => {
  let t: TestApp;
  let owner: { account: string; token: string; pixelId: string; etag: string };

  beforeAll(async () => {
    t = await startTestApp();
    const account = t.account();
    const token = t.token(account, "owner", "1");
    const response = await request(
      t.baseUrl,
      "POST",
      `/saved-pixels?account_id=${account}`,
      { token, json: pixelBody() },
    );
    expect(response.status).toBe(201);
    owner = {
      account,
      token,
      pixelId: response.body.data.id,
      etag: response.headers.get("etag")!,
    };
  });
  afterAll(() => t.close());

  /** Every route, as (method, path, body) for an account and a pixel id. */
  function routes(account: string, id: string) {
    const q = `?account_id=${account}`;
    return [
      ["GET", `/saved-pixels${q}`, undefined],
      ["GET", `/saved-pixels/${id}${q}`, undefined],
      ["POST", `/saved-pixels${q}`, pixelBody()],
      ["PUT", `/saved-pixels/${id}${q}`, { name: "Renamed" }],
      ["DELETE", `/saved-pixels/${id}${q}`, undefined],
    ] as const;
  }

  const call = (
    method: string,
    path: string,
    json: unknown,
    options: { token?: string; headers?: Record<string, string> } = {},
  ) => request(t.baseUrl, method, path, { ...options, json });

  async function expectOwnerPixelUntouched(): Promise<void> {
    const response = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels/${owner.pixelId}?account_id=${owner.account}`,
      { token: owner.token },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(owner.etag);
    const list = await request(
      t.baseUrl,
      "GET",
      `/saved-pixels?account_id=${owner.account}`,
      { token: owner.token },
    );
    expect(list.body.meta.total).toBe(1);
  }

  describe("401 UNAUTHENTICATED with WWW-Authenticate", () => {
    const claims = () => ({
      sub: 7,
      accounts: { [owner.account]: "owner" },
      exp: nowSeconds() + 600,
    });

    const badTokens: Array<[string, () => Record<string, string>]> = [
      ["no Authorization header", () => ({})],
      ["an empty Authorization header", () => ({ authorization: "" })],
      ["Bearer without a token", () => ({ authorization: "Bearer " })],
      ["a Basic credential", () => ({ authorization: "Basic dXNlcjpwYXNz" })],
      [
        "a token without the Bearer scheme",
        () => ({ authorization: t.token(owner.account) }),
      ],
      [
        "a token followed by junk",
        () => ({ authorization: `Bearer ${t.token(owner.account)} extra` }),
      ],
      ["a malformed token", () => ({ authorization: "Bearer not.a.jwt" })],
      ["a token with two parts", () => ({ authorization: "Bearer abc.def" })],
      [
        "alg: none, unsigned",
        () => ({
          authorization: `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`,
        }),
      ],
      [
        "alg: none, signed anyway",
        () => ({ authorization: `Bearer ${forge({ alg: "none" }, claims())}` }),
      ],
      [
        "alg: HS512",
        () => ({
          authorization: `Bearer ${forge({ alg: "HS512", typ: "JWT" }, claims())}`,
        }),
      ],
      [
        "alg: RS256",
        () => ({
          authorization: `Bearer ${forge({ alg: "RS256", typ: "JWT" }, claims())}`,
        }),
      ],
      [
        "a token signed with another key",
        () => ({
          authorization: `Bearer ${t.sign(claims(), "wrong-secret-0123456789abcdef0123456789")}`,
        }),
      ],
      [
        "a tampered payload (viewer → owner)",
        () => {
          const [h, , s] = t
            .sign({ ...claims(), accounts: { [owner.account]: "viewer" } })
            .split(".");
          return { authorization: `Bearer ${h}.${b64(claims())}.${s}` };
        },
      ],
      [
        "an expired token",
        () => ({
          authorization: `Bearer ${t.sign({ ...claims(), exp: nowSeconds() - 3600 })}`,
        }),
      ],
      [
        "a token not yet valid (nbf)",
        () => ({
          authorization: `Bearer ${t.sign({ ...claims(), nbf: nowSeconds() + 3600 })}`,
        }),
      ],
      [
        "a token with a malformed exp",
        () => ({
          authorization: `Bearer ${t.sign({ ...claims(), exp: "tomorrow" })}`,
        }),
      ],
      [
        "a token without sub",
        () => ({
          authorization: `Bearer ${t.sign({ accounts: { [owner.account]: "owner" } })}`,
        }),
      ],
      [
        "a token without accounts",
        () => ({ authorization: `Bearer ${t.sign({ sub: 7 })}` }),
      ],
      [
        "a token with an unknown role",
        () => ({
          authorization: `Bearer ${t.sign({ sub: 7, accounts: { [owner.account]: "superuser" } })}`,
        }),
      ],
      [
        "an oversized token",
        () => ({
          authorization: `Bearer ${t.sign({ ...claims(), pad: "x".repeat(9000) })}`,
        }),
      ],
    ];

    it.each(badTokens)("refuses %s on every route", async (_label, headers) => {
      const h = headers();
      for (const [method, path, body] of [
        ...routes(owner.account, owner.pixelId),
        ["GET", "/saved-pixels/options", undefined] as const,
      ]) {
        expectUnauthenticated(await call(method, path, body, { headers: h }));
      }
      await expectOwnerPixelUntouched();
    });

    it("authenticates before anything else: no token and no account_id is still 401", async () => {
      expectUnauthenticated(await call("GET", "/saved-pixels", undefined));
      expectUnauthenticated(
        await call("POST", "/saved-pixels", "not even an object"),
      );
    });

    it("accepts the scheme in any case", async () => {
      const response = await call(
        "GET",
        `/saved-pixels?account_id=${owner.account}`,
        undefined,
        { headers: { authorization: `bearer ${owner.token}` } },
      );
      expect(response.status).toBe(200);
    });

    it("accepts a token that expired within the 30 s leeway and a token without exp", async () => {
      for (const extra of [
        { exp: nowSeconds() - 5 },
        { nbf: nowSeconds() + 5 },
        {},
      ]) {
        const token = t.sign({
          sub: 7,
          accounts: { [owner.account]: "viewer" },
          ...extra,
        });
        const response = await call(
          "GET",
          `/saved-pixels?account_id=${owner.account}`,
          undefined,
          { token },
        );
        expect(response.status).toBe(200);
      }
    });
  });

  describe("400 VALIDATION_FAILED for a missing or malformed account_id", () => {
    const bad = [
      ["missing", ""],
      ["empty", "?account_id="],
      ["with a space", "?account_id=a%20b"],
      ["starting with a dash", "?account_id=-acme"],
      ["too long", `?account_id=${"a".repeat(65)}`],
      ["non-ASCII", "?account_id=%C3%A9"],
      ["repeated", "?account_id=a&account_id=b"],
    ];

    it.each(bad)(
      "refuses account_id %s on every account route",
      async (_label, query) => {
        const token = t.token(owner.account, "owner");
        for (const [method, path, body] of [
          ["GET", `/saved-pixels${query}`, undefined],
          ["GET", `/saved-pixels/${owner.pixelId}${query}`, undefined],
          ["POST", `/saved-pixels${query}`, pixelBody()],
          ["PUT", `/saved-pixels/${owner.pixelId}${query}`, { name: "x" }],
          ["DELETE", `/saved-pixels/${owner.pixelId}${query}`, undefined],
        ] as const) {
          expectError(
            await call(method, path, body, { token }),
            400,
            "VALIDATION_FAILED",
            ["account_id"],
          );
        }
        await expectOwnerPixelUntouched();
      },
    );
  });

  describe("403 FORBIDDEN", () => {
    it("refuses a token with no role on the account, on every route", async () => {
      const other = t.account();
      const token = t.token(other, "owner");
      for (const [method, path, body] of routes(owner.account, owner.pixelId)) {
        expectError(
          await call(method, path, body, { token }),
          403,
          "FORBIDDEN",
        );
      }
      await expectOwnerPixelUntouched();
    });

    it("refuses a token with an empty accounts map", async () => {
      const token = t.sign({ sub: 7, accounts: {} });
      for (const [method, path, body] of routes(owner.account, owner.pixelId)) {
        expectError(
          await call(method, path, body, { token }),
          403,
          "FORBIDDEN",
        );
      }
    });

    it("matches the account id exactly (case matters)", async () => {
      const token = t.token(owner.account.toUpperCase(), "owner");
      const response = await call(
        "GET",
        `/saved-pixels?account_id=${owner.account}`,
        undefined,
        {
          token,
        },
      );
      expectError(response, 403, "FORBIDDEN");
    });

    it("lets a viewer read but not write", async () => {
      const token = t.token(owner.account, "viewer", "5");
      const q = `?account_id=${owner.account}`;
      expect(
        (await call("GET", `/saved-pixels${q}`, undefined, { token })).status,
      ).toBe(200);
      expect(
        (
          await call("GET", `/saved-pixels/${owner.pixelId}${q}`, undefined, {
            token,
          })
        ).status,
      ).toBe(200);
      expectError(
        await call("POST", `/saved-pixels${q}`, pixelBody(), { token }),
        403,
        "FORBIDDEN",
      );
      expectError(
        await call(
          "PUT",
          `/saved-pixels/${owner.pixelId}${q}`,
          { name: "Viewer was here" },
          { token },
        ),
        403,
        "FORBIDDEN",
      );
      expectError(
        await call("DELETE", `/saved-pixels/${owner.pixelId}${q}`, undefined, {
          token,
        }),
        403,
        "FORBIDDEN",
      );
      // Scope is checked before the body: a viewer's invalid body is still 403.
      expectError(
        await call("POST", `/saved-pixels${q}`, { nonsense: true }, { token }),
        403,
        "FORBIDDEN",
      );
      await expectOwnerPixelUntouched();
    });

    it("uses the role for the account asked for, not the highest one in the token", async () => {
      const mine = t.account();
      const token = t.sign({
        sub: 7,
        accounts: { [mine]: "owner", [owner.account]: "viewer" },
        exp: nowSeconds() + 600,
      });
      expect(
        (
          await call("POST", `/saved-pixels?account_id=${mine}`, pixelBody(), {
            token,
          })
        ).status,
      ).toBe(201);
      expectError(
        await call(
          "POST",
          `/saved-pixels?account_id=${owner.account}`,
          pixelBody(),
          { token },
        ),
        403,
        "FORBIDDEN",
      );
    });
  });

  it.each(["editor", "admin", "owner"])(
    "lets an %s create, update and delete",
    async (role) => {
      const account = t.account();
      const token = t.token(account, role);
      const q = `?account_id=${account}`;
      const create = await call("POST", `/saved-pixels${q}`, pixelBody(), {
        token,
      });
      expect(create.status).toBe(201);
      const id = create.body.data.id;
      const update = await call(
        "PUT",
        `/saved-pixels/${id}${q}`,
        { name: `By ${role}` },
        { token },
      );
      expect(update.status).toBe(200);
      expect(update.body.data.name).toBe(`By ${role}`);
      expect(
        (await call("DELETE", `/saved-pixels/${id}${q}`, undefined, { token }))
          .status,
      ).toBe(204);
    },
  );

  describe("another account's pixel", () => {
    it("answers 404 on get, put and delete, exactly like an unknown id, and stays intact", async () => {
      const intruderAccount = t.account();
      // Owner of its own account (and even a viewer of the pixel's): asking through
      // its own account_id must not reach a pixel of another account.
      const token = t.sign({
        sub: 99,
        accounts: { [intruderAccount]: "owner", [owner.account]: "viewer" },
        exp: nowSeconds() + 600,
      });
      const q = `?account_id=${intruderAccount}`;
      const attempts = [
        ["GET", `/saved-pixels/${owner.pixelId}${q}`, undefined],
        ["PUT", `/saved-pixels/${owner.pixelId}${q}`, { name: "Hijacked" }],
        [
          "PUT",
          `/saved-pixels/${owner.pixelId}${q}`,
          { name: "Hijacked" },
          { "if-match": owner.etag },
        ],
        ["DELETE", `/saved-pixels/${owner.pixelId}${q}`, undefined],
        [
          "DELETE",
          `/saved-pixels/${owner.pixelId}${q}`,
          undefined,
          { "if-match": owner.etag },
        ],
      ] as const;
      for (const [method, path, body, headers] of attempts) {
        const response = await call(method, path, body, { token, headers });
        expectError(response, 404, "NOT_FOUND");
        const unknown = await call(
          method,
          path.replace(owner.pixelId, "pix_doesnotexist"),
          body,
          {
            token,
            headers: headers
              ? { "if-match": '"pix_doesnotexist.v1"' }
              : undefined,
          },
        );
        expect(response.body).toEqual(unknown.body);
      }
      const list = await call("GET", `/saved-pixels${q}`, undefined, { token });
      expect(list.body).toMatchObject({ data: [], meta: { total: 0 } });
      await expectOwnerPixelUntouched();
    });
  });

  describe("rate limiting", () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: "3" });
    });
    afterAll(() => limited.close());

    it("answers 429 RATE_LIMITED with Retry-After past the per-token limit, per token", async () => {
      const account = limited.account();
      const token = limited.token(account, "viewer", "1");
      const path = `/saved-pixels?account_id=${account}`;
      for (let i = 0; i < 3; i += 1)
        expect(
          (await request(limited.baseUrl, "GET", path, { token })).status,
        ).toBe(200);
      const refused = await request(limited.baseUrl, "GET", path, { token });
      expectError(refused, 429, "RATE_LIMITED");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const other = limited.token(account, "viewer", "2");
      expect(
        (await request(limited.baseUrl, "GET", path, { token: other })).status,
      ).toBe(200);
    });
  });
});
