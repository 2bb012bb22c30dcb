// The like-for-like yardstick: a bare node:http server that answers requests
// with recorded answers of the service (status, header lines and body, byte
// for byte), in turn. Run under a scenario's own requests, it shows what the
// load generator and node:http itself reach for that exchange — a request
// body to build and send, a 3.7 KB script or fourteen headers to read back —
// with no work of the service's.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { forkServer, listenAndReport } from "./processes.mjs";

const SELF = fileURLToPath(import.meta.url);

/**
 * Header lines node:http writes on every answer itself (per connection or
 * per moment), so a recorded copy would be sent twice. Content-Length stays:
 * it is part of the route's answer (and absent from its 204s).
 */
export const WRITTEN_BY_NODE = new Set([
  "connection",
  "date",
  "keep-alive",
  "transfer-encoding",
]);

/** `rawHeaders` (name, value, name, value, …) without WRITTEN_BY_NODE's lines. */
export function replayedHeaderLines(rawHeaders) {
  const kept = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!WRITTEN_BY_NODE.has(rawHeaders[i].toLowerCase()))
      kept.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return kept;
}

function serve() {
  let answers = [{ status: 204, headers: [], body: Buffer.alloc(0) }];
  let next = 0;
  const server = createServer((request, response) => {
    // Read the body to its end before answering, as a real route must.
    request.resume();
    request.on("end", () => {
      const answer = answers[next++ % answers.length];
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
    });
  });
  process.on("message", (recorded) => {
    answers = recorded.map(({ status, rawHeaders, body }) => ({
      status,
      headers: replayedHeaderLines(rawHeaders),
      body: Buffer.from(body, "base64"),
    }));
    next = 0;
    process.send({ ready: true });
  });
  listenAndReport(server);
}

/**
 * Forks the mirror and resolves once it listens.
 * @returns {Promise<{url: string, pid: number,
 *   answerWith(answers: {status: number, rawHeaders: string[], body: Buffer}[]): Promise<void>,
 *   stop(): Promise<void>}>} answerWith: from now on the i-th request gets
 *   answers[i mod answers.length]; rejects if the mirror has exited.
 */
export async function startMirror() {
  const server = await forkServer(SELF, ["--child"], "mirror server");
  const { child } = server;
  return {
    ...server,
    answerWith(answers) {
      return new Promise((done, fail) => {
        const exited = (code) =>
          fail(new Error(`mirror server exited (${code})`));
        child.once("exit", exited);
        child.once("message", () => {
          child.off("exit", exited);
          done();
        });
        child.send(
          answers.map(({ status, rawHeaders, body }) => ({
            status,
            rawHeaders,
            body: body.toString("base64"),
          })),
        );
      });
    },
  };
}

if (process.argv[1] === SELF && process.argv[2] === "--child") serve();
