/**
 * Click touchpoints (CONTRACT.md §8): a landing URL carrying `spx_cid` (at most
 * 100 characters), `utm_campaign` or a known click id is a click. It is kept in
 * memory at once and in first-party storage (localStorage `_spx_tp`) only once
 * `storageAllowed()`; the latest click wins. Events carry it as
 * `touchpoint: {type: "click", campaign, source, medium, content, term,
 * click_id_type, age_s}` with the age measured on the client's own clock, so
 * clock skew does not move attribution.
 */
import { storageAllowed } from "./consent";

/** Click ids the contract knows, in the order a URL with several is named by. */
const CLICK_IDS = [
  "gclid",
  "gbraid",
  "wbraid",
  "fbclid",
  "msclkid",
  "ttclid",
  "li_fat_id",
];
const KEY = "_spx_tp";
const FIELDS = ["campaign", "source", "medium", "content", "term"];

let landing: any;

/** Reads the landing URL's click parameters (no storage touched). */
export function readLanding(window: any): void {
  landing = undefined;
  let params: any;
  try {
    params = new window.URLSearchParams(window.location.search);
  } catch {
    return;
  }
  const click: any = { t: Date.now() };
  const cid = params.get("spx_cid");
  const campaign = cid && cid.length <= 100 ? cid : params.get("utm_campaign");
  if (campaign) click.campaign = campaign;
  for (let i = 1; i < FIELDS.length; i++) {
    const value = params.get("utm_" + FIELDS[i]);
    if (value) click[FIELDS[i]] = value;
  }
  for (let i = 0; i < CLICK_IDS.length && !click.click_id_type; i++)
    if (params.get(CLICK_IDS[i])) click.click_id_type = CLICK_IDS[i];
  if (click.campaign || click.click_id_type) landing = click;
}

/** Stores the landing click when storage is allowed; call on load and on consent changes. */
export function keepLanding(window: any): void {
  if (!landing || !storageAllowed()) return;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(landing));
  } catch {
    // storage full or blocked: the click still rides on this page's events
  }
}

/** The touchpoint for an event, or undefined (none, or storage not allowed). */
export function touchpoint(window: any): any {
  if (!storageAllowed()) return undefined;
  let click = landing;
  try {
    click = click || JSON.parse(window.localStorage.getItem(KEY));
  } catch {
    // unreadable: no touchpoint
  }
  if (!click || typeof click.t !== "number") return undefined;
  const out: any = { type: "click" };
  for (let i = 0; i < FIELDS.length; i++)
    if (typeof click[FIELDS[i]] === "string") out[FIELDS[i]] = click[FIELDS[i]];
  if (typeof click.click_id_type === "string")
    out.click_id_type = click.click_id_type;
  out.age_s = Math.max(0, Math.round((Date.now() - click.t) / 1000));
  return out;
}
