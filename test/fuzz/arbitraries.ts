/**
 * The HTTP fuzzer's vocabulary: every route the service has, and fast-check
 * arbitraries for what can be thrown at it (paths, query strings, headers, tokens
 * and bodies). A generated case is abstract ("account A's pixel", "a token signed
 * with the wrong key") and becomes a concrete request with `materialise`, against
 * the pixels and accounts the test created, so fast-check can shrink it.
 *
 * The security suite's tenant walk uses ROUTES too: a new route is one line here.
 */
import fc from "fast-check";
import { request as httpRequest, Agent } from "node:http";
import { createHmac } from "node:crypto";
import { ERROR_STATUS } from "../../src/http/error-codes";

// ---------------------------------------------------------------- routes

/** What a route needs: nothing, a valid token, or a role with a scope on `account_id`. */
export type RouteAuth = "public" | "token" | "read" | "write";
export type BodyKind = "create" | "update" | "preview" | "event" | "share";

export interface RouteSpec {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The first `{id}` stands for a pixel id (a second one for an account or a version number). */
  path: string;
  auth: RouteAuth;
  /** What a valid body looks like, for routes that take one. */
  body?: BodyKind;
  /** A successful answer is not the JSON envelope (a script, an image, HTML, the OpenAPI document). */
  raw?: boolean;
}

/** Every route of the service. Add new routes here (one line each). */
// prettier-ignore
export const ROUTES: readonly RouteSpec[] = [
  { method: "GET", path: "/health", auth: "public" },
  { method: "GET", path: "/saved-pixels", auth: "read" },
  { method: "POST", path: "/saved-pixels", auth: "write", body: "create" },
  { method: "GET", path: "/saved-pixels/options", auth: "token" },
  { method: "GET", path: "/saved-pixels/{id}", auth: "read" },
  { method: "PUT", path: "/saved-pixels/{id}", auth: "write", body: "update" },
  { method: "DELETE", path: "/saved-pixels/{id}", auth: "write" },
  { method: "GET", path: "/saved-pixels/{id}/code", auth: "read" },
  { method: "POST", path: "/saved-pixels/preview", auth: "read", body: "preview" },
  { method: "GET", path: "/saved-pixels/{id}/events", auth: "read" },
  { method: "GET", path: "/saved-pixels/{id}/report", auth: "read" },
  { method: "GET", path: "/saved-pixels/report", auth: "read" },
  { method: "GET", path: "/saved-pixels/{id}/accounts", auth: "read" },
  { method: "POST", path: "/saved-pixels/{id}/accounts", auth: "write", body: "share" },
  { method: "DELETE", path: "/saved-pixels/{id}/accounts/{id}", auth: "write" },
  { method: "GET", path: "/saved-pixels/{id}/versions", auth: "read" },
  { method: "POST", path: "/saved-pixels/{id}/versions/{id}/restore", auth: "write" },
  { method: "GET", path: "/t.js", auth: "public", raw: true },
  { method: "POST", path: "/collect", auth: "public", body: "event" },
  { method: "GET", path: "/collect.gif", auth: "public", raw: true },
  { method: "GET", path: "/v.gif", auth: "public", raw: true },
  {
    method: "GET",
    path: "/pixels/{id}/config.json",
    auth: "public",
    raw: true,
  },
  { method: "GET", path: "/openapi.json", auth: "public", raw: true },
  { method: "GET", path: "/docs", auth: "public", raw: true },
  // The pixel builder's page (HTML; served when dist/web is built).
  { method: "GET", path: "/", auth: "public", raw: true },
  { method: "GET", path: "/index.html", auth: "public", raw: true },
  // Ingest keys take a name only: other bodies are mutations of it. /events
  // takes an ingest key, so a user token or none is a 401 there.
  { method: "POST", path: "/ingest-keys", auth: "write", body: "preview" },
  { method: "GET", path: "/ingest-keys", auth: "read" },
  { method: "DELETE", path: "/ingest-keys/{id}", auth: "write" },
  { method: "POST", path: "/events", auth: "public", body: "event" },
];

/** Paths whose successful answers are not the envelope (their errors still are). */
export const RAW_PREFIXES = ROUTES.filter((route) => route.raw).map(
  (route) => route.path,
);

// ---------------------------------------------------------------- strings

