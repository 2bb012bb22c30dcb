import { randomBytes } from "node:crypto";
import { pixelBody, request, TestApp } from "./test-app";

/** An account with one saved pixel and one ingest key, for server-event tests. */
export interface IngestSetup {
  account: string;
  /** A user token (editor) of the account. */
  token: string;
  /** The ingest key (`spx_ik_…`), as shown once at creation. */
  key: string;
  keyId: string;
  pixel: string;
}

/**
 * Creates, over the API as a user would, an account's pixel (`pixelBody` with
 * `overrides`) and an ingest key.
 */
export async function ingestSetup(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  prefix = "ingest",
): Promise<IngestSetup> {
  const account = t.account(prefix);
  const token = t.token(account);
  const pixel = await request(
    t.baseUrl,
    "POST",
    `/saved-pixels?account_id=${account}`,
    { token, json: pixelBody(overrides) },
  );
  expect(pixel.status).toBe(201);
  const key = await request(
    t.baseUrl,
    "POST",
    `/ingest-keys?account_id=${account}`,
    { token, json: { name: "server" } },
  );
  expect(key.status).toBe(201);
  return {
    account,
    token,
    key: key.body.data.key,
    keyId: key.body.data.id,
    pixel: pixel.body.data.id,
  };
}

/** `POST /events` with the setup's ingest key. */
export function sendServerEvents(
  t: TestApp,
  s: IngestSetup,
  events: unknown[],
) {
  return request(t.baseUrl, "POST", "/events", {
    token: s.key,
    json: { events },
  });
}

/**
 * The pixel's stored events (`GET /saved-pixels/{id}/events`, which flushes the
 * collector's buffer first); `query` is appended (`&test=true`).
 */
export async function storedEvents(
  t: TestApp,
  s: IngestSetup,
  query = "",
): Promise<Array<Record<string, unknown>>> {
  const response = await request(
    t.baseUrl,
    "GET",
    `/saved-pixels/${s.pixel}/events?account_id=${s.account}${query}`,
    { token: s.token },
  );
  expect(response.status).toBe(200);
  return response.body.data;
}

/** The saved pixel as `GET /saved-pixels/{id}` shows it (status, last_event_at). */
export async function savedPixel(
  t: TestApp,
  s: IngestSetup,
): Promise<Record<string, unknown>> {
  const response = await request(
    t.baseUrl,
    "GET",
    `/saved-pixels/${s.pixel}?account_id=${s.account}`,
    { token: s.token },
  );
  expect(response.status).toBe(200);
  return response.body.data;
}

/**
 * The result `POST /events` gives an accepted payload: counted when
 * `notCountedReason` is null.
 */
export function acceptedResult(
  index: number,
  notCountedReason: string | null,
): Record<string, unknown> {
  return {
    index,
    status: "accepted",
    errors: [],
    counted: notCountedReason === null,
    not_counted_reason: notCountedReason,
  };
}

/** A fresh valid event_id. */
export const randomEventId = (): string =>
  `ev_${randomBytes(6).toString("hex")}`;
