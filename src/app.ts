import "reflect-metadata";
import { NestFactory } from "@nestjs/core";
import {
  FastifyAdapter,
  NestFastifyApplication,
} from "@nestjs/platform-fastify";
import { OpenAPIObject, SwaggerModule } from "@nestjs/swagger";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { existsSync, readFileSync } from "node:fs";
import { AppModule } from "./app.module";
import { AppConfig } from "./config/app-config";
import { serveBeaconsDirectly } from "./collection/beacon-routes";
import { CollectionController } from "./collection/collection.controller";
import { ApiExceptionFilter, sendError } from "./http/api-exception.filter";
import { clientErrorHandler } from "./http/client-errors";
import { drainRefusedBodies } from "./http/drain-refused-bodies";
import { requireJsonBodies } from "./http/json-bodies";
import { createLogger, loggerOptions, PinoNestLogger } from "./http/logger";
import { COLLECTOR_MAX_HEADER_BYTES } from "./pixels/image-request";
import { registerSecurityHeaders } from "./http/security-headers";
import { registerBuilderAssets } from "./web-ui/builder-assets";
import { buildOpenApiDocument, openApiPath } from "./openapi/openapi-document";
import { SERVER_EVENTS_BODY_LIMIT } from "./server-events/server-event";

/** API request bodies above this are refused with 413 before they are parsed. */
export const API_BODY_LIMIT = 64 * 1024;

/** What a caller may add before the application starts (Fastify refuses hooks after). */
export interface AppHooks {
  /** Runs on the Fastify instance last, before init: the e2e harness records every answer's status here. */
  beforeInit?: (fastify: FastifyInstance) => void;
}

/** Contract §9: a batch of server events may be up to 256 KiB. */
const ROUTE_BODY_LIMITS: Record<string, number> = {
  "/events": SERVER_EVENTS_BODY_LIMIT,
};

/**
 * The one bootstrap: main.ts and every e2e test build the application here, so
 * tests run exactly what production runs. The caller decides whether to listen.
 */
export async function createApp(
  config: AppConfig,
  hooks: AppHooks = {},
): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: API_BODY_LIMIT,
    // Node's 16 KiB default for the request line plus headers is less than an
    // image request we generate can take with a long Referer: raised on purpose
    // so the service never answers 431 to its own URLs (see image-request.ts).
    http: { maxHeaderSize: COLLECTOR_MAX_HEADER_BYTES },
    ...loggerOptions(logger),
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
    { logger: new PinoNestLogger(logger) },
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
  serveBeaconsDirectly(fastify, app.get(CollectionController));
  requireJsonBodies(fastify);
  drainRefusedBodies(fastify);
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
  await registerBuilderAssets(app);
  hooks.beforeInit?.(fastify as unknown as FastifyInstance);
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
