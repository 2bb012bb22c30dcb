// The like-for-like yardstick: a bare node:http server that answers every
// request with one recorded answer of the service (status, headers and body,
// byte for byte). Run under a scenario's own requests, it shows what the load
// generator and HTTP alone allow for that exchange — a request body to send,
// a 3.7 KB script to receive — before the service does any work of its own.
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { track, waitForExit } from "./processes.mjs";

const SELF = fileURLToPath(import.meta.url);

// Per-connection and per-message headers node:http writes itself.
const HOP_BY_HOP = new Set([
  "connection",
  "content-length",
  "date",
  "keep-alive",
  "transfer-encoding",
]);

function serve() {
  let answer = { status: 204, headers: {}, body: Buffer.alloc(0) };
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
    });
  });
  server.keepAliveTimeout = 72_000;
  process.on("message", ({ status, headers, body }) => {
    const kept = Object.entries(headers).filter(
      ([name]) => !HOP_BY_HOP.has(name.toLowerCase()),
    );
    const bytes = Buffer.from(body, "base64");
    answer = {
      status,
      headers: [...kept, ["content-length", String(bytes.length)]].flat(),
      body: bytes,
    };
    process.send({ ready: true });
  });
  server.listen(0, "127.0.0.1", () => {
    process.send({ port: server.address().port });
  });
  process.on("disconnect", () => process.exit(0));
}

/**
 * Forks the mirror and resolves once it listens.
 * @returns {Promise<{url: string, pid: number,
 *   answerWith(answer: {status: number, headers: Record<string, string | string[]>, body: Buffer}): Promise<void>,
 *   stop(): Promise<void>}>}
 */
export function startMirror() {
  const child = track(fork(SELF, ["--child"], { stdio: "inherit" }));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`mirror server exited early (${code})`)),
    );
    child.once("message", ({ port }) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid,
        answerWith({ status, headers, body }) {
          return new Promise((done) => {
            child.once("message", () => done());
            child.send({ status, headers, body: body.toString("base64") });
          });
        },
        async stop() {
          child.kill("SIGTERM");
          await waitForExit(child, 5000);
        },
      }),
    );
  });
}

if (process.argv[1] === SELF && process.argv[2] === "--child") serve();