/** Strings that have broken parsers, databases and renderers before. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "   padded   ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00y",
  "\udbff\udfff",
  "💥🔥",
  "e\u0301",
  "\u2028\u2029",
  "\u202eRTL",
  "\ufeffBOM",
  "\t\r\n",
  "\u007f",
  "</script><script>alert(1)</script>",
  "<!--",
  "{{Page URL}}",
  "${process.exit()}",
  "`x`",
  "'\"\\",
  "\\u0000",
  "%00",
  "%",
  "%zz",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "prototype",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "0x10",
  "null",
  "true",
  "[]",
  "{}",
  "pix_",
  "pix_000000",
  "PIX_ABCDEF",
  "Robert'); DROP TABLE saved_pixels;--",
  "' OR '1'='1",
  "x".repeat(101),
  "x".repeat(501),
  "ä".repeat(300),
  "😀".repeat(60),
];

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc
  .integer({ min: 0, max: 0xffff })
  .map((code) => String.fromCharCode(code));

/** Nasty strings; long ones up to `maxRepeat` characters. */
function nastyStrings(maxRepeat: number): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 4 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
    { arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }), weight: 2 },
    {
      arbitrary: fc.string({ unit: "binary-ascii", maxLength: 40 }),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom("x", "é", "💥", "\u0000"),
          fc.integer({ min: 100, max: maxRepeat }),
        )
        .map(([char, count]) => char.repeat(count)),
      weight: 1,
    },
  );
}

/** For bodies: up to 20,000 characters (bodies may be 64 KiB). */
export const nastyString = nastyStrings(20_000);
/** For paths, query strings and headers, which share the server's header limit (64 KiB). */
export const shortNastyString = nastyStrings(1_500);

/** A value of any JSON type (and then some: non-finite numbers become null in JSON). */
function anyValues(strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: strings, weight: 4 },
    {
      arbitrary: fc.constantFrom(
        null,
        true,
        false,
        0,
        -1,
        -0,
        1.5,
        1e308,
        Number.MAX_SAFE_INTEGER + 2,
        [],
        {},
        [null],
        { source: "fixed" },
        { source: "variable", value: "x" },
      ),
      weight: 3,
    },
    { arbitrary: fc.integer(), weight: 1 },
    { arbitrary: fc.double(), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  );
}

export const anyValue = anyValues(nastyString);
/** For what travels in headers (token claims). */
export const shortAnyValue = anyValues(shortNastyString);

// ---------------------------------------------------------------- bodies

/** Valid bodies, one per kind, that mutations start from. */
export function validBody(kind: BodyKind, pixelId: string): unknown {
  const config = {
    type: "conversion",
    conversion_type: "purchase",
    revenue: { source: "fixed", value: "49.99" },
    currency: { source: "fixed", value: "EUR" },
    properties: [
      { key: "sku", source: "variable", value: "product.sku" },
      { key: "channel", source: "fixed", value: "web" },
    ],
  };
  switch (kind) {
    case "create":
      return {
        name: `Fuzz ${Math.random().toString(36).slice(2, 10)}`,
        description: "made by the fuzzer",
        config,
        target_platform: "gtm",
      };
    case "update":
      return { description: "updated by the fuzzer", config };
    case "preview":
      return { name: "Preview", config, target_platform: "tealium" };
    case "share":
      return { account_id: "fuzz-partner" };
    case "event":
      return {
        pixel_id: pixelId,
        type: "conversion",
        conversion_type: "purchase",
        revenue: "12.50",
        currency: "usd",
        properties: { sku: "A-1", qty: 2, gift: false },
        event_id: `evt_${Math.random().toString(36).slice(2, 12)}`,
        page_url: "https://shop.example/checkout",
        referrer: "https://shop.example/cart",
        client_time: new Date().toISOString(),
      };
  }
}

/** One edit to a JSON value: `path` picks children by index (modulo their count). */
export type Mutation =
  | { op: "set"; path: number[]; value: unknown }
  | { op: "delete"; path: number[] }
  | { op: "add"; path: number[]; key: string; value: unknown }
  | { op: "nest"; path: number[]; depth: number };

const mutationPath = fc.array(fc.nat(), { minLength: 0, maxLength: 4 });
const unknownKey = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "extra",
    "id",
    "account_id",
    "created_by",
    "version",
    "pixel_type",
    "toString",
    "",
  ),
  nastyString,
);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant("set" as const),
      path: mutationPath,
      value: anyValue,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      op: fc.constant("delete" as const),
      path: mutationPath,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant("add" as const),
      path: mutationPath,
      key: unknownKey,
      value: anyValue,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant("nest" as const),
      path: mutationPath,
      depth: fc.integer({ min: 1, max: 200 }),
    }),
    weight: 1,
  },
);

