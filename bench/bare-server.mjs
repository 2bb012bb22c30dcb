// The yardstick: a bare node:http server answering a small fixed JSON body.
// It runs in its own process (like the service) so both compete with the load
// generator for the CPU in the same way and the ratio compares like with like.
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { track, waitForExit } from "./processes.mjs";

const SELF = fileURLToPath(import.meta.url);
// About the size of a small envelope answer, with the headers Fastify would send.
const BODY = Buffer.from('{"success":true,"data":{"status":"ok"}}');

function serve() {
  const server = createServer((request, response) => {
    // Drain the body (POST scenarios are not measured here, but be fair anyway).
    request.resume();
    request.on("end", () => {
      response.writeHead(200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": BODY.length,
      });
      response.end(BODY);
    });
  });
  server.keepAliveTimeout = 72_000;
  server.listen(0, "127.0.0.1", () => {
    process.send({ port: server.address().port });
  });
  // The parent went away (even by SIGKILL): do not outlive it.
  process.on("disconnect", () => process.exit(0));
}

/** Forks this file as a child and resolves once it listens. */
export function startBare() {
  const child = track(fork(SELF, ["--child"], { stdio: "inherit" }));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`bare server exited early (${code})`)),
    );
    child.once("message", ({ port }) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid,
        async stop() {
          child.kill("SIGTERM");
          await waitForExit(child, 5000);
        },
      }),
    );
  });
}

if (process.argv[1] === SELF && process.argv[2] === "--child") serve();
