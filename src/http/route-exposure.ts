import type { FastifyRequest } from "fastify";

/**
 * How a public route is exposed beyond "no token needed", declared once on the
 * route with `@Public(...)` (src/auth/authenticated.decorator.ts) and read by the
 * hooks that run before Nest: the security headers (`crossOrigin`) and the body
 * check (`anyBody`). The guard reads the same decorator.
 */
export interface RouteExposure {
  /** Pages on other sites load it (tracker, collector): CORP `cross-origin`. */
  crossOrigin: boolean;
  /** Takes bodies that are not JSON (browsers send beacons as text/plain). */
  anyBody: boolean;
}

/** Where the exposure travels: Fastify's per-route `config`. */
export const EXPOSURE_CONFIG_KEY = "exposure";

const NOT_EXPOSED: RouteExposure = { crossOrigin: false, anyBody: false };

/**
 * The exposure of the route a request was matched to; routes without one, and
 * requests no route matched (404), are same-origin and JSON-only.
 */
export function exposureOf(request: FastifyRequest): RouteExposure {
  const config = request.routeOptions?.config as
    { [EXPOSURE_CONFIG_KEY]?: RouteExposure } | undefined;
  return config?.[EXPOSURE_CONFIG_KEY] ?? NOT_EXPOSED;
}