/** Applies mutations to a deep copy of `value`. */
export function mutate(value: unknown, mutations: Mutation[]): unknown {
  const root = { value: structuredClone(value) } as Record<string, unknown>;
  for (const change of mutations) {
    // Walk down to the parent of the target.
    let parent: Record<string, unknown> | unknown[] = root;
    let key: string | number = "value";
    for (const step of change.path) {
      const child: unknown = (parent as Record<string, unknown>)[key as string];
      if (child === null || typeof child !== "object") break;
      const keys: Array<string | number> = Array.isArray(child)
        ? child.map((_, index) => index)
        : Object.keys(child);
      if (keys.length === 0) break;
      parent = child as Record<string, unknown> | unknown[];
      key = keys[step % keys.length];
    }
    const target = parent as Record<string, unknown>;
    switch (change.op) {
      case "set":
        target[key as string] = structuredClone(change.value);
        break;
      case "delete":
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete target[key as string];
        break;
      case "add": {
        const node = target[key as string];
        const value = structuredClone(change.value);
        if (Array.isArray(node)) node.push(value);
        else if (node !== null && typeof node === "object")
          (node as Record<string, unknown>)[change.key] = value;
        else target[key as string] = { [change.key]: value };
        break;
      }
      case "nest": {
        let nested: unknown = target[key as string];
        for (let level = 0; level < change.depth; level++)
          nested = level % 2 ? [nested] : { config: nested };
        target[key as string] = nested;
        break;
      }
    }
  }
  return root.value;
}

/** Bodies, as abstract choices. */
export type BodyChoice =
  | { kind: "none" }
  | { kind: "valid" }
  | { kind: "mutated"; mutations: Mutation[] }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: number[] }
  | { kind: "deep"; open: string; depth: number }
  | { kind: "huge"; field: string; size: number };

export const bodyChoice: fc.Arbitrary<BodyChoice> = fc.oneof(
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: "valid" as const }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant("mutated" as const),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
    }),
    weight: 10,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("json" as const),
      value: anyValue,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("text" as const),
      text: fc.oneof(
        nastyString,
        fc.constantFrom(
          '{"name":',
          "{",
          "[",
          '{"a":1}}',
          "{'a':1}",
          '{"a":1,}',
          "\ufeff{}",
          '{"__proto__":{"x":1}}',
          '{"constructor":{"prototype":{"x":1}}}',
          "1e999999",
          '"\\ud800"',
          "nul\u0000l",
        ),
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("bytes" as const),
      bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("deep" as const),
      open: fc.constantFrom("[", '{"a":', '{"config":'),
      depth: fc.integer({ min: 30, max: 20_000 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("huge" as const),
      field: fc.constantFrom("name", "description", "pad"),
      size: fc.integer({ min: 1_000, max: 70_000 }),
    }),
    weight: 1,
  },
);

// ---------------------------------------------------------------- tokens

/** Who calls: a valid token with some roles, none, or one of many broken ones. */
export type TokenChoice =
  | {
      kind: "valid";
      role: string;
      on: "A" | "B" | "AB" | "none";
      sub: unknown;
    }
  | { kind: "none" }
  | { kind: "header"; value: string }
  | { kind: "forged"; header: unknown; claims: unknown; key: "right" | "wrong" }
  | { kind: "unsigned"; claims: unknown; signature: string };

