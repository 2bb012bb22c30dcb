import type { FastifyInstance } from "fastify";
import type { IncomingMessage } from "node:http";

/** How much of a refused body is read and thrown away so the client can read the answer. */
export const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
/** …and for how long at most: a client sending slowly does not hold the connection. */
const DRAIN_MAX_MS = 10_000;

/**
 * A refused request whose body is still arriving (a 413 sent as soon as
 * Content-Length is over the limit, or mid-stream) is answered only once the body
 * has been read and discarded, up to DRAIN_MAX_BYTES and DRAIN_MAX_MS, and then
 * with `Connection: close`. Answering at once and closing while the client is
 * still sending makes most clients see a reset ("fetch failed") instead of the
 * 413. Applies to every route and every 4xx answered before the body was read,
 * so routes added later (`POST /events`) get it too.
 */
export function drainRefusedBodies(fastify: FastifyInstance): void {
  // A callback hook, not an async one: every answer passes here, and an async
  // hook defers the write past Nest's `await reply`, which then costs an
  // end-of-stream listener per request (3 % of a GET's CPU).
  fastify.addHook("onSend", (request, reply, payload, done) => {
    const raw = request.raw;
    if (reply.statusCode < 400 || raw.complete || !hasBody(raw))
      return done(null, payload);
    reply.header("Connection", "close");
    void drain(raw).then(() => done(null, payload));
  });
}

function hasBody(raw: IncomingMessage): boolean {
  const length = raw.headers["content-length"];
  return (
    raw.headers["transfer-encoding"] !== undefined ||
    (length !== undefined && length !== "0")
  );
}

/** Reads and discards what is left of the body, within the bounds above. */
function drain(raw: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      raw.removeListener("data", onData);
      raw.removeListener("end", done);
      raw.removeListener("error", done);
      raw.removeListener("close", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_MAX_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_MAX_MS);
    raw.on("data", onData);
    raw.once("end", done);
    raw.once("error", done);
    raw.once("close", done);
    raw.resume();
  });
}
