import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

/**
 * Every status the e2e and fuzz runs see, by operation, so a check at the end of
 * the run (test/support/e2e-global-teardown.ts) can fail on any the OpenAPI
 * document does not list for that operation. The harness records on the server
 * (Fastify's matched route template), so raw `fetch` calls count too.
 */
export const STATUS_LOG_ENV = "SAVED_PIXELS_STATUS_LOG";

export interface AnsweredStatus {
  method: string;
  /** Fastify's route template, e.g. `/saved-pixels/:pixel_id`. */
  route: string;
  status: number;
}

/**
 * Routes that are not API operations: Swagger UI and its document, CORS
 * preflights, and the pixel builder's static files (`/`, `/index.html`, `/assets/…`).
 */
const NOT_OPERATIONS =
  /^(?:\/docs(?:\/.*)?|\/openapi\.json|\*|\/|\/index\.html|\/assets\/.*)$/;

/** Adds an onResponse hook appending each new (method, route, status) to the log file. */
export function recordStatuses(fastify: FastifyInstance, logPath: string) {
  const seen = new Set<string>();
  fastify.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined) {
      const entry: AnsweredStatus = {
        method: request.method,
        route,
        status: reply.statusCode,
      };
      const line = JSON.stringify(entry);
      if (!seen.has(line)) {
        seen.add(line);
        appendFileSync(logPath, `${line}\n`);
      }
    }
    done();
  });
}

export function readStatusLog(logPath: string): AnsweredStatus[] {
  if (!existsSync(logPath)) return [];
  return readFileSync(logPath, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as AnsweredStatus);
}

interface OpenApiLike {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, unknown> }>
  >;
}

/**
 * The answers whose status the document does not list for their operation (or
 * whose operation it lacks), one line each, sorted. HEAD is checked as GET.
 */
export function undocumentedStatuses(
  answered: AnsweredStatus[],
  openapi: OpenApiLike,
): string[] {
  const problems = new Set<string>();
  for (const { method, route, status } of answered) {
    if (NOT_OPERATIONS.test(route)) continue;
    const path = route.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const verb = (method === "HEAD" ? "GET" : method).toLowerCase();
    const operation = openapi.paths[path]?.[verb];
    if (!operation) problems.add(`${method} ${path}: operation not documented`);
    else if (!operation.responses?.[String(status)])
      problems.add(`${method} ${path} answered ${status}: not documented`);
  }
  return [...problems].sort();
}