const roleArb = fc.constantFrom("viewer", "editor", "admin", "owner");
export const tokenChoice: fc.Arbitrary<TokenChoice> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("valid" as const),
      role: roleArb,
      on: fc.constantFrom(
        "A" as const,
        "A" as const,
        "B" as const,
        "AB" as const,
        "none" as const,
      ),
      sub: fc.constantFrom<unknown>(7, "7", "user-1", 0),
    }),
    weight: 12,
  },
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("header" as const),
      value: fc.oneof(
        fc.constantFrom(
          "Bearer",
          "Bearer ",
          "bearer x",
          "Basic dXNlcjpwYXNz",
          "Bearer a.b.c",
          "Bearer ...",
          "Bearer eyJ.eyJ.x",
          "Bearer  two  spaces",
          "Token abc",
          "Bearer " + "A".repeat(9000),
        ),
        shortNastyString.map((text) => `Bearer ${latin1Safe(text)}`),
      ),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("forged" as const),
      header: fc.oneof(
        fc.constantFrom<unknown>(
          { alg: "none" },
          { alg: "HS512" },
          { alg: "RS256" },
          { alg: "hs256" },
          { alg: "HS256", typ: "JWS" },
          { alg: "HS256", crit: ["b64"] },
          { typ: "JWT" },
          [],
          "HS256",
          null,
        ),
        fc.record({ alg: fc.constant("HS256") }),
      ),
      claims: fc.oneof(
        fc.record({
          sub: shortAnyValue,
          accounts: fc.oneof(
            shortAnyValue,
            fc.dictionary(nastyString, shortAnyValue, { maxKeys: 3 }),
          ),
          exp: fc.oneof(
            fc.constant(undefined),
            shortAnyValue,
            fc.integer({ min: 0, max: 4_102_444_800 }),
          ),
          nbf: fc.oneof(
            fc.constant(undefined),
            shortAnyValue,
            fc.integer({ min: 0, max: 4_102_444_800 }),
          ),
        }),
        shortAnyValue,
      ),
      key: fc.constantFrom("right" as const, "wrong" as const),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("unsigned" as const),
      claims: shortAnyValue,
      signature: fc.constantFrom("", "x", "AAAA"),
    }),
    weight: 1,
  },
);

// ---------------------------------------------------------------- requests

export type IdChoice =
  "ownA" | "ownB" | "deletedOrUnknown" | { junk: string; encode: boolean };

export const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  { arbitrary: fc.constant("ownA" as const), weight: 5 },
  { arbitrary: fc.constant("ownB" as const), weight: 3 },
  { arbitrary: fc.constant("deletedOrUnknown" as const), weight: 1 },
  {
    arbitrary: fc.record({ junk: shortNastyString, encode: fc.boolean() }),
    weight: 3,
  },
);

export type AccountChoice =
  "A" | "B" | "missing" | "empty" | "repeated" | "bracket" | { junk: string };

export const accountChoice: fc.Arbitrary<AccountChoice> = fc.oneof(
  { arbitrary: fc.constant("A" as const), weight: 10 },
  { arbitrary: fc.constant("B" as const), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      "missing" as const,
      "empty" as const,
      "repeated" as const,
      "bracket" as const,
    ),
    weight: 2,
  },
  { arbitrary: fc.record({ junk: shortNastyString }), weight: 2 },
);

const queryValue = fc.oneof(
  fc.constantFrom(
    "0",
    "1",
    "-1",
    "200",
    "201",
    "1e3",
    "0x10",
    "1.5",
    "",
    " 5",
    "999999999999999999999",
    "NaN",
    "pageview",
    "conversion",
    "microconversion",
    "active",
    "inactive",
    "unverified",
    "gtm",
    "tealium",
    "javascript",
    "JAVASCRIPT",
  ),
  shortNastyString,
);
const queryName = fc.oneof(
  fc.constantFrom(
    "limit",
    "offset",
    "pixel_type",
    "status",
    "platform",
    "pixel_id",
    "type",
    "revenue",
    "currency",
    "event_id",
    "page_url",
    "prop.sku",
    "prop.__proto__",
    "prop.",
    "properties",
    "__proto__",
    "constructor",
    "account_id[]",
    "limit[]",
    "a[b]",
  ),
  shortNastyString,
);
/** Extra query parameters, repeated ones included; `raw` ones are sent unencoded. */
export const extraQuery = fc.array(
  fc.record({ name: queryName, value: queryValue, raw: fc.boolean() }),
  { maxLength: 5 },
);

const contentType = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: fc.constant("application/json"), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/vnd.api+json",
      "application/json; charset=latin1",
      "application/json;",
      "application/jsonx",
      "text/plain",
      "text/plain;charset=UTF-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/octet-stream",
      "*/*",
      "",
      ";",
      "json",
    ),
    weight: 3,
  },
  { arbitrary: shortNastyString.map(latin1Safe), weight: 1 },
);

