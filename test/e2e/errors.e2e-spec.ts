import { pixelBody, request, startTestApp, TestApp } from "../support/test-app";
import { expectError } from "../support/expect-error";

/**
 * Contract §3: every failure in the envelope (unknown routes, 413, 415,
 * malformed JSON included), bad input never a 5xx, and no stack trace or SQL in
 * any error text.
 */

const LIMIT = 64 * 1024;

describe("errors over HTTP", () => {
  let t: TestApp;
  let account: string;
  let token: string;
  let q: string;
  let pixelId: string;
  let pixelSnapshot: string;

  beforeAll(async () => {
    t = await startTestApp();
    account = t.account();
    token = t.token(account, "editor");
    q = `?account_id=${account}`;
    const created = await request(t.baseUrl, "POST", `/saved-pixels${q}`, {
      token,
      json: pixelBody(),
    });
    pixelId = created.body.data.id;
    pixelSnapshot = created.text;
  });
  /** Nothing any test here sends may have changed the pixel or added one. */
  afterAll(async () => {
    try {
      const got = await request(
        t.baseUrl,
        "GET",
        `/saved-pixels/${pixelId}${q}`,
        { token },
      );
      expect(got.text).toBe(pixelSnapshot);
      const list = await request(t.baseUrl, "GET", `/saved-pixels${q}`, {
        token,
      });
      expect(list.body.meta.total).toBe(1);
    } finally {
      await t.close();
    }
  });

  const writes = () => [
    ["POST", `/saved-pixels${q}`],
    ["PUT", `/saved-pixels/${pixelId}${q}`],
  ];

  function raw(
    method: string,
    path: string,
    body: string | Buffer | undefined,
    contentType?: string,
  ) {
    return request(t.baseUrl, method, path, {
      token,
      raw: body,
      headers: contentType ? { "content-type": contentType } : {},
    });
  }

  describe("404 NOT_FOUND for unknown routes", () => {
    it.each([
      ["POST", "/"],
      ["GET", "/assets/nope.js"],
      ["GET", "/nope"],
      ["GET", "/saved-pixel"],
      ["POST", "/nope"],
      ["GET", "/saved-pixels/pix_abc123/nope"],
      ["PATCH", "/saved-pixels"],
      ["PATCH", "/saved-pixels/pix_abc123"],
      ["DELETE", "/saved-pixels"],
      ["POST", "/saved-pixels/options"],
    ])("%s %s", async (method, path) => {
      expectError(
        await request(t.baseUrl, method, path, {
          token,
          json: method === "GET" ? undefined : {},
        }),
        404,
        "NOT_FOUND",
      );
    });

    it.each([
      ["POST", "/collect.gif", "text/plain"],
      ["POST", "/v.gif", "application/x-www-form-urlencoded"],
      ["PUT", "/collect", "text/plain;charset=UTF-8"],
      ["POST", "/t.js", "text/plain"],
      ["POST", "/nope", "text/plain"],
    ])(
      "%s %s with a %s body: 404, not a 415 asking for JSON the route would not take either",
      async (method, path, contentType) => {
        expectError(
          await request(t.baseUrl, method, path, {
            raw: "pixel_id=pix_abc123",
            headers: { "content-type": contentType },
          }),
          404,
          "NOT_FOUND",
        );
      },
    );

    it("answers without a token too (the route does not exist for anyone)", async () => {
      expectError(await request(t.baseUrl, "GET", "/nope"), 404, "NOT_FOUND");
    });

    it("answers 404 in the envelope for a path segment too long to be an id", async () => {
      for (const method of ["GET", "PUT", "DELETE"]) {
        expectError(
          await request(
            t.baseUrl,
            method,
            `/saved-pixels/pix_${"a".repeat(300)}${q}`,
            {
              token,
              json: method === "PUT" ? { name: "x" } : undefined,
            },
          ),
          404,
          "NOT_FOUND",
        );
      }
    });

    it("answers 400 in the envelope for a path that cannot be decoded", async () => {
      expectError(
        await request(t.baseUrl, "GET", `/saved-pixels/%E0%A4%A${q}`, {
          token,
        }),
        400,
        "VALIDATION_FAILED",
        ["path"],
      );
    });
  });

  describe("413 PAYLOAD_TOO_LARGE", () => {
    /** A JSON object of exactly `size` bytes. */
    const ofSize = (size: number) => {
      const shell = '{"name":"x","pad":""}';
      return shell.replace('""', `"${"a".repeat(size - shell.length)}"`);
    };

    it.each([
      ["POST", () => `/saved-pixels${q}`],
      ["PUT", () => `/saved-pixels/${pixelId}${q}`],
    ])(
      "%s: a body over 64 KiB is 413; one of exactly 64 KiB is read",
      async (method, path) => {
        const atLimit = ofSize(LIMIT);
        expect(Buffer.byteLength(atLimit)).toBe(LIMIT);
        const read = await raw(method, path(), atLimit, "application/json");
        expectError(read, 400, "VALIDATION_FAILED");

        expectError(
          await raw(method, path(), ofSize(LIMIT + 1), "application/json"),
          413,
          "PAYLOAD_TOO_LARGE",
        );
        expectError(
          await request(t.baseUrl, method, path(), {
            token,
            json: pixelBody({ description: "x".repeat(200_000) }),
          }),
          413,
          "PAYLOAD_TOO_LARGE",
        );
      },
    );

    it("refuses a large body of another type too, in the envelope", async () => {
      const response = await raw(
        "POST",
        `/saved-pixels${q}`,
        "x".repeat(LIMIT * 2),
        "text/plain",
      );
      expect([413, 415]).toContain(response.status);
      expectError(
        response,
        response.status,
        response.status === 413
          ? "PAYLOAD_TOO_LARGE"
          : "UNSUPPORTED_MEDIA_TYPE",
      );
    });
  });

  describe("415 UNSUPPORTED_MEDIA_TYPE", () => {
    const valid = () => JSON.stringify(pixelBody());

    it.each([
      ["text/plain"],
      ["text/plain;charset=UTF-8"],
      ["application/x-www-form-urlencoded"],
      ["multipart/form-data; boundary=x"],
      ["application/xml"],
      ["text/json"],
      ["application/jsonp"],
      ["application/octet-stream"],
    ])("refuses a JSON body sent as %s on POST and PUT", async (type) => {
      for (const [method, path] of writes()) {
        expectError(
          await raw(method, path, valid(), type),
          415,
          "UNSUPPORTED_MEDIA_TYPE",
        );
      }
    });

    it("refuses a body without any Content-Type", async () => {
      for (const [method, path] of writes()) {
        const response = await raw(method, path, Buffer.from(valid()));
        expectError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
      }
    });

    it("accepts application/json with a charset, in any case", async () => {
      for (const type of [
        "application/json; charset=utf-8",
        "Application/JSON",
      ]) {
        const response = await raw("POST", `/saved-pixels${q}`, valid(), type);
        expect(response.status).toBe(201);
        await request(
          t.baseUrl,
          "DELETE",
          `/saved-pixels/${response.body.data.id}${q}`,
          {
            token,
          },
        );
      }
    });
  });

  describe("400 VALIDATION_FAILED for bodies that are not a JSON object", () => {
    /** Every write route refuses the body with 400, naming `body`. */
    async function expectBodyRefused(
      body: string | undefined,
      contentType?: string,
    ): Promise<void> {
      for (const [method, path] of writes()) {
        expectError(
          await raw(method, path, body, contentType),
          400,
          "VALIDATION_FAILED",
          ["body"],
        );
      }
    }

    it.each([
      ["{bad"],
      ['{"name": "x",}'],
      ["{'name': 'x'}"],
      ['{"name": "x"'],
      ['{"name": "x"} trailing'],
      ["undefined"],
      ["NaN"],
      ['{"__proto__": {"admin": true}, "name": "x"}'],
      ['{"constructor": {"prototype": {"admin": true}}, "name": "x"}'],
    ])("malformed or poisoned JSON %j", async (body) => {
      await expectBodyRefused(body, "application/json");
    });

    it("an empty body declared as JSON", async () => {
      await expectBodyRefused("", "application/json");
    });

    it("no body at all", async () => {
      await expectBodyRefused(undefined);
    });

    it.each([
      ["[]"],
      ['[{"name":"x"}]'],
      ['"a string"'],
      ["null"],
      ["42"],
      ["true"],
    ])("the JSON value %s", async (body) => {
      await expectBodyRefused(body, "application/json");
    });

    it("deeply nested values, without a 5xx", async () => {
      const deepArray = "[".repeat(20_000) + "]".repeat(20_000);
      const deepObject = '{"a":'.repeat(5_000) + "1" + "}".repeat(5_000);
      for (const body of [
        `{"name":"x","config":{"type":"pageview","properties":${deepArray}}}`,
        `{"name":"x","description":${deepArray},"config":{"type":"pageview"}}`,
        `{"name":"x","extra":${deepObject},"config":{"type":"pageview"}}`,
        `{"name":"x","config":{"type":"conversion","conversion_type":"x","revenue":${deepObject}}}`,
      ]) {
        for (const [method, path] of writes()) {
          expectError(
            await raw(method, path, body, "application/json"),
            400,
            "VALIDATION_FAILED",
            ["body"],
          );
        }
      }
    });
  });

  describe("400 VALIDATION_FAILED naming wrongly typed fields, never a 5xx", () => {
    const config = { type: "conversion", conversion_type: "purchase" };
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ name: 5 }, ["name"]],
      [{ name: true }, ["name"]],
      [{ name: ["x"] }, ["name"]],
      [{ name: { first: "x" } }, ["name"]],
      [{ description: 5 }, ["description"]],
      [{ description: ["x"] }, ["description"]],
      [{ target_platform: 1 }, ["target_platform"]],
      [{ target_platform: ["gtm"] }, ["target_platform"]],
      [{ config: "pageview" }, ["config"]],
      [{ config: 1 }, ["config"]],
      [{ config: [] }, ["config"]],
      [{ config: { ...config, type: 1 } }, ["config.type"]],
      [{ config: { ...config, type: ["conversion"] } }, ["config.type"]],
      [
        { config: { ...config, conversion_type: 1 } },
        ["config.conversion_type"],
      ],
      [
        { config: { ...config, conversion_type: ["purchase"] } },
        ["config.conversion_type"],
      ],
      [{ config: { ...config, revenue: "49.99" } }, ["config.revenue"]],
      [{ config: { ...config, revenue: 49.99 } }, ["config.revenue"]],
      [
        { config: { ...config, revenue: { source: "fixed", value: 49.99 } } },
        ["config.revenue.value"],
      ],
      [
        { config: { ...config, revenue: { source: 1, value: "1" } } },
        ["config.revenue.source"],
      ],
      [{ config: { ...config, currency: "EUR" } }, ["config.currency"]],
      [
        { config: { ...config, currency: { source: "fixed", value: 978 } } },
        ["config.currency.value"],
      ],
      [{ config: { ...config, properties: "sku" } }, ["config.properties"]],
      [{ config: { ...config, properties: [null] } }, ["config.properties.0"]],
      [{ config: { ...config, properties: ["sku"] } }, ["config.properties.0"]],
      [
        {
          config: {
            ...config,
            properties: [{ key: 1, source: "fixed", value: "x" }],
          },
        },
        ["config.properties.0.key"],
      ],
      [
        {
          config: {
            ...config,
            properties: [{ key: "k", source: "fixed", value: 1 }],
          },
        },
        ["config.properties.0.value"],
      ],
      [
        {
          config: {
            ...config,
            properties: [{ key: "k", source: "fixed", value: null }],
          },
        },
        ["config.properties.0.value"],
      ],
      [
        {
          config: {
            ...config,
            properties: [{ key: "k", source: null, value: "x" }],
          },
        },
        ["config.properties.0.source"],
      ],
    ];

    it.each(cases)("POST %j", async (override, fields) => {
      expectError(
        await request(t.baseUrl, "POST", `/saved-pixels${q}`, {
          token,
          json: pixelBody(override),
        }),
        400,
        "VALIDATION_FAILED",
        fields,
      );
    });

    it.each(cases)("PUT %j", async (override, fields) => {
      expectError(
        await request(t.baseUrl, "PUT", `/saved-pixels/${pixelId}${q}`, {
          token,
          json: override,
        }),
        400,
        "VALIDATION_FAILED",
        fields,
      );
    });

    it("names unknown fields at every level", async () => {
      expectError(
        await request(t.baseUrl, "POST", `/saved-pixels${q}`, {
          token,
          json: pixelBody({
            extra: 1,
            config: {
              type: "conversion",
              conversion_type: "x",
              label: "y",
              revenue: { source: "fixed", value: "1", cents: 100 },
              currency: { source: "fixed", value: "EUR", symbol: "€" },
              properties: [
                { key: "a", source: "fixed", value: "b", note: "z" },
              ],
            },
          }),
        }),
        400,
        "VALIDATION_FAILED",
        [
          "extra",
          "config.label",
          "config.revenue.cents",
          "config.currency.symbol",
          "config.properties.0.note",
        ],
      );
    });

    it("treats strings that look like SQL or markup as plain data", async () => {
      const name = `'; DROP TABLE saved_pixels; -- <script>${Date.now()}`;
      const created = await request(t.baseUrl, "POST", `/saved-pixels${q}`, {
        token,
        json: pixelBody({ name, description: '" OR 1=1 --' }),
      });
      expect(created.status).toBe(201);
      expect(created.body.data.name).toBe(name);
      const list = await request(t.baseUrl, "GET", `/saved-pixels${q}`, {
        token,
      });
      expect(list.body.meta.total).toBe(2);
      await request(
        t.baseUrl,
        "DELETE",
        `/saved-pixels/${created.body.data.id}${q}`,
        { token },
      );
    });
  });

  describe("bad query parameters", () => {
    it.each([
      ["limit=0", ["limit"]],
      ["limit=201", ["limit"]],
      ["limit=abc", ["limit"]],
      ["limit=1&limit=2", ["limit"]],
      ["offset=-1", ["offset"]],
      ["offset=%ZZ", ["offset"]],
      ["pixel_type=banner", ["pixel_type"]],
      ["status=live", ["status"]],
    ])("GET /saved-pixels?%s", async (query, fields) => {
      expectError(
        await request(t.baseUrl, "GET", `/saved-pixels${q}&${query}`, {
          token,
        }),
        400,
        "VALIDATION_FAILED",
        fields,
      );
    });

    // Every declared query parameter is one value: repeated (`a=1&a=2`, a list
    // after parsing) or bracketed (`a[]=1`, kept under another name) it is a
    // 400 naming it, on every route that takes query parameters, never ignored.
    const routes = () => [
      { path: "/saved-pixels", field: "account_id", value: account },
      { path: `/saved-pixels/${pixelId}`, field: "account_id", value: account },
      { path: "/saved-pixels", field: "limit", value: "1" },
      { path: "/saved-pixels", field: "status", value: "active" },
      { path: `/saved-pixels/${pixelId}/versions`, field: "limit", value: "1" },
      {
        path: `/saved-pixels/${pixelId}/versions`,
        field: "offset",
        value: "0",
      },
      { path: `/saved-pixels/${pixelId}/events`, field: "test", value: "true" },
      {
        path: `/saved-pixels/${pixelId}/code`,
        field: "platform",
        value: "gtm",
      },
    ];
    it.each([
      ["repeated", (f: string, v: string) => `${f}=${v}&${f}=${v}`],
      ["bracketed", (f: string, v: string) => `${f}[]=${v}`],
      ["indexed", (f: string, v: string) => `${f}[0]=${v}`],
    ])(
      "refuses a parameter in the %s form with 400 naming it",
      async (_, shape) => {
        for (const { path, field, value } of routes()) {
          const response = await request(
            t.baseUrl,
            "GET",
            `${path}${q}&${shape(field, value)}`,
            { token },
          );
          expectError(response, 400, "VALIDATION_FAILED", [field]);
          expect({ path, details: response.body.error.details }).toEqual({
            path,
            details: [{ field, message: expect.stringContaining("once") }],
          });
          // Given once, the same parameter is fine.
          const once = field === "account_id" ? q : `${q}&${field}=${value}`;
          expect(
            (await request(t.baseUrl, "GET", `${path}${once}`, { token }))
              .status,
          ).toBe(200);
        }
      },
    );
  });
});
