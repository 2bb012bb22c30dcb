import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintToken } from "../../src/auth/mint-token";
import {
  freePort,
  pixelBody,
  request,
  TEST_SECRET,
  testDatabaseUrl,
} from "../support/test-app";
import { expectError } from "../support/expect-error";

const MAIN = join(__dirname, "../../dist/src/main.js");

/**
 * Issue #9: an oversized body is answered 413 in the envelope every time, not
 * only when the server happens to have read it before closing. The server reads
 * and discards the rest (bounded) before answering, then closes.
 *
 * The server runs as its own process (the built one): in the test's own process
 * the client and server share one event loop and the race never shows.
 */

const OVERSIZED = Buffer.alloc(5 * 1024 * 1024, "a");
const ROUNDS = 20;

describe("413 for oversized bodies, every time", () => {
  let baseUrl: string;
  let child: ChildProcess;
  let dir: string;
  let q: string;
  let token: string;
  let pixelId: string;

  beforeAll(async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run "npm run build" first`);
    dir = mkdtempSync(join(tmpdir(), "saved-pixels-413-"));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? "",
        PORT: String(port),
        DATABASE_URL: testDatabaseUrl(dir),
        AUTH_JWT_SECRET: TEST_SECRET,
        LOG_LEVEL: "silent",
      },
      stdio: "ignore",
    });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${baseUrl}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const account = `acct-413-${randomBytes(4).toString("hex")}`;
    token = mintToken(TEST_SECRET, {
      account,
      role: "editor",
      user: "7",
      days: 1,
    });
    q = `?account_id=${account}`;
    const created = await request(baseUrl, "POST", `/saved-pixels${q}`, {
      token,
      json: pixelBody(),
    });
    expect(created.status).toBe(201);
    pixelId = created.body.data.id;
  });
  afterAll(async () => {
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [
      "POST /saved-pixels",
      "POST",
      () => `/saved-pixels${q}`,
      "application/json",
    ],
    [
      "PUT /saved-pixels/{id}",
      "PUT",
      () => `/saved-pixels/${pixelId}${q}`,
      "application/json",
    ],
    [
      "POST /saved-pixels/preview",
      "POST",
      () => `/saved-pixels/preview${q}`,
      "application/json",
    ],
    [
      "POST /collect (text/plain)",
      "POST",
      () => "/collect",
      "text/plain;charset=UTF-8",
    ],
    ["POST /collect (JSON)", "POST", () => "/collect", "application/json"],
  ])(
    `%s: ${ROUNDS} bodies of 5 MB in a row are each a readable 413`,
    async (_route, method, path, contentType) => {
      const statuses: Array<number | string> = [];
      for (let i = 0; i < ROUNDS; i++) {
        try {
          const response = await request(baseUrl, method, path(), {
            token,
            raw: OVERSIZED,
            headers: { "content-type": contentType },
          });
          expectError(response, 413, "PAYLOAD_TOO_LARGE");
          expect(response.headers.get("connection")).toBe("close");
          statuses.push(response.status);
        } catch (error) {
          statuses.push(String((error as Error).message));
        }
      }
      expect(statuses).toEqual(Array(ROUNDS).fill(413));
    },
  );

  it("a streamed body without Content-Length is a readable 413 too", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === 80) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024).fill(97));
      },
    });
    const response = await fetch(`${baseUrl}/saved-pixels${q}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("the service still answers normally afterwards", async () => {
    const response = await request(baseUrl, "GET", `/saved-pixels${q}`, {
      token,
    });
    expect(response.status).toBe(200);
  });
});