const headerValue = fc.oneof(
  fc.constantFrom(
    '"x"',
    "*",
    'W/"x"',
    '"pix_zzzzzz.v1"',
    '"pix_zzzzzz.v999999999999999999"',
    ",,,",
    '"',
    "",
    "W/",
    '"a", "b"',
  ),
  shortNastyString.map(latin1Safe),
);
export const extraHeaders = fc.array(
  fc.oneof(
    fc.tuple(
      fc.constantFrom(
        "if-match",
        "if-none-match",
        "origin",
        "accept",
        "accept-encoding",
        "x-request-id",
        "referer",
        "cookie",
        "x-forwarded-for",
        "access-control-request-method",
        "x-http-method-override",
      ),
      headerValue,
    ),
    fc.tuple(
      fc.constant("x-fuzz-huge"),
      fc.integer({ min: 1_000, max: 12_000 }).map((size) => "h".repeat(size)),
    ),
    fc.tuple(fc.constant("if-match"), fc.constant("$ETAG")),
  ),
  { maxLength: 3 },
);

const junkPath = fc.oneof(
  fc.constantFrom(
    "/",
    "//",
    "/saved-pixels/",
    "//saved-pixels",
    "/SAVED-PIXELS",
    "/saved-pixels/%",
    "/saved-pixels/%zz",
    "/saved-pixels/%00",
    "/saved-pixels/..%2f..%2fetc",
    "/saved-pixels/a/b/c/d",
    "/saved-pixels/options/x",
    "/saved-pixels/preview/x",
    "/t.js/",
    "/t.js%00",
    "/docs/",
    "/docs/../health",
    "/docs/swagger-ui.css",
    "/docs/nope.js",
    "/%2e%2e/",
    "/health/",
    "/health;x",
    "/collect/",
    "/collect.gif/x",
    "/index.html",
    "/.env",
    "/favicon.ico",
  ),
  fc
    .array(shortNastyString, { minLength: 1, maxLength: 4 })
    .map((segments) => `/${segments.map((s) => encodePath(s)).join("/")}`),
  fc
    .integer({ min: 100, max: 7_000 })
    .map((size) => `/saved-pixels/${"p".repeat(size)}`),
);

export type PathChoice = { route: RouteSpec } | { junk: string };
export const pathChoice: fc.Arbitrary<PathChoice> = fc.oneof(
  {
    arbitrary: fc.constantFrom(...ROUTES).map((route) => ({ route })),
    weight: 12,
  },
  { arbitrary: junkPath.map((junk) => ({ junk })), weight: 1 },
);

export interface FuzzCase {
  path: PathChoice;
  /** null: the route's own method. */
  method: string | null;
  id: IdChoice;
  account: AccountChoice;
  query: Array<{ name: string; value: string; raw: boolean }>;
  token: TokenChoice;
  contentType: string | undefined;
  headers: Array<[string, string]>;
  body: BodyChoice;
}

/** Anything at all. */
const anyCase: fc.Arbitrary<FuzzCase> = fc.record({
  path: pathChoice,
  method: fc.oneof(
    { arbitrary: fc.constant(null), weight: 10 },
    {
      arbitrary: fc.constantFrom(
        "GET",
        "POST",
        "PUT",
        "DELETE",
        "PATCH",
        "HEAD",
        "OPTIONS",
      ),
      weight: 2,
    },
  ),
  id: idChoice,
  account: accountChoice,
  query: extraQuery,
  token: tokenChoice,
  contentType,
  headers: extraHeaders,
  body: bodyChoice,
});

/**
 * A request that gets past authentication and routing (an editor's token on
 * account A, its own pixels, JSON bodies) with at most a light mutation, so the
 * fuzzer also reaches validation, the database, If-Match and the renderers.
 */
const nearlyValidCase: fc.Arbitrary<FuzzCase> = fc.record({
  path: fc.constantFrom(...ROUTES).map((route) => ({ route })),
  method: fc.constant(null),
  id: fc.constantFrom<IdChoice>("ownA", "ownA", "ownB"),
  account: fc.constant<AccountChoice>("A"),
  query: fc.oneof(fc.constant([] as FuzzCase["query"]), extraQuery),
  token: fc.record({
    kind: fc.constant("valid" as const),
    role: fc.constantFrom("editor", "admin", "owner", "viewer"),
    on: fc.constantFrom("A" as const, "AB" as const),
    sub: fc.constantFrom<unknown>(7, "user-1"),
  }),
  contentType: fc.constant("application/json"),
  headers: fc.oneof(
    fc.constant([] as Array<[string, string]>),
    fc.constant([["if-match", "$ETAG"]] as Array<[string, string]>),
    extraHeaders,
  ),
  body: fc.oneof(
    { arbitrary: fc.constant<BodyChoice>({ kind: "valid" }), weight: 2 },
    {
      arbitrary: mutation.map<BodyChoice>((one) => ({
        kind: "mutated",
        mutations: [one],
      })),
      weight: 3,
    },
  ),
});

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { arbitrary: anyCase, weight: 3 },
  { arbitrary: nearlyValidCase, weight: 2 },
);

