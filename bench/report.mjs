// Turns the collected results into a table on stdout, bench/results/latest.json
// (everything, for tooling) and bench/results/latest.md (the README's table,
// with the machine and the command, so a figure never travels without them).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { RESULTS_DIR, ROOT, SETTINGS } from "./config.mjs";

export function machineInfo() {
  let nproc;
  try {
    nproc = Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    nproc = os.availableParallelism();
  }
  let cpuModel = os.cpus()[0]?.model ?? "unknown";
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(
      readFileSync("/proc/cpuinfo", "utf8"),
    );
    if (match) cpuModel = match[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    nproc,
    cpuModel,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

export function commandLine() {
  const env = Object.entries(process.env)
    .filter(([name]) => name.startsWith("BENCH_"))
    .map(([name, value]) =>
      name === "BENCH_POSTGRES_URL"
        ? `${name}=postgres://…`
        : `${name}=${value}`,
    );
  // The flags as given (--only=…, --readme), so the line is the run's own.
  const flags = process.argv.slice(2);
  return [
    ...env,
    "npm run bench",
    ...(flags.length ? ["--", ...flags] : []),
  ].join(" ");
}

const int = (n) =>
  n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en-US");
const ms = (n) => (n === null || n === undefined ? "–" : n.toFixed(2));
const ratio = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–");
export const mb = (bytes) =>
  bytes ? `${(bytes / 2 ** 20).toFixed(1)} MB` : "–";
export const size = (s) =>
  s && !s.error && !s.missing
    ? `${s.bytes.toLocaleString("en-US")} B / ${s.gzBytes.toLocaleString("en-US")} B gz`
    : (s?.error ?? (s?.missing ? `missing: ${s.missing}` : "–"));

function targetText(target) {
  if (!target) return "–";
  if (target.ratio !== undefined) return `≥ ${target.ratio.toFixed(2)}×`;
  if (target.p99Ms !== undefined) return `p99 ≤ ${target.p99Ms} ms`;
  return "–";
}

/** One scenario as table cells (strings), in SCENARIO_COLUMNS order. */
function scenarioCells(s) {
  if (s.skipped) {
    // The full answer is in the failures list; the table gets its start.
    return [
      s.name,
      String(s.connections ?? "–"),
      ...Array(SCENARIO_COLUMNS.length - 4).fill("–"),
      targetText(s.target),
      `FAILED: ${s.skipped.slice(0, 40)}…`,
    ];
  }
  return [
    s.name,
    String(s.connections),
    int(s.rate),
    ms(s.p50Ms),
    ms(s.p99Ms),
    String(s.non2xx),
    String(s.errors + s.timeouts),
    mb(s.peakRssBytes),
    int(s.bareRps),
    ratio(s.ratio),
    s.sameRps === undefined ? "–" : int(s.sameRps),
    s.sameRatio === undefined ? "–" : ratio(s.sameRatio),
    targetText(s.target),
    s.verdict,
  ];
}

const SCENARIO_COLUMNS = [
  "scenario",
  "conns",
  "req/s",
  "p50 ms",
  "p99 ms",
  "non-2xx",
  "errors",
  "peak RSS",
  "bare req/s",
  "× bare",
  "bare, same answer",
  "× same",
  "target",
  "result",
];
const FIGURE_COLUMNS = ["figure", "value", "target", "result"];

function textTable(columns, rows) {
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...rows.map((r) => String(r[i]).length)),
  );
  const line = (cells) =>
    cells.map((cell, i) => String(cell).padEnd(widths[i])).join("  ");
  return [
    line(columns),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
  ].join("\n");
}

function markdownTable(columns, rows) {
  const escape = (cell) => String(cell).replace(/\|/g, "\\|");
  return [
    `| ${columns.join(" | ")} |`,
    `|${columns.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(escape).join(" | ")} |`),
  ].join("\n");
}

function figureRows(figures) {
  return figures.map((f) => [
    f.name,
    f.value,
    f.target ?? "–",
    f.verdict ?? "–",
  ]);
}

function machineLine(results) {
  const m = results.machine;
  return `${m.cpuModel}, nproc ${m.nproc}, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.os}`;
}

function settingsLine() {
  return `autocannon in the bench process, servers in child processes; ${SETTINGS.connections} connections (latency rows: ${SETTINGS.latencyConnections}), pipelining ${SETTINGS.pipelining}, ${SETTINGS.duration} s per run after ${SETTINGS.warmup} s warm-up; bare node:http measured right before and after each scenario with the same settings`;
}

export function printReport(results, log) {
  log("");
  log(`Machine:  ${machineLine(results)}`);
  log(`Command:  ${results.command}`);
  log(`Settings: ${settingsLine()}`);
  log("");
  log(textTable(SCENARIO_COLUMNS, results.scenarios.map(scenarioCells)));
  log("");
  log(textTable(FIGURE_COLUMNS, figureRows(results.figures)));
  for (const note of results.notes) log(`note: ${note}`);
  if (results.failures.length > 0) {
    log("");
    log("FAILURES (exit code 1):");
    for (const failure of results.failures) log(`  - ${failure}`);
  }
}

export function toMarkdown(results) {
  return [
    `Machine: ${machineLine(results)}.  `,
    `Command: \`${results.command}\` (${results.finishedAt.slice(0, 10)}).  `,
    `Settings: ${settingsLine()}.`,
    "",
    markdownTable(SCENARIO_COLUMNS, results.scenarios.map(scenarioCells)),
    "",
    markdownTable(FIGURE_COLUMNS, figureRows(results.figures)),
    "",
    ...results.notes.map((note) => `- ${note}`),
    "",
  ].join("\n");
}

export function writeResults(results) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = join(RESULTS_DIR, "latest.json");
  const md = join(RESULTS_DIR, "latest.md");
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, toMarkdown(results));
  return { json, md };
}

const README_START = "<!-- bench:start -->";
const README_END = "<!-- bench:end -->";

/**
 * `npm run bench -- --readme`: puts the tables between the README's bench
 * markers, so the figures quoted there are always one run's, unedited.
 */
export async function updateReadme(results) {
  const readme = join(ROOT, "README.md");
  const text = readFileSync(readme, "utf8");
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no ${README_START} … ${README_END} block`);
  const body = `${README_START}\n\n${toMarkdown(results).trim()}\n\n`;
  // Formatted as `npm run lint` expects (Prettier aligns the table columns).
  const { format } = await import("prettier");
  const updated = text.slice(0, start) + body + text.slice(end);
  writeFileSync(readme, await format(updated, { filepath: readme }));
  return readme;
}
