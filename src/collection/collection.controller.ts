import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
} from "@nestjs/common";
import {
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from "@nestjs/swagger";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Public } from "../auth/authenticated.decorator";
import { ApiErrors } from "../http/api-docs";
import { ifNoneMatchHits } from "../http/etag";
import { ApiError } from "../http/api-error";
import {
  isPlainObject,
  parseCollectBody,
  parseCollectQuery,
  pickRawFields,
  RawCollectedEvent,
} from "./collected-event";
import { parseStubBatch } from "./stub-batch";
import { EventCollector } from "./event-collector";
import { piggybackRedirect } from "./piggyback-redirect";
import { TrackerAsset } from "./tracker-asset";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { ViewCookie, viewQueryProblem, viewSetCookie } from "./view-cookie";

/**
 * Event bodies are at most 64 KiB. The contract's §6 said 16 KiB, but issue #9
 * (newer, so it wins) requires every event our code can produce to arrive: the
 * largest pixel the contract allows (20 fixed properties of 500 characters) is
 * about 41 KB of JSON in emoji and 31 KB in CJK. 64 KiB is also sendBeacon's
 * per-page quota in browsers, so no beacon the tracker can send is larger.
 */
export const COLLECT_BODY_LIMIT = 64 * 1024;

/** A Vary header value with `field` added to what is already there (the CORS hook may have set one). */
function withVary(
  current: string | number | string[] | undefined,
  field: string,
): string {
  const fields = current === undefined ? [] : String(current).split(/\s*,\s*/);
  return fields.some((name) => name.toLowerCase() === field.toLowerCase())
    ? fields.join(", ")
    : [...fields.filter(Boolean), field].join(", ");
}

/** A transparent 1×1 GIF. */
const PIXEL_GIF = Buffer.from(
  "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
  "base64",
);

/**
 * The public side: the tracker script and the endpoints it sends events to.
 * Whatever the input, the answer is the same, so a page learns nothing about
 * which pixels exist.
 */
@ApiTags("Tracker and collection")
@Controller()
export class CollectionController {
  private readonly views: ViewCookie;

  constructor(
    private readonly tracker: TrackerAsset,
    private readonly collector: EventCollector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.views = new ViewCookie(config.jwtSecret);
  }

  @Get("t.js")
  @Public({ crossOrigin: true })
  @ApiOperation({
    operationId: "getTracker",
    summary: "The tracker script",
    description:
      "ES5, minified; the base code loads it asynchronously. Compressed when the request accepts it (`br` or `gzip`, negotiated from Accept-Encoding, stored compressed at start-up; `Vary: Accept-Encoding`), plain otherwise. Cacheable, with an ETag per coding.",
  })
  @ApiProduces("application/javascript")
  @ApiResponse({ status: 200, description: "The script." })
  @ApiResponse({
    status: 304,
    description: "Not modified (If-None-Match matched).",
  })
  trackerScript(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const ifNoneMatch = request.headers["if-none-match"];
    const served = this.tracker.representationFor(
      request.headers["accept-encoding"],
    );
    reply
      .header("ETag", served.etag)
      .header("Vary", withVary(reply.getHeader("vary"), "Accept-Encoding"))
      .header(
        "Cache-Control",
        "public, max-age=3600, stale-while-revalidate=86400",
      )
      .header("Cross-Origin-Resource-Policy", "cross-origin")
      .header("Access-Control-Allow-Origin", "*");
    if (ifNoneMatchHits(ifNoneMatch, served.etag)) {
      reply.status(304).send();
      return;
    }
    if (served.encoding) reply.header("Content-Encoding", served.encoding);
    reply
      .status(200)
      .header("Content-Type", "application/javascript; charset=utf-8")
      .send(served.body);
  }