// ---------------------------------------------------------------- materialising

export interface FuzzContext {
  secret: string;
  accountA: string;
  accountB: string;
  /** Current pixels of each account (the fuzzer may delete some). */
  pixelsA: string[];
  pixelsB: string[];
  /** Current ETag of a pixel, when known. */
  etags: Map<string, string>;
}

export interface ConcreteRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export function materialise(fuzz: FuzzCase, ctx: FuzzContext): ConcreteRequest {
  const id = resolveId(fuzz.id, ctx);
  let method: string;
  let path: string;
  let bodyKind: BodyKind = "create";
  if ("route" in fuzz.path) {
    method = fuzz.method ?? fuzz.path.route.method;
    path = fuzz.path.route.path.replace("{id}", id);
    bodyKind = fuzz.path.route.body ?? "create";
  } else {
    method = fuzz.method ?? "GET";
    path = fuzz.path.junk;
  }

  const params: string[] = [];
  const account = resolveAccount(fuzz.account, ctx);
  params.push(...account);
  for (const { name, value, raw } of fuzz.query) {
    params.push(
      raw
        ? `${encodeLoose(name)}=${encodeLoose(value)}`
        : `${encodeURIComponent(toWellFormed(name))}=${encodeURIComponent(toWellFormed(value))}`,
    );
  }
  if (params.length > 0)
    path += (path.includes("?") ? "&" : "?") + params.join("&");

  const headers: Record<string, string> = {};
  const authorization = resolveToken(fuzz.token, ctx);
  if (authorization !== undefined) headers.authorization = authorization;
  for (const [name, value] of fuzz.headers) {
    headers[name] =
      value === "$ETAG" ? (ctx.etags.get(id) ?? '"stale"') : value;
  }

  let body: Buffer | undefined;
  switch (fuzz.body.kind) {
    case "none":
      break;
    case "valid":
      body = json(validBody(bodyKind, id));
      break;
    case "mutated":
      body = json(mutate(validBody(bodyKind, id), fuzz.body.mutations));
      break;
    case "json":
      body = json(fuzz.body.value);
      break;
    case "text":
      body = Buffer.from(fuzz.body.text, "utf8");
      break;
    case "bytes":
      body = Buffer.from(fuzz.body.bytes);
      break;
    case "deep": {
      const close =
        fuzz.body.open === "[" ? "]" : fuzz.body.open === "{" ? "}" : "}";
      body = Buffer.from(
        fuzz.body.open.repeat(fuzz.body.depth) +
          "1" +
          close.repeat(fuzz.body.depth),
      );
      break;
    }
    case "huge": {
      const base = validBody(bodyKind, id) as Record<string, unknown>;
      body = json({ ...base, [fuzz.body.field]: "z".repeat(fuzz.body.size) });
      break;
    }
  }
  if (body !== undefined && fuzz.contentType !== undefined)
    headers["content-type"] = fuzz.contentType;
  else if (
    body === undefined &&
    fuzz.contentType !== undefined &&
    fuzz.contentType.length % 2
  )
    headers["content-type"] = fuzz.contentType; // a type with no body, now and then
  return withinHeaderLimit({ method, path, headers, body });
}

/** The server refuses a request line plus headers over 64 KiB (431): stay well under it. */
const HEADER_BUDGET = 15_000;

function withinHeaderLimit(request: ConcreteRequest): ConcreteRequest {
  const size = () =>
    request.path.length +
    Object.entries(request.headers).reduce(
      (total, [name, value]) => total + name.length + value.length + 4,
      0,
    );
  if (size() > HEADER_BUDGET) delete request.headers["x-fuzz-huge"];
  // Then shorten the longest of the path and the header values until it fits.
  for (
    let excess = size() - HEADER_BUDGET;
    excess > 0;
    excess = size() - HEADER_BUDGET
  ) {
    const [name, value] = Object.entries(request.headers).reduce(
      (longest, entry) =>
        entry[1].length > longest[1].length ? entry : longest,
      ["", ""],
    );
    if (value.length > request.path.length) {
      request.headers[name] = value.slice(
        0,
        Math.max(0, value.length - excess),
      );
    } else {
      // Cut where no %XX escape can be split.
      let end = request.path.length - excess;
      while (end > 1 && !"&/".includes(request.path[end - 1])) end--;
      request.path = request.path.slice(0, Math.max(end, 1));
    }
  }
  return request;
}

