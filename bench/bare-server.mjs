// The yardstick: a bare node:http server answering a small fixed JSON body.
// It runs in its own process (like the service) so both compete with the load
// generator for the CPU in the same way and the ratio compares like with like.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { forkServer, listenAndReport } from "./processes.mjs";

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
  listenAndReport(server);
}

/** Forks this file as a child and resolves once it listens. */
export function startBare() {
  return forkServer(SELF, ["--child"], "bare server");
}

if (process.argv[1] === SELF && process.argv[2] === "--child") serve();