  @Post("collect")
  @Public({ crossOrigin: true, anyBody: true })
  @HttpCode(204)
  @ApiOperation({
    operationId: "collectEvent",
    summary: "Receive a tracker event",
    description:
      'Public (browsers call it; CORS open). One event as JSON, sent as text/plain (navigator.sendBeacon) or application/json, at most 64 KiB; or the install code\'s stub\'s leave-time batch, `[page_url, [call, …]]` with each call an `spx(…)` argument list (`["track", payload]` or `{"0": "track", "1": payload}`): each track payload is an event with that page_url, an event_id assigned by the server, and the page URL\'s spx_test code (at most 50 events; other commands are skipped). Property values are text, numbers, booleans or lists of text and numbers; `dropped` lists the tracker\'s codes for what it left out, each stored as a warning. `test_event_code` (1-50 characters) stores the event as a test event: shown with `test: true`, never counted, never turning the pixel active; another value is dropped with a warning. 204 for every event that arrives, stored or not: events for unknown pixels and invalid events are dropped silently. A body Fastify cannot read (application/json that is not JSON, a malformed Content-Type) is 400 or 415, and one over the limit 413.',
  })
  @ApiConsumes("text/plain", "application/json")
  @ApiResponse({
    status: 204,
    description:
      "Received: stored (the batch holding it has committed), or dropped as invalid or for an unknown pixel.",
  })
  @ApiErrors("VALIDATION_FAILED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE")
  @ApiCollectOverloaded()
  async collect(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const cookie = request.headers.cookie;
    // One event, or the stub's leave-time batch (stub-batch.ts).
    await Promise.all(
      rawEventsFromBody(request.body).map((raw) =>
        this.collector.collect(this.withViews(raw, cookie)),
      ),
    );
    publicHeaders(reply).status(204).send();
  }

