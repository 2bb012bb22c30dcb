// Everything the bench starts or creates is registered here, so that every way
// out (normal end, thrown error, Ctrl-C, SIGTERM) kills our own child servers
// and removes our temp dirs — and nothing else.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const children = new Set();
const tempDirs = new Set();

/** Registers a child so it is killed if the bench exits while it still runs. */
export function track(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Synchronous on purpose: it also runs from process.on("exit"). */
export function cleanupSync() {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Called by the bench process only (child servers import this module too). */
export function installCleanupHandlers() {
  process.on("exit", cleanupSync);
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ]) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping child servers\n`);
      cleanupSync();
      process.exit(code);
    });
  }
}

/** A port free right now on loopback (the child binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with {code, signal, timedOut} once the child has exited. */
export function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({
      code: child.exitCode,
      signal: child.signalCode,
      timedOut: false,
    });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ code: null, signal: "SIGKILL", timedOut: true });
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut: false });
    });
  });
}

/**
 * Forks `file` with `args` as a child HTTP server (tracked, so it dies with
 * the bench) and resolves once it reports its port (see listenAndReport).
 * @param {string} file the server's module
 * @param {string[]} args its command-line arguments
 * @param {string} label named in the error if it exits before listening
 * @returns {Promise<{url: string, pid: number, child: import("node:child_process").ChildProcess,
 *   stop(): Promise<void>}>} stop: SIGTERM, SIGKILL after 5 s
 */
export function forkServer(file, args, label) {
  const child = track(fork(file, args, { stdio: "inherit" }));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`${label} exited early (${code})`)),
    );
    child.once("message", ({ port }) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid,
        child,
        async stop() {
          child.kill("SIGTERM");
          await waitForExit(child, 5000);
        },
      }),
    );
  });
}

/**
 * The child's side of forkServer: listens on a free loopback port with
 * keep-alive longer than a run, sends the port to the parent, and exits when
 * the parent goes away (even by SIGKILL), so no server outlives the bench.
 * @param {import("node:http").Server} server
 */
export function listenAndReport(server) {
  server.keepAliveTimeout = 72_000;
  server.listen(0, "127.0.0.1", () => {
    process.send({ port: server.address().port });
  });
  process.on("disconnect", () => process.exit(0));
}
