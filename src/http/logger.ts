import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { LogController, type FastifyServerOptions } from "fastify";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Structured JSON logs (pino, through Fastify) with a request id per request,
 * taken from X-Request-Id when a proxy sent a sane one. Authorization headers and
 * tokens are never logged: the request serializer keeps method, url and ids only.
 */
export function loggerOptions(
  level: string,
): Pick<
  FastifyServerOptions,
  "logger" | "genReqId" | "requestIdHeader" | "logController"
> {
  return {
    logger: {
      level,
      redact: {
        paths: ["req.headers.authorization", "req.headers.cookie"],
        remove: true,
      },
      serializers: {
        req: (request: { method: string; url: string; id: string }) => ({
          method: request.method,
          url: request.url,
        }),
      },
    },
    requestIdHeader: false,
    // Per-request lines only when debugging: at info level a busy collector would
    // write two lines per event.
    logController: new LogController({
      requestIdLogLabel: "request_id",
      disableRequestLogging: level !== "debug" && level !== "trace",
    }),
    genReqId: (request: IncomingMessage) => {
      const header = request.headers["x-request-id"];
      return typeof header === "string" && REQUEST_ID.test(header)
        ? header
        : randomUUID();
    },
  };
}
