// Request generators for autocannon. Each request is rebuilt by setupRequest,
// so a run rotates over many pixels and bodies instead of hammering one cached
// row; per-connection `context` carries what onResponse needs to know.
import { pixelInput } from "./seed.mjs";

function rotate(items) {
  let next = 0;
  return () => items[next++ % items.length];
}

const auth = (token) => ({ Authorization: `Bearer ${token}` });

export function codeScenario({ url, token, account, ids, platform }) {
  const nextId = rotate(ids);
  const query = `account_id=${encodeURIComponent(account)}&platform=${platform}`;
  return {
    name: `GET /saved-pixels/{id}/code (${platform})`,
    url,
    headers: auth(token),
    requests: [
      {
        method: "GET",
        setupRequest(request) {
          request.path = `/saved-pixels/${nextId()}/code?${query}`;
          return request;
        },
      },
    ],
  };
}

/**
 * The cache-hostile mix (issue #15): every seeded pixel on all three platforms,
 * round-robin, so each (pixel, platform) answer comes round once per
 * ids × 3 requests; a cache smaller than that never hits.
 */
export function codeMixScenario({ url, token, account, ids }) {
  const platforms = ["javascript", "gtm", "tealium"];
  const paths = ids.flatMap((id) =>
    platforms.map(
      (platform) =>
        `/saved-pixels/${id}/code?account_id=${encodeURIComponent(account)}&platform=${platform}`,
    ),
  );
  const nextPath = rotate(paths);
  return {
    name: `GET /saved-pixels/{id}/code (${ids.length} pixels × 3 platforms, round-robin)`,
    url,
    headers: auth(token),
    requests: [
      {
        method: "GET",
        setupRequest(request) {
          request.path = nextPath();
          return request;
        },
      },
    ],
  };
}

export function getScenario({ url, token, account, ids }) {
  const nextId = rotate(ids);
  const query = `account_id=${encodeURIComponent(account)}`;
  return {
    name: "GET /saved-pixels/{id}",
    url,
    headers: auth(token),
    requests: [
      {
        method: "GET",
        setupRequest(request) {
          request.path = `/saved-pixels/${nextId()}?${query}`;
          return request;
        },
      },
    ],
  };
}

export function listScenario({ url, token, account, offset = 0, name }) {
  const path = `/saved-pixels?account_id=${encodeURIComponent(account)}&limit=50${offset ? `&offset=${offset}` : ""}`;
  return {
    name:
      name ?? `GET /saved-pixels?limit=50${offset ? `&offset=${offset}` : ""}`,
    url,
    headers: auth(token),
    requests: [{ method: "GET", path }],
  };
}

/** Unsaved configs from the seed mix, all three platforms, varied names. */
export function previewScenario({ url, token, account }) {
  const bodies = Array.from({ length: 300 }, (_, i) => {
    const input = pixelInput(i, `Preview ${i}`);
    delete input.description;
    if (i % 4 === 0) delete input.name;
    input.target_platform = ["javascript", "gtm", "tealium"][i % 3];
    return JSON.stringify(input);
  });
  const nextBody = rotate(bodies);
  return {
    name: "POST /saved-pixels/preview",
    url,
    headers: { ...auth(token), "Content-Type": "application/json" },
    requests: [
      {
        method: "POST",
        path: `/saved-pixels/preview?account_id=${encodeURIComponent(account)}`,
        setupRequest(request) {
          request.body = nextBody();
          return request;
        },
      },
    ],
  };
}

/** Creates with names unique across runs (`tag`) and requests (a counter). */
export function createScenario({ url, token, account, tag, name }) {
  let next = 0;
  return {
    name: name ?? "POST /saved-pixels (create)",
    url,
    headers: { ...auth(token), "Content-Type": "application/json" },
    requests: [
      {
        method: "POST",
        path: `/saved-pixels?account_id=${encodeURIComponent(account)}`,
        setupRequest(request) {
          const i = next++;
          request.body = JSON.stringify(pixelInput(i, `Create ${tag} ${i}`));
          return request;
        },
      },
    ],
  };
}

/**
 * Events of the seeded pixels, each pixel with its own type, spread over them
 * in turn, each with a fresh event_id (`prefix` + a counter). `next()` answers
 * the event's fields; `key` is "pixel_id event_id", what verify.mjs looks for.
 */
