import "reflect-metadata";
import { ConsoleLogger, LogLevel } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import {
  FastifyAdapter,
  NestFastifyApplication,
} from "@nestjs/platform-fastify";
import { OpenAPIObject, SwaggerModule } from "@nestjs/swagger";
import type { FastifyReply, FastifyRequest } from "fastify";
import { existsSync, readFileSync } from "node:fs";
import { AppModule } from "./app.module";
import { AppConfig } from "./config/app-config";
import { ApiExceptionFilter, sendError } from "./http/api-exception.filter";
import { clientErrorHandler } from "./http/client-errors";
import { requireJsonBodies } from "./http/json-bodies";
import { loggerOptions } from "./http/logger";
import { registerSecurityHeaders } from "./http/security-headers";
import { buildOpenApiDocument, openApiPath } from "./openapi/openapi-document";
import { SERVER_EVENTS_BODY_LIMIT } from "./server-events/server-event";

/** API request bodies above this are refused with 413 before they are parsed. */
export const API_BODY_LIMIT = 64 * 1024;

/** Contract §9: a batch of server events may be up to 256 KiB. */
const ROUTE_BODY_LIMITS: Record<string, number> = {
  "/events": SERVER_EVENTS_BODY_LIMIT,
};

/** Paths whose bodies are not API JSON: browsers post events as text/plain. */
export const NON_JSON_PREFIXES = ["/collect"];

const NEST_LOG_LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ["fatal"],
  error: ["fatal", "error"],
  warn: ["fatal", "error", "warn"],
};

/**
 * The one bootstrap: main.ts and every e2e test build the application here, so
 * tests run exactly what production runs. The caller decides whether to listen.
 */
export async function createApp(
  config: AppConfig,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: API_BODY_LIMIT,
    ...loggerOptions(config.logLevel),
    return503OnClosing: true,
    // Errors the router raises before any route runs (a malformed or over-long
    // path segment) get the envelope too, instead of Fastify's own JSON.
    frameworkErrors: (
      error: Error,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => sendError(reply, request, error),
    // Requests that are not even valid HTTP: the envelope as well.
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    adapter,
    {
      logger: new ConsoleLogger({
        json: true,
        logLevels: NEST_LOG_LEVELS[config.logLevel] ?? [
          "fatal",
          "error",
          "warn",
          "log",
        ],
      }),
    },
  );
  registerSecurityHeaders(app);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook("onRequest", (request, reply, done) => {
    reply.header("X-Request-Id", request.id);
    done();
  });
  // Routes whose bodies may be larger than API_BODY_LIMIT. Nest registers its
  // routes in app.init() below, after this hook.
  fastify.addHook("onRoute", (route) => {
    const limit = ROUTE_BODY_LIMITS[route.url];
    if (limit !== undefined) route.bodyLimit = limit;
  });
  requireJsonBodies(fastify, NON_JSON_PREFIXES);
  // Any other body type arrives as text: /collect takes what browsers send, and
  // API routes answer 415 for it (requireJsonBodies) instead of a parser error.
  fastify.addContentTypeParser(
    "*",
    { parseAs: "string" },
    (_request, body, done) => done(null, body),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableCors({
    origin: true,
    // An OPTIONS request without Origin is not a preflight: answer it, not a text/plain 400.
    strictPreflight: false,
    // @fastify/cors allows only GET, HEAD and POST by default: a builder UI on
    // another origin must be able to update and delete too.
    methods: ["GET", "HEAD", "POST", "PUT", "DELETE"],
    exposedHeaders: ["ETag", "Location", "X-Request-Id", "Retry-After"],
    allowedHeaders: [
      "Authorization",
      "Content-Type",
      "If-Match",
      "If-None-Match",
      "X-Request-Id",
    ],
  });
  SwaggerModule.setup("docs", app, () => committedOpenApiDocument(app), {
    jsonDocumentUrl: "openapi.json",
    swaggerOptions: { persistAuthorization: true },
    customSiteTitle: "Saved Pixels API",
  });
  await app.init();
  return app;
}

/**
 * Swagger UI shows the committed openapi.json (the contract says so); a test
 * keeps it equal to what the code generates. Without the file, the live one.
 */
function committedOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const path = openApiPath();
  if (existsSync(path))
    return JSON.parse(readFileSync(path, "utf8")) as OpenAPIObject;
  return buildOpenApiDocument(app);
}
