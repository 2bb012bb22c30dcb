/**
 * What an If-Match header asks for: undefined when absent or `*` (any current
 * version), the version its entity tag names, or null when no listed tag can
 * match this pixel (answered 412).
 */
export function expectedVersionFromIfMatch(
  header: string | string[] | undefined,
  pixelId: string,
): number | undefined | null {
  if (header === undefined) return undefined;
  const tags = (Array.isArray(header) ? header.join(",") : header)
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .filter((tag) => tag.length > 0);
  if (tags.includes("*")) return undefined;
  for (const tag of tags) {
    const match = /^"([a-z0-9_]+)\.v([0-9]{1,9})"$/.exec(tag);
    if (match && match[1] === pixelId) return Number(match[2]);
  }
  return null;
}
