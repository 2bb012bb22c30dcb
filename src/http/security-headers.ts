import helmet from "@fastify/helmet";
import type { NestFastifyApplication } from "@nestjs/platform-fastify";

/**
 * Paths that pages on other sites load: the tracker script, and the collector it
 * (or an <img>) sends events to. They must stay loadable cross-origin, whatever
 * the answer (a 304, or a 413 from the collector, too).
 */
const CROSS_ORIGIN_PATH = /^\/(?:t\.js|collect|collect\.gif)(?:[?#]|$)/;

/**
 * The Content-Security-Policy. Only Swagger UI at /docs renders HTML here: it
 * loads its scripts, stylesheet and icons from this origin, has one inline
 * <style> block, draws icons as data: images, and calls the API (try-it) on
 * this origin. No inline script, no eval.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    "default-src": ["'self'"],
    "base-uri": ["'self'"],
    "connect-src": ["'self'"],
    "font-src": ["'self'", "data:"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "script-src": ["'self'"],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'", "'unsafe-inline'"],
  },
};

/**
 * Security headers on every answer (@fastify/helmet): CSP, nosniff, frame and
 * referrer policies, HSTS (which browsers only honour over HTTPS). Not
 * `upgrade-insecure-requests`: the service is often reached over plain HTTP
 * (localhost, or behind a proxy that terminates TLS), where that directive would
 * make browsers fetch Swagger UI's assets over HTTPS and fail.
 */
export async function registerSecurityHeaders(
  app: NestFastifyApplication,
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    // Same-origin by default; the tracker and collector are opened up below.
    crossOriginResourcePolicy: { policy: "same-origin" },
    referrerPolicy: { policy: "no-referrer" },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook("onSend", async (request, reply) => {
    if (CROSS_ORIGIN_PATH.test(request.url))
      reply.header("Cross-Origin-Resource-Policy", "cross-origin");
  });
}
