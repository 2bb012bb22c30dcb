import { parseEntityTags } from "../http/etag";

/**
 * What an If-Match header asks for: undefined when absent or `*` (any current
 * version), the version its entity tag names, or null when no listed tag can
 * match this pixel (answered 412).
 */
export function expectedVersionFromIfMatch(
  header: string | string[] | undefined,
  pixelId: string,
): number | undefined | null {
  const parsed = parseEntityTags(header);
  if (!parsed || parsed.any) return undefined;
  for (const tag of parsed.tags) {
    const match = /^"([a-z0-9_]+)\.v([0-9]{1,9})"$/.exec(tag);
    if (match && match[1] === pixelId) return Number(match[2]);
  }
  return null;
}
