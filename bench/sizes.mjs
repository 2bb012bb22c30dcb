// What a site's visitors download: the tracker and the pasted snippet, raw and
// gzipped at level 9 (what a CDN or `gzip -9` would serve at best).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

function sizeOf(text) {
  const bytes = Buffer.from(text, "utf8");
  return { bytes: bytes.length, gzBytes: gzipSync(bytes, { level: 9 }).length };
}

/** @param {string} appRoot the build snapshot the services run from */
export function trackerSize(appRoot) {
  const file = join(appRoot, "dist", "tracker", "t.js");
  if (!existsSync(file)) return { missing: "dist/tracker/t.js" };
  return sizeOf(readFileSync(file, "utf8"));
}

/** base, event and both together from GET …/code?platform=javascript. */
export async function snippetSizes({ url, token, account, pixelId }) {
  const response = await fetch(
    `${url}/saved-pixels/${pixelId}/code?account_id=${encodeURIComponent(account)}&platform=javascript`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const text = await response.text();
  if (response.status !== 200) {
    return { error: `GET …/code → ${response.status}: ${text.slice(0, 200)}` };
  }
  const artifacts = JSON.parse(text).data?.artifacts ?? [];
  const content = (id) => artifacts.find((a) => a.id === id)?.content;
  const base = content("base");
  const event = content("event");
  if (base === undefined || event === undefined) {
    return { error: "the javascript code has no base or event artifact" };
  }
  // Pasted one after the other, so gzip sees them as one document.
  return {
    base: sizeOf(base),
    event: sizeOf(event),
    total: sizeOf(`${base}\n${event}`),
  };
}
