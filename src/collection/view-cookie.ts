/**
 * Contract §8 view touchpoints: the impression pixel `GET /v.gif` keeps the
 * latest view per account in one cookie on the service's own domain, and
 * `/collect` reads it back. The cookie is data from the browser, so it is
 * bounded and signed: `spx_views=<payload>.<signature>`, where the payload is
 * base64url JSON `[[account_id, campaign, source|null, seen_at_s], …]` (newest
 * first, at most MAX_VIEW_ACCOUNTS accounts) and the signature is an
 * HMAC-SHA256 of the payload with a key derived from the service's secret. A
 * cookie that fails the signature or the shape is ignored as a whole.
 * `seen_at_s` is the server's clock (seconds since the epoch), as is the
 * event's arrival time, so the age of a view never depends on a client clock.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { TOUCHPOINT_TEXT_MAX_LENGTH, Touchpoint } from "../pixels/touchpoint";

export const VIEW_COOKIE_NAME = "spx_views";
/** 30 days (§8). */
export const VIEW_COOKIE_MAX_AGE_S = 30 * 24 * 60 * 60;
/** Accounts remembered; the oldest view drops out first. Keeps an ASCII cookie under ~2.5 KB. */
export const MAX_VIEW_ACCOUNTS = 8;
/**
 * The longest value written: browsers keep cookies of 4096 bytes (name, "="
 * and value; RFC 6265 §6.1 sets that as the minimum, and Chrome and Firefox
 * refuse larger ones). The value is base64url, so characters are bytes.
 */
const MAX_VIEW_COOKIE_VALUE_LENGTH = 4096 - VIEW_COOKIE_NAME.length - 1;
/** `account_id` as routes accept it (bounded, cookie-safe once encoded). */
const ACCOUNT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const SIGNATURE_BYTES = 16;

/** One remembered view. */
export interface RememberedView {
  account_id: string;
  campaign: string;
  source: string | null;
  /** Seconds since the epoch, server clock. */
  seen_at_s: number;
}

/** Why an impression's query is refused (field and message), or null. */
export function viewQueryProblem(query: {
  account_id?: unknown;
  campaign?: unknown;
  source?: unknown;
}): { field: string; message: string } | null {
  if (
    typeof query.account_id !== "string" ||
    !ACCOUNT_ID.test(query.account_id)
  )
    return {
      field: "account_id",
      message: "is required: 1-64 letters, digits, _ . : or -",
    };
  for (const field of ["campaign", "source"] as const) {
    const value = query[field];
    if (value === undefined && field === "source") continue;
    if (
      typeof value !== "string" ||
      value.trim() === "" ||
      value.length > TOUCHPOINT_TEXT_MAX_LENGTH ||
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f]/.test(value)
    )
      return {
        field,
        message: `${field === "campaign" ? "is required: " : "must be "}text of 1-${TOUCHPOINT_TEXT_MAX_LENGTH} characters`,
      };
  }
  return null;
}

/** Signs and reads the view cookie with one key. */
export class ViewCookie {
  private readonly key: Buffer;

  /** `secret`: the service's secret (AUTH_JWT_SECRET); a key of its own is derived from it. */
  constructor(secret: string) {
    this.key = createHmac("sha256", secret)
      .update("saved-pixels view cookie v1")
      .digest();
  }

  /** The remembered views of a `Cookie` header; [] when absent, unsigned or malformed. */
  read(cookieHeader: string | undefined): RememberedView[] {
    const value = cookieValue(cookieHeader, VIEW_COOKIE_NAME);
    if (!value || value.length > 4096) return [];
    const [payload, signature, extra] = value.split(".");
    if (!payload || !signature || extra !== undefined) return [];
    const expected = this.sign(payload);
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    const views: RememberedView[] = [];
    for (const item of parsed.slice(0, MAX_VIEW_ACCOUNTS)) {
      if (!Array.isArray(item) || item.length !== 4) return [];
      const [account_id, campaign, source, seen_at_s] = item as unknown[];
      if (
        viewQueryProblem({
          account_id,
          campaign,
          source: source ?? undefined,
        }) !== null ||
        typeof seen_at_s !== "number" ||
        !Number.isInteger(seen_at_s) ||
        seen_at_s < 0
      )
        return [];
      views.push({
        account_id: account_id as string,
        campaign: campaign as string,
        source: (source as string | null) ?? null,
        seen_at_s,
      });
    }
    return views;
  }

  /**
   * The cookie value after a view: this account's view first, the other
   * accounts' latest views after it, at most MAX_VIEW_ACCOUNTS in all and at
   * most MAX_VIEW_COOKIE_VALUE_LENGTH characters (older views dropped to fit).
   */
  write(previous: RememberedView[], view: RememberedView): string {
    const kept = [
      view,
      ...previous.filter((item) => item.account_id !== view.account_id),
    ].slice(0, MAX_VIEW_ACCOUNTS);
    // Non-ASCII or escaped text can make eight views larger than a browser
    // keeps (a Set-Cookie over the limit is ignored whole, and the old cookie
    // stays): the oldest views go until it fits. One view alone always fits.
    for (;;) {
      const value = this.encode(kept);
      if (value.length <= MAX_VIEW_COOKIE_VALUE_LENGTH || kept.length === 1)
        return value;
      kept.pop();
    }
  }

  private encode(views: RememberedView[]): string {
    const payload = Buffer.from(
      JSON.stringify(
        views.map((item) => [
          item.account_id,
          item.campaign,
          item.source,
          item.seen_at_s,
        ]),
      ),
    ).toString("base64url");
    return `${payload}.${this.sign(payload).toString("base64url")}`;
  }

  private sign(payload: string): Buffer {
    return createHmac("sha256", this.key)
      .update(payload)
      .digest()
      .subarray(0, SIGNATURE_BYTES);
  }
}

/** The `Set-Cookie` header value for a signed cookie value (§8: SameSite=None; Secure; 30 days). */
export function viewSetCookie(value: string): string {
  return `${VIEW_COOKIE_NAME}=${value}; Path=/; Max-Age=${VIEW_COOKIE_MAX_AGE_S}; SameSite=None; Secure; HttpOnly`;
}

/**
 * The account's view as an event's touchpoint, or null when the cookie has none
 * for it. `receivedAt` is the event's arrival (server clock); a view "from the
 * future" (a clock step) is treated as just now.
 */
export function viewTouchpoint(
  views: RememberedView[],
  accountId: string | undefined,
  receivedAt: Date,
): Touchpoint | null {
  if (!accountId) return null;
  const view = views.find((item) => item.account_id === accountId);
  if (!view) return null;
  return {
    type: "view",
    campaign: view.campaign,
    source: view.source,
    medium: null,
    content: null,
    term: null,
    click_id_type: null,
    age_s: Math.max(
      0,
      Math.floor(receivedAt.getTime() / 1000) - view.seen_at_s,
    ),
  };
}

/** One cookie's value from a `Cookie` header (first occurrence), or undefined. */
function cookieValue(
  header: string | undefined,
  name: string,
): string | undefined {
  if (typeof header !== "string") return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name)
      return part.slice(index + 1).trim();
  }
  return undefined;
}
