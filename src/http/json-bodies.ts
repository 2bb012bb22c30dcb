import type { FastifyInstance } from "fastify";
import { ApiError } from "./api-error";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/**
 * The API speaks JSON only: a body of any other type is 415, whichever parser
 * Fastify has for it. Routes under the given prefixes (event collection, which
 * browsers send as text/plain) choose for themselves.
 */
export function requireJsonBodies(
  fastify: FastifyInstance,
  exemptPrefixes: string[],
): void {
  fastify.addHook("preValidation", async (request) => {
    if (!BODY_METHODS.has(request.method)) return;
    if (exemptPrefixes.some((prefix) => request.url.startsWith(prefix))) return;
    const type = request.headers["content-type"];
    if (type === undefined && request.body === undefined) return; // no body at all: validation names it
    if (typeof type !== "string" || !JSON_TYPE.test(type)) {
      throw new ApiError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send the request body as application/json.",
      );
    }
  });
}
