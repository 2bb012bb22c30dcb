/**
 * The entity tags of an If-Match or If-None-Match header (RFC 9110 §13.1.1–2):
 * `any` when the list holds `*`, and each quoted tag (quotes kept) with its weak
 * prefix `W/` removed, since every comparison here is the weak one (§8.8.3.2).
 * Repeated headers (an array) count as one list; items that are not an entity
 * tag (unquoted, empty) are left out, so they match nothing.
 */
export interface EntityTags {
  any: boolean;
  tags: string[];
}

const QUOTED_TAG = /^"[^"]*"$/;

/** Parses a precondition header; `undefined` when it is absent. */
export function parseEntityTags(
  header: string | string[] | undefined,
): EntityTags | undefined {
  if (header === undefined) return undefined;
  const items = (Array.isArray(header) ? header.join(",") : header)
    .split(",")
    .map((item) => item.trim().replace(/^W\//, ""));
  return {
    any: items.includes("*"),
    tags: items.filter((item) => QUOTED_TAG.test(item)),
  };
}

/**
 * Whether If-None-Match names the current representation (answer 304): `*` or a
 * tag equal to `etag` under weak comparison. False when the header is absent.
 */
export function ifNoneMatchHits(
  header: string | string[] | undefined,
  etag: string,
): boolean {
  const parsed = parseEntityTags(header);
  if (!parsed) return false;
  const current = etag.replace(/^W\//, "");
  return parsed.any || parsed.tags.includes(current);
}