function resolveId(choice: IdChoice, ctx: FuzzContext): string {
  if (choice === "ownA") return ctx.pixelsA[0] ?? "pix_gone00";
  if (choice === "ownB") return ctx.pixelsB[0] ?? "pix_gone00";
  if (choice === "deletedOrUnknown") return "pix_0000000000unknown";
  return choice.encode
    ? encodeURIComponent(toWellFormed(choice.junk))
    : encodeLoose(choice.junk);
}

function resolveAccount(choice: AccountChoice, ctx: FuzzContext): string[] {
  switch (choice) {
    case "A":
      return [`account_id=${ctx.accountA}`];
    case "B":
      return [`account_id=${ctx.accountB}`];
    case "missing":
      return [];
    case "empty":
      return ["account_id="];
    case "repeated":
      return [`account_id=${ctx.accountA}`, `account_id=${ctx.accountB}`];
    case "bracket":
      return [`account_id[]=${ctx.accountA}`, `account_id[x]=${ctx.accountA}`];
    default:
      return [`account_id=${encodeLoose(choice.junk)}`];
  }
}

function resolveToken(
  choice: TokenChoice,
  ctx: FuzzContext,
): string | undefined {
  switch (choice.kind) {
    case "none":
      return undefined;
    case "header":
      return choice.value;
    case "valid": {
      const accounts: Record<string, string> = {};
      if (choice.on === "A" || choice.on === "AB")
        accounts[ctx.accountA] = choice.role;
      if (choice.on === "B" || choice.on === "AB")
        accounts[ctx.accountB] = choice.role;
      const now = Math.floor(Date.now() / 1000);
      return `Bearer ${forgeJwt({ alg: "HS256", typ: "JWT" }, { sub: choice.sub, accounts, iat: now, exp: now + 3600 }, ctx.secret)}`;
    }
    case "forged":
      return `Bearer ${forgeJwt(choice.header, choice.claims, choice.key === "right" ? ctx.secret : "wrong-secret-0123456789abcdef0123456789")}`;
    case "unsigned":
      return `Bearer ${b64url({ alg: "none", typ: "JWT" })}.${b64url(choice.claims)}.${choice.signature}`;
  }
}

/** A JWT with any header and claims, HS256-signed with `secret` whatever the header says. */
export function forgeJwt(
  header: unknown,
  claims: unknown,
  secret: string,
): string {
  const input = `${b64url(header)}.${b64url(claims)}`;
  const signature = createHmac("sha256", secret)
    .update(input)
    .digest("base64url");
  return `${input}.${signature}`;
}

export function b64url(value: unknown): string {
  return Buffer.from(
    typeof value === "string" ? value : (JSON.stringify(value) ?? "null"),
  ).toString("base64url");
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value) ?? "null", "utf8");
}

/** Lone surrogates replaced, so encodeURIComponent cannot throw. */
function toWellFormed(text: string): string {
  return text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "\ufffd",
  );
}

/**
 * Leaves what Node lets into a request line as it is (latin-1 bytes, `%`, `[`,
 * `?`, `#`…) and percent-encodes only what it refuses (controls, space, non
 * latin-1), so junk reaches the server's parser as junk.
 */
export function encodeLoose(text: string): string {
  let out = "";
  for (const char of toWellFormed(text)) {
    const code = char.codePointAt(0)!;
    if (code > 0x20 && code <= 0xff && code !== 0x7f && char !== "&")
      out += char;
    else out += encodeURIComponent(char);
  }
  return out;
}

