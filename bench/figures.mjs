// The figures that are not load scenarios (memory, start-up, sizes,
// durability, seeding), each with its target and PASS/MISS where it has one.
import { SETTINGS, TARGETS } from "./config.mjs";
import { mb, size } from "./report.mjs";

const verdict = (ok) => (ok ? "PASS" : "MISS");
const median = (values) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The non-scenario figures, each with its target and verdict. */
export function buildFigures(d) {
  const figures = [];
  const add = (name, value, target, ok) =>
    figures.push({
      name,
      value,
      target,
      verdict: ok === undefined ? "–" : verdict(ok),
    });

  const peakMain = d.mainMemory?.peakRssBytes;
  if (peakMain)
    add(
      "Peak RSS, service under load (VmHWM)",
      mb(peakMain),
      `≤ ${TARGETS.rssMb} MB`,
      peakMain <= TARGETS.rssMb * 2 ** 20,
    );
  if (d.idleRssBytes)
    add("RSS right after start-up (idle)", mb(d.idleRssBytes));
  const peakBig = d.bigMemory?.peakRssBytes;
  if (peakBig)
    add(
      `Peak RSS, ${SETTINGS.bigPixels.toLocaleString("en-US")}-pixel list service (VmHWM)`,
      mb(peakBig),
      `≤ ${TARGETS.rssMb} MB`,
      peakBig <= TARGETS.rssMb * 2 ** 20,
    );
  if (d.startupMs) {
    const m = median(d.startupMs);
    add(
      "Start-up, spawn → /health 200 (median of 3)",
      `${m.toFixed(0)} ms (${d.startupMs.map((t) => t.toFixed(0)).join(", ")})`,
      `≤ ${TARGETS.startupMs} ms`,
      m <= TARGETS.startupMs,
    );
  }
  if (d.firstStartMs)
    add(
      "First start on an empty database (runs migrations)",
      `${d.firstStartMs.toFixed(0)} ms`,
    );
  const tracker = d.sizes?.tracker;
  if (tracker)
    add(
      "Tracker dist/tracker/t.js",
      size(tracker),
      `≤ ${TARGETS.trackerGzBytes} B gz`,
      tracker.gzBytes !== undefined &&
        tracker.gzBytes <= TARGETS.trackerGzBytes,
    );
  const snippet = d.sizes?.snippet;
  if (snippet?.error)
    add("Snippet (javascript base + event)", snippet.error, undefined, false);
  else if (snippet) {
    add(
      "Snippet: base (consent_mode off)",
      size(snippet.base),
      `≤ ${TARGETS.snippetBaseGzBytes} B gz`,
      snippet.base.gzBytes <= TARGETS.snippetBaseGzBytes,
    );
    add(
      "Snippet: event (contract's purchase example, consent_mode off)",
      size(snippet.event),
      `≤ ${TARGETS.snippetEventGzBytes} B gz`,
      snippet.event.gzBytes <= TARGETS.snippetEventGzBytes,
    );
    add(
      "Snippet: base + event",
      size(snippet.total),
      `≤ ${TARGETS.metaBaseBytes} B / ${TARGETS.metaBaseGzBytes} B gz (Meta Pixel base code)`,
      snippet.total.bytes <= TARGETS.metaBaseBytes &&
        snippet.total.gzBytes <= TARGETS.metaBaseGzBytes,
    );
  }
  const c = d.collect;
  if (c)
    add(
      "/collect: acknowledged events lost after SIGTERM",
      `${c.lost} of ${c.acknowledged.toLocaleString("en-US")} (stored ${c.stored.toLocaleString("en-US")}, event_count sum ${c.countsAgree ? "agrees" : `DIFFERS: ${c.eventCountSum}`}, integrity ${c.integrity})`,
      "0 lost",
      c.lost === 0 && c.countsAgree && c.integrity === "ok",
    );
  if (d.seed)
    add(
      "Seeding through the API",
      `${d.seed.pixels.toLocaleString("en-US")} pixels in ${(d.seed.ms / 1000).toFixed(1)} s`,
    );
  if (d.bigSeed)
    add(
      "Bulk insert into SQLite (one transaction)",
      `${d.bigSeed.pixels.toLocaleString("en-US")} pixels in ${(d.bigSeed.ms / 1000).toFixed(1)} s`,
    );
  return figures;
}
