import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
} from "fastify";
import { sendError } from "../http/api-exception.filter";
import { CollectionController } from "./collection.controller";

type BeaconHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
) => void | Promise<void>;

/**
 * The routes every page view of every site running our code hits, by
 * "METHOD path", and the controller method that serves each.
 */
const BEACON_ROUTES: Readonly<Record<string, keyof CollectionController>> = {
  "GET /t.js": "trackerScript",
  "HEAD /t.js": "trackerScript",
  "POST /collect": "collect",
  "GET /collect.gif": "collectImage",
  "HEAD /collect.gif": "collectImage",
  "GET /v.gif": "recordView",
  "HEAD /v.gif": "recordView",
};

/**
 * Serves the beacon routes (`/t.js`, `/collect`, `/collect.gif`, `/v.gif`)
 * from Fastify directly: Nest still declares them (the controller, its
 * `@Public` exposure and its OpenAPI), but Fastify calls the controller's method
 * itself instead of Nest's per-request chain of guard, pipes and exception
 * zone, which cost more than the work of a beacon (issue #15 lets these routes
 * leave Nest's pipeline as long as every behaviour stays). What that chain did
 * for them is done here: they are public (the guard let them through), they
 * take the request and reply as they are (no pipes), and an error gets the
 * same envelope the exception filter gives (`sendError`). Fastify's own hooks —
 * security headers, CORS, request ids, the body checks — run as for any route.
 *
 * Call before `app.init()`, when Nest registers its routes.
 */
export function serveBeaconsDirectly(
  fastify: FastifyInstance,
  controller: CollectionController,
): void {
  fastify.addHook("onRoute", (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const names = new Set(
      methods.map((method) => BEACON_ROUTES[`${method} ${route.url}`]),
    );
    const [name] = names;
    if (names.size !== 1 || name === undefined) return;
    const serve = (controller[name] as BeaconHandler).bind(controller);
    route.handler = async function beacon(request, reply) {
      try {
        await serve(request, reply);
      } catch (error) {
        sendError(reply, request, error);
      }
    };
  });
}