function encodePath(segment: string): string {
  return encodeLoose(segment).replace(/[/?#]/g, (char) =>
    encodeURIComponent(char),
  );
}

/** Header values Node will send: latin-1 without controls. */
export function latin1Safe(text: string): string {
  return text.replace(/[^\t\x20-\x7e\x80-\xff]/g, "?");
}

// ---------------------------------------------------------------- transport

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** One request over node:http, which (unlike fetch) sends junk paths and headers as they are. */
export function send(
  baseUrl: string,
  request: ConcreteRequest,
  attempt = 0,
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise<RawResponse>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        // Node sends a GET or DELETE body without a length unless told.
        headers:
          request.body === undefined
            ? request.headers
            : { ...request.headers, "content-length": request.body.length },
        agent: attempt === 0 ? agent : false,
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", (error: NodeJS.ErrnoException) => {
      // An answer to a HEAD that is not valid HTTP carries a body when the server
      // cannot tell it was a HEAD: ask again with GET to see that answer.
      if (request.method === "HEAD" && /Parse Error/.test(error.message))
        send(baseUrl, { ...request, method: "GET" }, 1).then(resolve, reject);
      // A kept-alive socket the server closed between requests: retry once on a fresh one.
      else if (
        attempt === 0 &&
        (error.code === "ECONNRESET" || error.code === "EPIPE")
      )
        send(baseUrl, request, 1).then(resolve, reject);
      else reject(error);
    });
    req.end(request.body);
  });
}

export function closeAgent(): void {
  agent.destroy();
}

// ---------------------------------------------------------------- the property

/**
 * What every answer must satisfy; returns the problem, or null. No 5xx; the JSON
 * envelope (with a code that matches the status) except for 204/304, HEAD, and a
 * successful answer on a raw route; nothing internal (SQL, stacks) in the body.
 */
export function checkResponse(
  request: ConcreteRequest,
  response: RawResponse,
): string | null {
  const { status } = response;
  if (status >= 500) return `answered ${status}: ${preview(response.body)}`;
  const text = response.body.toString("utf8");
  if (
    /QueryFailedError|SQLITE_|\bat [\w.<>]+ \(.*:\d+:\d+\)|node_modules/.test(
      text,
    )
  )
    return `body leaks internals: ${preview(response.body)}`;
  if (status === 204 || status === 304 || request.method === "HEAD") {
    return response.body.length === 0 ? null : `${status} with a body`;
  }
  const bare = request.path.split("?")[0];
  const raw = RAW_PREFIXES.some((prefix) =>
    prefix.includes("{id}")
      ? rawPattern(prefix).test(bare)
      : bare === prefix || bare.startsWith(`${prefix}/`),
  );
  if (raw && status < 400) return null;
  const type = String(response.headers["content-type"] ?? "");
  if (!type.startsWith("application/json"))
    return `${status} with content-type "${type}": ${preview(response.body)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${status} with a body that is not JSON: ${preview(response.body)}`;
  }
  return checkEnvelope(status, body);
}

/** A raw route whose path has `{id}`: any one segment there. */
function rawPattern(path: string): RegExp {
  const escaped = path
    .split("{id}")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join("[^/]*")}$`);
}

export function checkEnvelope(status: number, body: unknown): string | null {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return `${status}: body is not an object`;
  const envelope = body as Record<string, unknown>;
  if (status < 400) {
    if (envelope.success !== true || !("data" in envelope))
      return `${status}: not a success envelope: ${JSON.stringify(body).slice(0, 300)}`;
    return null;
  }
  const error = envelope.error as Record<string, unknown> | undefined;
  if (envelope.success !== false || !error || typeof error !== "object")
    return `${status}: not an error envelope: ${JSON.stringify(body).slice(0, 300)}`;
  const code = error.code as keyof typeof ERROR_STATUS;
  if (typeof code !== "string" || !(code in ERROR_STATUS))
    return `${status}: unknown error code ${JSON.stringify(code)}`;
  // Requests that are not valid HTTP (headers over 64 KiB: 431, too slow: 408)
  // are refused before routing, as VALIDATION_FAILED with their own status.
  const protocolLevel =
    code === "VALIDATION_FAILED" && [408, 431].includes(status);
  if (ERROR_STATUS[code] !== status && !protocolLevel)
    return `${status}: error code ${code} belongs to ${ERROR_STATUS[code]}`;
  if (typeof error.message !== "string" || error.message.length === 0)
    return `${status}: error without a message`;
  if (error.details !== undefined) {
    if (
      !Array.isArray(error.details) ||
      error.details.some(
        (detail: unknown) =>
          typeof (detail as { field?: unknown })?.field !== "string" ||
          typeof (detail as { message?: unknown })?.message !== "string",
      )
    )
      return `${status}: malformed details ${JSON.stringify(error.details).slice(0, 300)}`;
  }
  return null;
}

function preview(body: Buffer): string {
  const text = body.toString("utf8");
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);
}
