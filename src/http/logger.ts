import type { LoggerService } from "@nestjs/common";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { LogController, type FastifyServerOptions } from "fastify";
import pino, { type Logger } from "pino";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The one pino instance of the process: Fastify logs through it (each request's
 * lines carry `request_id`) and Nest's own messages go through it too
 * ({@link PinoNestLogger}), so the log stream has one JSON line format.
 * Authorization headers and tokens are never logged: the request serializer keeps
 * method and url only.
 */
export function createLogger(level: string): Logger {
  return pino({
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
  });
}

/**
 * Fastify's logging options around `logger`, with a request id per request taken
 * from X-Request-Id when a proxy sent a sane one.
 */
export function loggerOptions(
  logger: Logger,
): Pick<
  FastifyServerOptions,
  "loggerInstance" | "genReqId" | "requestIdHeader" | "logController"
> {
  const level = logger.level;
  return {
    loggerInstance: logger,
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

/**
 * Nest's logger interface over the shared pino instance: Nest's `log` is pino's
 * `info`, `verbose` its `trace`; the Nest context (the class name) is a field.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write("info", message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write("error", message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write("warn", message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write("debug", message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write("trace", message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write("fatal", message, rest);
  }

  /** Nest passes the context last (and, for errors, a stack before it). */
  private write(
    level: "fatal" | "error" | "warn" | "info" | "debug" | "trace",
    message: unknown,
    rest: unknown[],
  ): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context =
      typeof rest[rest.length - 1] === "string"
        ? (rest[rest.length - 1] as string)
        : undefined;
    const stack =
      level === "error" && rest.length > 1 && typeof rest[0] === "string"
        ? rest[0]
        : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = stack;
    if (message instanceof Error)
      this.logger[level]({ ...fields, err: message });
    else if (typeof message === "string") this.logger[level](fields, message);
    else this.logger[level]({ ...fields, data: message });
  }
}
