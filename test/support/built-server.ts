import { ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, TEST_SECRET } from "./test-app";

/** The built server (`npm run build`), as `npm start` runs it. */
export const BUILT_MAIN = join(__dirname, "../../dist/src/main.js");

/**
 * The node flags of `npm run serve` (what `npm start` runs: V8's young and old
 * heap capped), read from package.json, so a test that bounds the server's
 * memory measures the process users run, not V8's defaults (which let the
 * heap grow far past 200 MB before collecting).
 */
export function serveFlags(): string[] {
  const pkg = JSON.parse(
    readFileSync(join(__dirname, "../../package.json"), "utf8"),
  ) as { scripts?: { serve?: string } };
  const words = (pkg.scripts?.serve ?? "").split(/\s+/).filter(Boolean);
  if (words[0] !== "node" || words.at(-1) !== "dist/src/main.js")
    throw new Error(
      `package.json "serve" should be "node [flags] dist/src/main.js", not "${pkg.scripts?.serve}"`,
    );
  return words.slice(1, -1);
}

/** A child process running the built server, for tests that kill or stall it. */
export interface BuiltServer {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/**
 * Starts the built server, with `npm run serve`'s node flags, on `databaseUrl` (`sqlite:<file>` or a PostgreSQL
 * URL) with `env` added, and resolves once `/health` answers 200 (at most 20 s).
 */
export async function startBuiltServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<BuiltServer> {
  if (!existsSync(BUILT_MAIN))
    throw new Error(
      `${BUILT_MAIN} is missing: these tests run the built server; run "npm run build" first`,
    );
  const port = await freePort();
  const child = spawn(process.execPath, [...serveFlags(), BUILT_MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: databaseUrl,
      AUTH_JWT_SECRET: TEST_SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  for (;;) {
    if (exitedEarly) throw new Error(`the server exited at start:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not come up in 20 s:\n${output}`);
    }
    try {
      const health = await fetch(`${baseUrl}/health`);
      if (health.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { child, baseUrl, exited, output: () => output };
}

/** Kills what is still running (SIGKILL) and waits for it to exit. */
export async function killAll(servers: BuiltServer[]): Promise<void> {
  for (const server of servers.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
  }
}
