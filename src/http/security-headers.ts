import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import helmet, { type HelmetOptions } from "helmet";
import { BUILDER_PATH } from "../web-ui/builder-assets";
import type { IncomingMessage, ServerResponse } from "node:http";
import { exposureOf } from "./route-exposure";

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
 * The pixel builder's policy (served at `/`): everything from this origin, no
 * inline script or style (Vite emits only files; the UI sets no style
 * attributes), no eval, no frames, no plugins. Stricter than Swagger's, which
 * needs an inline <style>.
 */
export const BUILDER_CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    "default-src": ["'self'"],
    "base-uri": ["'none'"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "script-src": ["'self'"],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'"],
  },
};

type HeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * The headers helmet would set with these options, worked out once. Helmet's
 * answer depends only on its options (no nonces here), so there is no reason to
 * run it per request (@fastify/helmet builds a new helmet per request: a tenth
 * of the CPU of a small answer).
 */
export function helmetHeaders(options: HelmetOptions): HeaderList {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) =>
      headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  helmet(options)(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    () => undefined,
  );
  return [...headers];
}

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  // Same-origin by default; the tracker and collector are opened up below.
  crossOriginResourcePolicy: { policy: "same-origin" },
  referrerPolicy: { policy: "no-referrer" },
};

/**
 * Security headers on every answer, helmet's: CSP, nosniff, frame and referrer
 * policies, HSTS (which browsers only honour over HTTPS). Not
 * `upgrade-insecure-requests`: the service is often reached over plain HTTP
 * (localhost, or behind a proxy that terminates TLS), where that directive would
 * make browsers fetch Swagger UI's assets over HTTPS and fail. Set when the
 * request arrives, so error answers carry them too.
 */
export function registerSecurityHeaders(app: NestFastifyApplication): void {
  const sameOrigin = helmetHeaders(HELMET_OPTIONS);
  const crossOrigin = helmetHeaders({
    ...HELMET_OPTIONS,
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
  const builder = helmetHeaders({
    ...HELMET_OPTIONS,
    contentSecurityPolicy: BUILDER_CONTENT_SECURITY_POLICY,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook("onRequest", (request, reply, done) => {
    // Routes declared cross-origin (the tracker and the collector it, or an
    // <img>, sends to) stay loadable from any site whatever the answer (a 304 or
    // a 413 too); the builder's pages get their own strict CSP.
    const headers = exposureOf(request).crossOrigin
      ? crossOrigin
      : BUILDER_PATH.test(request.url)
        ? builder
        : sameOrigin;
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