  @Get("collect.gif")
  @Public({ crossOrigin: true, anyBody: true })
  @ApiOperation({
    operationId: "collectEventImage",
    summary: "Receive an event from an image request",
    description:
      "For <noscript> and image-only placements: the event in query parameters (pixel_id, type, conversion_type, revenue, currency, prop.<key>, prop.<key>[] once per item of a list, event_id, transaction_id, visitor_id, page_url, referrer, client_time, test_event_code, dropped once per code of what the tracker left out). `noscript=1` marks a <noscript> image (no event_id warning); `spx_omitted=a,b` names what the request left out to keep its URL within 8,000 characters (a warning on the event names them); without page_url, the Referer header is the page's URL. A 1×1 GIF, or a 302 to the first `img` piggyback pixel of an active pixel (placeholders filled); HEAD answers the same headers and stores nothing.",
  })
  @ApiProduces("image/gif")
  @ApiResponse({
    status: 200,
    description:
      "A transparent 1×1 GIF, once the event is stored (or dropped as invalid).",
  })
  @ApiResponse({
    status: 302,
    description:
      "The event is stored; Location is the pixel's first `img` piggyback, placeholders filled (contract §7).",
  })
  @ApiCollectOverloaded()
  async collectImage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // HEAD is a safe method (RFC 9110 §9.2.1): a link checker or prefetcher
    // asking for the headers must not store an event.
    if (request.method === "HEAD") return gifAnswer(reply);
    const query = request.query as Record<
      string,
      string | string[] | undefined
    >;
    const collected = await this.collector.collect(
      this.withViews(
        parseCollectQuery(query, request.headers.referer),
        request.headers.cookie,
      ),
      new Date(),
      "image",
    );
    const location = collected && piggybackRedirect(collected);
    if (location) {
      publicHeaders(reply)
        .status(302)
        .header("Location", location)
        .header("Cache-Control", "no-store, max-age=0")
        .send();
      return;
    }
    gifAnswer(reply);
  }

  @Get("v.gif")
  @Public({ crossOrigin: true })
  @ApiOperation({
    operationId: "recordView",
    summary: "Impression pixel: record a view touchpoint",
    description:
      "Contract §8. Ad creatives load `/v.gif?account_id=…&campaign=…[&source=…]`. Answers a 1×1 GIF and keeps the latest view per account in the signed cookie `spx_views` on this service's domain (SameSite=None; Secure; HttpOnly; 30 days; at most 8 accounts). `/collect` and `/collect.gif` read it: an event of that account's pixels without a view touchpoint of its own gets this view. Works only where the browser sends third-party cookies. A malformed query still answers the GIF (an ad must never show a broken image) but sets no cookie.",
  })
  @ApiProduces("image/gif")
  @ApiResponse({
    status: 200,
    description:
      "A transparent 1×1 GIF (with Set-Cookie when the query is valid).",
  })
  recordView(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const query = request.query as Record<
      string,
      string | string[] | undefined
    >;
    const cookie = request.headers.cookie;
    const first = (name: string) => {
      const value = query[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const view = {
      account_id: first("account_id"),
      campaign: first("campaign"),
      source: first("source"),
    };
    if (viewQueryProblem(view) === null) {
      const value = this.views.write(this.views.read(cookie), {
        account_id: view.account_id!,
        campaign: view.campaign!.trim(),
        source: view.source?.trim() || null,
        seen_at_s: Math.floor(Date.now() / 1000),
      });
      reply.header("Set-Cookie", viewSetCookie(value));
    }
    publicHeaders(reply)
      .status(200)
      .header("Content-Type", "image/gif")
      .header("Cache-Control", "no-store, max-age=0")
      .send(PIXEL_GIF);
  }

  /** The raw event with the views its request's cookie remembers (§8). */
  private withViews(
    raw: RawCollectedEvent | null,
    cookie: string | undefined,
  ): RawCollectedEvent | null {
    if (raw && cookie) raw.views = this.views.read(cookie);
    return raw;
  }
}

/**
 * 503: the collector's bounded buffer is full because the database is not
 * keeping up; nothing of the event was kept. Retry-After says when to try again.
 */
function ApiCollectOverloaded() {
  return ApiResponse({
    status: 503,
    description:
      "`SERVICE_UNAVAILABLE`: the database is not keeping up and the bounded event buffer is full; the event was not stored. Send it again after Retry-After seconds (the same event_id is stored once).",
    headers: {
      "Retry-After": {
        description: "Seconds to wait before sending the event again.",
        schema: { type: "integer" },
      },
    },
    schema: { $ref: "#/components/schemas/ErrorEnvelope" },
  });
}

/**
 * The events of a body as the tracker or the stub sent it: a string (text/plain
 * and other types) or parsed JSON (application/json). One event (a JSON object),
 * or the stub's leave-time batch (`[page_url, [call, …]]`, stub-batch.ts);
 * anything else is none.
 */
function rawEventsFromBody(body: unknown): RawCollectedEvent[] {
  let parsed = body;
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    const text = body.toString();
    if (Buffer.byteLength(text) > COLLECT_BODY_LIMIT) throw tooLarge();
    const event = parseCollectBody(text);
    if (event) return [event];
    parsed = parseJson(text);
  } else if (
    body !== null &&
    typeof body === "object" &&
    jsonByteLength(body) > COLLECT_BODY_LIMIT
  )
    throw tooLarge();
  if (isPlainObject(parsed)) return [pickRawFields(parsed)];
  return parseStubBatch(parsed) ?? [];
}

/** JSON.parse, a leading byte order mark ignored; undefined for text that is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

/**
 * The size of a parsed JSON body once serialised again. A body nested so deeply
 * that serialising it overflows the stack (thousands of levels) is far over the
 * limit: Infinity, rather than a RangeError and a 500.
 */
function jsonByteLength(body: object): number {
  try {
    return Buffer.byteLength(JSON.stringify(body));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function tooLarge(): ApiError {
  return new ApiError(
    "PAYLOAD_TOO_LARGE",
    `An event body may be at most ${COLLECT_BODY_LIMIT} bytes.`,
  );
}

/** 200 with the transparent GIF, never cached (each load is an event). */
function gifAnswer(reply: FastifyReply): void {
  publicHeaders(reply)
    .status(200)
    .header("Content-Type", "image/gif")
    .header("Cache-Control", "no-store, max-age=0")
    .send(PIXEL_GIF);
}

function publicHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header("Cross-Origin-Resource-Policy", "cross-origin")
    .header("Access-Control-Allow-Origin", "*");
}
