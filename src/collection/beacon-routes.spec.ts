import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
} from "fastify";
import { ApiError } from "../http/api-error";
import { CollectionController } from "./collection.controller";
import { serveBeaconsDirectly } from "./beacon-routes";

/** The onRoute hook serveBeaconsDirectly adds, applied to one route. */
function routed(
  controller: Partial<CollectionController>,
  route: Partial<RouteOptions>,
): RouteOptions {
  let hook: ((route: RouteOptions) => void) | undefined;
  const fastify = {
    addHook: (_name: string, fn: (route: RouteOptions) => void) => {
      hook = fn;
    },
  } as unknown as FastifyInstance;
  serveBeaconsDirectly(fastify, controller as CollectionController);
  const options = { handler: nestHandler, ...route } as RouteOptions;
  hook!(options);
  return options;
}

function nestHandler(): void {}

function fakeReply(): FastifyReply & {
  sent: { status?: number; body?: unknown };
} {
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    sent,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    headers() {
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  return reply as unknown as FastifyReply & { sent: typeof sent };
}

describe("serveBeaconsDirectly", () => {
  it("hands POST /collect straight to the controller's collect", async () => {
    const collect = jest.fn().mockResolvedValue(undefined);
    const route = routed({ collect }, { method: "POST", url: "/collect" });
    expect(route.handler).not.toBe(nestHandler);
    const request = {} as FastifyRequest;
    const reply = fakeReply();
    await (
      route.handler as (r: FastifyRequest, p: FastifyReply) => Promise<void>
    )(request, reply);
    expect(collect).toHaveBeenCalledWith(request, reply);
  });

  it.each([
    ["GET", "/t.js"],
    ["HEAD", "/t.js"],
    ["GET", "/collect.gif"],
    ["GET", "/v.gif"],
  ])("takes %s %s out of Nest's pipeline", (method, url) => {
    const route = routed(
      {
        trackerScript: jest.fn(),
        collectImage: jest.fn(),
        recordView: jest.fn(),
      },
      { method, url },
    );
    expect(route.handler).not.toBe(nestHandler);
  });

  it.each([
    ["GET", "/saved-pixels"],
    ["POST", "/events"],
    ["GET", "/collect"],
    ["POST", "/collect.gif"],
  ])("leaves %s %s to Nest", (method, url) => {
    expect(routed({}, { method, url }).handler).toBe(nestHandler);
  });

  it("answers a thrown error in the contract's envelope, as the exception filter would", async () => {
    const collect = jest
      .fn()
      .mockRejectedValue(new ApiError("PAYLOAD_TOO_LARGE", "too big"));
    const route = routed({ collect }, { method: "POST", url: "/collect" });
    const reply = fakeReply();
    await (
      route.handler as (r: FastifyRequest, p: FastifyReply) => Promise<void>
    )({ log: { error: jest.fn() } } as unknown as FastifyRequest, reply);
    expect(reply.sent.status).toBe(413);
    expect(reply.sent.body).toMatchObject({
      success: false,
      error: { code: "PAYLOAD_TOO_LARGE", message: "too big" },
    });
  });
});
