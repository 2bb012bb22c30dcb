import type { FastifyInstance } from "fastify";
import { ApiError } from "./api-error";
import { exposureOf } from "./route-exposure";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/**
 * The API speaks JSON only: a body of any other type is 415, whichever parser
 * Fastify has for it. Routes declared `@Public({ anyBody: true })` (event
 * collection, which browsers send as text/plain) choose for themselves.
 */
export function requireJsonBodies(fastify: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request.
  fastify.addHook("preValidation", (request, _reply, done) => {
    if (!BODY_METHODS.has(request.method)) return done();
    // No route matched (POST /collect.gif, a typo): that is the 404, whatever
    // the body; asking for JSON would send the caller the wrong way.
    if (request.is404) return done();
    if (exposureOf(request).anyBody) return done();
    const type = request.headers["content-type"];
    if (type === undefined && request.body === undefined) return done(); // no body at all: validation names it
    if (typeof type !== "string" || !JSON_TYPE.test(type)) {
      return done(
        new ApiError(
          "UNSUPPORTED_MEDIA_TYPE",
          "Send the request body as application/json.",
        ),
      );
    }
    done();
  });
}
