// Starts the built service (dist/) as a child process the way a user runs it,
// times spawn → first /health 200, watches its memory, and stops it with
// SIGTERM so its graceful-shutdown path (flush buffered events) is exercised.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  symlinkSync,
} from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT } from "./config.mjs";
import { freePort, track, waitForExit } from "./processes.mjs";

const MAIN = join("dist", "src", "main.js");

/**
 * The node flags `npm run serve` (and so `npm start`) runs the service with,
 * read from package.json so the benchmark measures exactly what users run.
 */
function serveFlags() {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const words = (pkg.scripts?.serve ?? "").split(/\s+/).filter(Boolean);
  if (words[0] !== "node" || words.at(-1) !== MAIN) {
    throw new Error(
      `package.json "serve" should be "node [flags] ${MAIN}", not "${pkg.scripts?.serve}"`,
    );
  }
  return words.slice(1, -1);
}
const HEALTH_POLL_MS = 5;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * Copies the build (dist/, templates/, package.json, openapi.json; node_modules
 * linked) into `dir` and answers that folder. Other people rebuild dist/ in
 * this checkout while a run is going; every service of the run starts from
 * this one snapshot of the build `npm run bench` just made.
 */
export function snapshotBuild(dir) {
  if (!existsSync(join(ROOT, MAIN))) {
    throw new Error(
      `${join(ROOT, MAIN)} is missing: run "npm run build" first`,
    );
  }
  mkdirSync(dir, { recursive: true });
  for (const entry of ["dist", "templates", "package.json", "openapi.json"]) {
    if (existsSync(join(ROOT, entry))) {
      cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
    }
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/**
 * Tokens for a service built in `appRoot` and started with `secret`: an
 * editor's, valid for a day, minted by the build's own mint-token module.
 * @returns {(account: string) => string}
 */
export function tokenMinter(appRoot, secret) {
  const { mintToken } = createRequire(import.meta.url)(
    join(appRoot, "dist/src/auth/mint-token.js"),
  );
  return (account) =>
    mintToken(secret, { account, role: "editor", user: "1", days: 1 });
}

/** VmRSS / VmHWM of a live process in bytes (null when it is gone). */
export function readMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
      return match ? Number(match[1]) * 1024 : null;
    };
    return { rss: field("VmRSS"), hwm: field("VmHWM") };
  } catch {
    return null;
  }
}

async function healthy(url) {
  try {
    const response = await fetch(`${url}/health`, {
      signal: AbortSignal.timeout(1000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * @param {{appRoot: string, databaseUrl: string, secret: string,
 *   logDir: string, label: string}} options appRoot: from snapshotBuild()
 */
export async function startService({
  appRoot,
  databaseUrl,
  secret,
  logDir,
  label,
}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The user's defaults: LOG_LEVEL info, no rate limit, development mode.
  const env = { ...process.env };
  for (const name of [
    "LOG_LEVEL",
    "RATE_LIMIT_PER_MINUTE",
    "NODE_ENV",
    "DATABASE_URL",
  ])
    delete env[name];
  Object.assign(env, {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    AUTH_JWT_SECRET: secret,
    PUBLIC_BASE_URL: url,
  });
  // Output goes to a file: a pipe nobody reads could fill up and stall the server.
  const logFile = join(logDir, `${label}.log`);
  const fd = openSync(logFile, "a");
  const started = performance.now();
  const child = track(
    spawn(process.execPath, [...serveFlags(), join(appRoot, MAIN)], {
      cwd: appRoot,
      env,
      stdio: ["ignore", fd, fd],
    }),
  );
  closeSync(fd);

  const deadline = started + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `service "${label}" exited during start-up:\n${tail(logFile)}`,
      );
    }
    if (await healthy(url)) break;
    if (performance.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(
        `service "${label}" not healthy in ${START_TIMEOUT_MS} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
  const startupMs = performance.now() - started;
  const idleRssBytes = readMemory(child.pid)?.rss ?? null;

  // Sampled RSS, beside the kernel's own high-water mark read at the end.
  let peakSampled = 0;
  const sampler = setInterval(() => {
    const memory = readMemory(child.pid);
    if (memory?.rss) peakSampled = Math.max(peakSampled, memory.rss);
  }, 100);
  sampler.unref();

  return {
    label,
    url,
    pid: child.pid,
    startupMs,
    idleRssBytes,
    logFile,
    memory() {
      const now = readMemory(child.pid);
      return {
        rssBytes: now?.rss ?? null,
        peakRssBytes: now?.hwm ?? null,
        peakSampledRssBytes: peakSampled,
      };
    },
    /** SIGTERM and wait: the service flushes and closes its database first. */
    async stop() {
      clearInterval(sampler);
      const memory = this.memory();
      const stopping = performance.now();
      child.kill("SIGTERM");
      const exit = await waitForExit(child, STOP_TIMEOUT_MS);
      return {
        ...exit,
        // Nest re-raises the signal after its shutdown hooks ran: both are clean.
        graceful:
          !exit.timedOut && (exit.code === 0 || exit.signal === "SIGTERM"),
        stopMs: performance.now() - stopping,
        memory,
      };
    },
  };
}

/** The end of a child's log, for error messages. */
export function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