function seededEvents(pixels, prefix) {
  const nextPixel = rotate(pixels);
  let count = 0;
  return function next() {
    const pixel = nextPixel();
    const n = count++;
    const event = {
      pixel_id: pixel.id,
      type: pixel.type,
      event_id: `${prefix}${n.toString(36).padStart(8, "0")}`,
      page_url: "https://shop.example/checkout?step=2",
      sku: `SKU-${(n + 1) % 997}`,
    };
    if (pixel.conversionType) event.conversion_type = pixel.conversionType;
    if (pixel.type === "conversion") {
      event.revenue = "49.99";
      event.currency = "EUR";
    }
    return { event, key: `${pixel.id} ${event.event_id}` };
  };
}

/**
 * Tracker events as t.js sends them (text/plain JSON), each with a fresh
 * event_id, spread over the seeded pixels with each pixel's own type. Every
 * 204 is recorded in `acknowledged` ("pixel_id event_id"): those must all be
 * in the database after a graceful stop.
 */
export function collectScenario({ url, pixels, tag, acknowledged }) {
  const next = seededEvents(pixels, `${tag}-`);
  return {
    name: "POST /collect (events)",
    url,
    rate: "ok",
    headers: { "Content-Type": "text/plain;charset=UTF-8" },
    requests: [
      {
        method: "POST",
        path: "/collect",
        setupRequest(request, context) {
          const { event, key } = next();
          const { sku, ...fields } = event;
          context.key = key;
          request.body = JSON.stringify({
            ...fields,
            referrer: "https://shop.example/cart",
            client_time: new Date().toISOString(),
            properties: { sku, category: "shoes" },
          });
          return request;
        },
        onResponse(status, _body, context) {
          if (status === 204) acknowledged.add(context.key);
        },
      },
    ],
  };
}

/**
 * The image beacon (§6 `GET /collect.gif`) as an <img> or a no-script page
 * sends it: one event in the query, fresh event_ids, spread over the seeded
 * pixels. Every 2xx is recorded in `acknowledged` like /collect's.
 */
export function collectImageScenario({ url, pixels, tag, acknowledged }) {
  const next = seededEvents(pixels, `${tag}-g`);
  return {
    name: "GET /collect.gif (events)",
    url,
    rate: "ok",
    requests: [
      {
        method: "GET",
        setupRequest(request, context) {
          const { event, key } = next();
          const { sku, ...fields } = event;
          context.key = key;
          request.path = `/collect.gif?${new URLSearchParams({ ...fields, "prop.sku": sku })}`;
          return request;
        },
        onResponse(status, _body, context) {
          if (status >= 200 && status < 300) acknowledged.add(context.key);
        },
      },
    ],
  };
}

/**
 * The tracker as every page view loads it: `GET /t.js` with the
 * Accept-Encoding a current Chrome sends (so the stored Brotli form).
 */
export function trackerScenario({ url }) {
  return {
    name: "GET /t.js (Brotli, as browsers ask)",
    url,
    headers: { "Accept-Encoding": "gzip, deflate, br, zstd" },
    requests: [{ method: "GET", path: "/t.js" }],
  };
}

/** Events per POST /events request: the contract's maximum batch. */
export const SERVER_BATCH = 100;

/**
 * Server events (contract §9): batches of 100 events of the seeded pixels, sent
 * with an ingest key; each 200 means the batch is committed. Fresh event_ids.
 */
export function serverEventsScenario({ url, ingestKey, pixels, tag }) {
  const nextPixel = rotate(pixels);
  let next = 0;
  return {
    name: `POST /events (${SERVER_BATCH}-event batches)`,
    url,
    headers: { ...auth(ingestKey), "Content-Type": "application/json" },
    requests: [
      {
        method: "POST",
        path: "/events",
        setupRequest(request) {
          const events = [];
          for (let i = 0; i < SERVER_BATCH; i++) {
            const pixel = nextPixel();
            const event = {
              pixel_id: pixel.id,
              type: pixel.type,
              event_id: `${tag}-s${(next++).toString(36).padStart(8, "0")}`,
              properties: { sku: `SKU-${next % 997}` },
            };
            if (pixel.conversionType)
              event.conversion_type = pixel.conversionType;
            if (pixel.type === "conversion") {
              event.revenue = 49.99;
              event.currency = "EUR";
            }
            events.push(event);
          }
          request.body = JSON.stringify({ events });
          return request;
        },
      },
    ],
  };
}

/**
 * A report over a fixed range (issue #11): `GET /saved-pixels/{id}/report`, or
 * the account-wide `GET /saved-pixels/report` when `id` is null.
 */
export function reportScenario({ url, token, account, id, query, name }) {
  const route = id === null ? "report" : `${id}/report`;
  return {
    name,
    url,
    headers: auth(token),
    requests: [
      {
        method: "GET",
        path: `/saved-pixels/${route}?account_id=${encodeURIComponent(account)}&${query}`,
      },
    ],
  };
}
