import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createApp } from "../../src/app";
import { AppConfig, loadAppConfig } from "../../src/config/app-config";
import { mintToken } from "../../src/auth/mint-token";
import { signJwt } from "../../src/auth/jwt";
import { EXAMPLE_CREATE_INPUT } from "../../src/pixels/examples";
import { recordStatuses, STATUS_LOG_ENV } from "./status-log";

export const TEST_SECRET = "e2e-test-secret-0123456789abcdef0123456789";

/**
 * The database the e2e suite runs on: a fresh SQLite file per test file by
 * default, or the PostgreSQL server named by TEST_DATABASE_URL (CI runs the
 * suite once each way). Tests isolate themselves by using fresh account ids.
 */
export function testDatabaseUrl(dir: string): string {
  return process.env.TEST_DATABASE_URL || `sqlite:${join(dir, "test.sqlite")}`;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  /** A fresh account id, unique to this run, so tests never see each other's pixels. */
  account(prefix?: string): string;
  token(account: string, role?: string, user?: string): string;
  sign(claims: Record<string, unknown>, secret?: string): string;
  close(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: { port?: number } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), "saved-pixels-e2e-"));
  const config = loadAppConfig({
    DATABASE_URL: testDatabaseUrl(dir),
    AUTH_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: "silent",
    PUBLIC_BASE_URL: "http://localhost:3000",
    ...env,
  } as NodeJS.ProcessEnv);
  const statusLog = process.env[STATUS_LOG_ENV];
  const app = await createApp(config, {
    beforeInit: statusLog
      ? (fastify) => recordStatuses(fastify, statusLog)
      : undefined,
  });
  await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const address = app.getHttpServer().address() as { port: number };
  const runId = randomBytes(4).toString("hex");
  let counter = 0;
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${address.port}`,
    account: (prefix = "acct") => `${prefix}-${runId}-${++counter}`,
    token: (account, role = "editor", user = "7") =>
      mintToken(TEST_SECRET, { account, role, user, days: 1 }),
    sign: (claims, secret = TEST_SECRET) => signJwt(claims, secret),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: any;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** Serialised as JSON with Content-Type application/json. */
  json?: unknown;
  /** Sent as is (set the content type yourself). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** One HTTP request with real fetch against the listening app. */
export async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: RequestInit["body"];
  if (options.json !== undefined) {
    headers["content-type"] = headers["content-type"] ?? "application/json";
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    body =
      typeof options.raw === "string"
        ? options.raw
        : new Uint8Array(options.raw);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  if (
    text.length > 0 &&
    (response.headers.get("content-type") ?? "").includes("json")
  ) {
    parsed = JSON.parse(text);
  }
  return {
    status: response.status,
    headers: response.headers,
    body: parsed,
    text,
  };
}

/** A valid create body; override what the test is about. */
export function pixelBody(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    // A copy: a test may change its body without changing the next one's.
    ...structuredClone(EXAMPLE_CREATE_INPUT),
    name: `Purchase ${randomBytes(3).toString("hex")}`,
    ...overrides,
  };
}

/** A port that was free a moment ago, for servers whose URL must be known before they start. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
