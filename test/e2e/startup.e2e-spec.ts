import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/test-app";

/**
 * What a newcomer sees: `npm start` (the built server) on a fresh machine. These
 * run the compiled server as its own process, exactly as `npm start` does.
 */
const MAIN = join(__dirname, "../../dist/src/main.js");

interface Run {
  output: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Starts the server, waits until it prints `until` (or exits), then stops it. */
function runServer(
  env: Record<string, string>,
  until: RegExp | null,
): Promise<Run> {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: run "npm run build" first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not print ${until} in time:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until && until.test(output)) child.kill("SIGTERM");
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ output, code, signal });
    });
  });
}

describe("starting the service", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "saved-pixels-start-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("without a secret: creates one (mode 0600), prints a working editor token for demo and the Swagger address, reuses it next time", async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: `sqlite:${join(dir, "data/sp.sqlite")}`,
      PORT: String(port),
      LOG_LEVEL: "warn",
    };
    const first = await runServer(env, /\n(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/);
    expect(first.output).toContain(`http://127.0.0.1:${port}/docs`);
    const token = /\n(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/.exec(first.output)![1];
    const claims = JSON.parse(
      Buffer.from(token.split(".")[1], "base64url").toString(),
    );
    expect(claims.accounts).toEqual({ demo: "editor" });
    // The pixel builder's sign-in link carries the same token.
    expect(first.output).toContain(`http://127.0.0.1:${port}/#token=${token}`);

    const secretFile = join(dir, "data/jwt-secret");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = readFileSync(secretFile, "utf8");

    // A second start keeps the secret, so the first token still works.
    const second = await runServer(env, /\n(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/);
    expect(second.output).toContain("/docs");
    expect(readFileSync(secretFile, "utf8")).toBe(secret);
    // Stopped by SIGTERM, gracefully: a clean exit, not a crash.
    for (const run of [first, second])
      expect(run.code === 0 || run.signal === "SIGTERM").toBe(true);
  });

  it("serves the printed token's requests", async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: `sqlite:${join(dir, "sp.sqlite")}`,
      PORT: String(port),
      LOG_LEVEL: "warn",
    };
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    try {
      const token = await new Promise<string>((resolve, reject) => {
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /\n(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/.exec(output);
          if (match) resolve(match[1]);
        });
        child.on("exit", () => reject(new Error(output)));
      });
      const response = await fetch(
        `http://127.0.0.1:${port}/saved-pixels?account_id=demo`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        success: true,
        data: [],
        meta: { total: 0, limit: 50, offset: 0 },
      });
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses to start in production without AUTH_JWT_SECRET, saying what to set", async () => {
    const run = await runServer(
      {
        NODE_ENV: "production",
        DATABASE_URL: `sqlite:${join(dir, "sp.sqlite")}`,
        PORT: "0",
      },
      null,
    );
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      "AUTH_JWT_SECRET is required when NODE_ENV=production",
    );
    expect(existsSync(join(dir, "jwt-secret"))).toBe(false);
  });

  it("names the variable when the configuration is wrong", async () => {
    const run = await runServer(
      { DATABASE_URL: "mysql://nope", PORT: "0" },
      null,
    );
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      "DATABASE_URL must start with sqlite: or postgres://",
    );
  });

  it("never logs the bearer token, and logs each request with a request id at debug level", async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: `sqlite:${join(dir, "sp.sqlite")}`,
      PORT: String(port),
      LOG_LEVEL: "debug",
      AUTH_JWT_SECRET: "x".repeat(40),
    };
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 15_000;
    while (!output.includes("listening") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const secretToken =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2VjcmV0LXRva2VuLXZhbHVl";
    const response = await fetch(
      `http://127.0.0.1:${port}/saved-pixels/options`,
      {
        headers: {
          authorization: `Bearer ${secretToken}`,
          "x-request-id": "req-check-123",
        },
      },
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("req-check-123");
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill("SIGTERM");
    await new Promise((resolve) => child.on("exit", resolve));
    const lines = output
      .split("\n")
      .filter((line) => line.includes('"request_id":"req-check-123"'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(output).not.toContain(secretToken);
    expect(output).not.toContain("c2VjcmV0LXRva2VuLXZhbHVl");
  });
});
