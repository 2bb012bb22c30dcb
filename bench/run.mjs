// npm run bench: the figures the issues ask for, in one bounded run.
//
//   1. main: a fresh SQLite service seeded with 2,000+ pixels through the API;
//      /t.js, /code ×3, /preview, GET one, list, create, /collect,
//      /collect.gif, /events — then a graceful
//      stop and a check that every acknowledged event is in the file.
//   2. postgres (when BENCH_POSTGRES_URL is set): create throughput.
//   3. big: 100,000 pixels in one account written straight into SQLite;
//      start-up time (median of 3) and list latency, first and deep page.
//   4. reports: a pixel with 10,000,000 events (its rollups written straight
//      into the database) and a 400-day report, on SQLite and (with
//      BENCH_POSTGRES_URL) PostgreSQL, one connection, p99.
//
// `node bench/run.mjs --only=reports` (after `npm run build`) runs one phase
// (main, postgres, big, reports).
//
// Misses against targets are reported, never fatal (the machine may be busy);
// non-2xx answers, errors and lost events are bugs and make the exit code 1.
import { randomBytes } from "node:crypto";
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startBare } from "./bare-server.mjs";
import { replayedHeaderLines, startMirror } from "./mirror-server.mjs";
import { startDurableFloor } from "./durable-floor.mjs";
import { startRulesFloor } from "./rules-floor.mjs";
import { buildFigures } from "./figures.mjs";
import { RESULTS_DIR, ROOT, SETTINGS, TARGETS } from "./config.mjs";
import { Session } from "./load.mjs";
import {
  cleanupSync,
  installCleanupHandlers,
  makeTempDir,
} from "./processes.mjs";
import {
  commandLine,
  machineInfo,
  printReport,
  updateReadme,
  writeResults,
} from "./report.mjs";
import {
  codeMixScenario,
  codeScenario,
  collectImageScenario,
  collectScenario,
  createScenario,
  getScenario,
  listScenario,
  previewScenario,
  reportScenario,
  serverEventsScenario,
  trackerScenario,
} from "./scenarios.mjs";
import {
  deleteReportPostgres,
  REPORT_EVENTS,
  reportRange,
  seedReportPostgres,
  seedReportSqlite,
} from "./report-rollups.mjs";
import {
  createIngestKey,
  createPixel,
  seedPostgresDirect,
  seedSqliteDirect,
  seedThroughApi,
  SIZE_REFERENCE,
} from "./seed.mjs";
import { snapshotBuild, startService, tail, tokenMinter } from "./service.mjs";
import { snippetSizes, trackerSize } from "./sizes.mjs";
import { deletePostgresAccount, verifyCollected } from "./verify.mjs";

const log = (line) => process.stdout.write(`${line}\n`);
const ACCOUNT = "bench";
const CREATE_ACCOUNT = "bench-create";
const BIG_ACCOUNT = "bench-big";

const results = {
  startedAt: new Date().toISOString(),
  finishedAt: null,
  machine: machineInfo(),
  command: commandLine(),
  settings: { ...SETTINGS, postgresUrl: SETTINGS.postgresUrl ? "set" : null },
  targets: TARGETS,
  scenarios: [],
  bare: [],
  figures: [],
  notes: [],
  failures: [],
  details: {},
};

const verdict = (ok) => (ok ? "PASS" : "MISS");

/** Answers recorded per mirrored scenario, replayed in turn: enough to cover
 *  the round-robin mix's three platforms twice, and several ids or bodies. */
const MIRROR_ANSWERS = 6;

/** One request with node:http, answer as it came off the wire (not decoded). */
function sendOnce(url, { method, path, headers, body }) {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      `${url}${path}`,
      // A connection of its own, closed after: a probe, not part of the load.
      { method, headers, agent: false },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode,
            rawHeaders: response.rawHeaders,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    sent.setTimeout(30_000, () =>
      sent.destroy(new Error(`no answer to ${method} ${path} in 30 s`)),
    );
    sent.on("error", reject);
    sent.end(body);
  });
}

/**
 * Builds the scenario's next `count` requests by hand and sends them one at
 * a time: a broken route is reported with its answer instead of 5 s of
 * identical failures. Resolves to {broken: string | null, answers:
 * {status, rawHeaders, body: Buffer}[]} — as they came off the wire, for
 * the mirror. Each answer goes through the scenario's onResponse, so an
 * event acknowledged here is checked after the run like any other.
 */
async function smokeTest(scenario, count = 1) {
  const template = scenario.requests[0];
  const answers = [];
  for (let i = 0; i < count; i++) {
    const context = {};
    let request = {
      method: "GET",
      ...template,
      headers: { ...scenario.headers },
    };
    if (template.setupRequest)
      request = template.setupRequest(request, context);
    const answer = await sendOnce(scenario.url, request);
    template.onResponse?.(answer.status, answer.body.toString(), context);
    if (answer.status >= 300) {
      return {
        broken: `${request.method} ${request.path.split("?")[0]} → ${answer.status} ${answer.body.toString().slice(0, 300)}`,
        answers,
      };
    }
    answers.push(answer);
  }
  return { broken: null, answers };
}

/** Where a replayed answer differs from the recorded one (null: identical
 *  but for the lines node:http writes itself: date, connection, keep-alive). */
function replayDifference(recorded, replayed) {
  if (replayed.status !== recorded.status)
    return `status ${replayed.status}, not ${recorded.status}`;
  if (!replayed.body.equals(recorded.body))
    return `a body of ${replayed.body.length} B, not ${recorded.body.length} B`;
  const sent = replayedHeaderLines(replayed.rawHeaders).join("\n");
  const wanted = replayedHeaderLines(recorded.rawHeaders).join("\n");
  return sent === wanted ? null : `header lines\n${sent}\nnot\n${wanted}`;
}

/**
 * Gives the mirror the route's recorded answers, then checks that it sends
 * them back unchanged. Resolves to the scenario aimed at the mirror, or
 * undefined (with a failure recorded) when the replay differs.
 */
async function mirrorOf(on, scenario, answers, sameRequests) {
  await on.mirror.answerWith(answers);
  const same = sameRequests(on.mirror.url);
  // The yardstick must send what the route sent, or its ratio means nothing.
  const { answers: replayed } = await smokeTest(same, answers.length);
  for (let i = 0; i < answers.length; i++) {
    const difference = replayed[i]
      ? replayDifference(answers[i], replayed[i])
      : "no answer";
    if (difference) {
      results.failures.push(
        `${scenario.name}: the mirror's answer ${i + 1} differs from the route's: ${difference}`,
      );
      return undefined;
    }
  }
  // A new list of answers starts at the first again for the measured run.
  await on.mirror.answerWith(answers);
  return same;
}

/**
 * Smoke test, then load beside the bare server; records the row and any failure.
 * @param {{session: Session, phase: string, service: {pid: number},
 *   mirror?: Awaited<ReturnType<typeof startMirror>>}} on
 * @param {object} scenario
 * @param {object | null} target
 * @param {(url: string) => object} [sameRequests] the scenario again, aimed at
 *   another url and recording nothing: run against the mirror (bare node:http
 *   replaying the route's recorded answers) for the like-for-like ratio.
 */
async function runScenario(on, scenario, target, sameRequests) {
  const connections = scenario.connections ?? SETTINGS.connections;
  const row = { phase: on.phase, name: scenario.name, connections, target };
  const mirrored = Boolean(sameRequests && on.mirror);
  const { broken, answers } = await smokeTest(
    scenario,
    mirrored ? MIRROR_ANSWERS : 1,
  );
  if (broken) {
    row.skipped = broken;
    results.failures.push(`${scenario.name}: ${broken}`);
    log(`  ${scenario.name}: FAILED smoke test: ${broken}`);
    results.scenarios.push(row);
    return row;
  }
  const sameScenario = mirrored
    ? await mirrorOf(on, scenario, answers, sameRequests)
    : undefined;
  // The server's RSS is sampled during the measured run: which load grows it.
  Object.assign(
    row,
    await on.session.run(
      { ...scenario, samplePid: on.service.pid },
      sameScenario,
    ),
  );
  if (row.sameFailure)
    results.failures.push(`${scenario.name}: ${row.sameFailure}`);
  if (target?.ratio !== undefined)
    row.verdict = verdict(row.ratio >= target.ratio);
  else if (target?.p99Ms !== undefined)
    row.verdict = verdict(row.p99Ms <= target.p99Ms);
  else row.verdict = "–";
  if (row.non2xx > 0 || row.errors > 0 || row.timeouts > 0) {
    row.verdict = `${row.verdict} (ERR)`;
    results.failures.push(
      `${scenario.name}: ${row.non2xx} non-2xx (${JSON.stringify(row.statusCodes)}), ${row.errors} errors, ${row.timeouts} timeouts`,
    );
  }
  results.scenarios.push(row);
  return row;
}

async function mainPhase({
  session,
  mirror,
  tmp,
  appRoot,
  secret,
  token,
  tag,
}) {
  log("\n[main] SQLite service, seeding through the API");
  const file = join(tmp, "main.sqlite");
  const service = await startService({
    appRoot,
    databaseUrl: `sqlite:${file}`,
    secret,
    logDir: tmp,
    label: "main",
  });
  results.details.firstStartMs = service.startupMs;
  results.details.idleRssBytes = service.idleRssBytes;
  const on = { session, mirror, phase: "main", service };
  try {
    const url = service.url;
    const seedStart = performance.now();
    const pixels = await seedThroughApi({
      url,
      token: token(ACCOUNT),
      account: ACCOUNT,
      count: SETTINGS.seedPixels,
    });
    const reference = await createPixel(
      url,
      token(ACCOUNT),
      ACCOUNT,
      SIZE_REFERENCE,
    );
    const seedMs = performance.now() - seedStart;
    results.details.seed = { pixels: pixels.length + 1, ms: seedMs };
    log(
      `  seeded ${pixels.length + 1} pixels in ${(seedMs / 1000).toFixed(1)} s`,
    );

    results.details.sizes = {
      tracker: trackerSize(appRoot),
      snippet: await snippetSizes({
        url,
        token: token(ACCOUNT),
        account: ACCOUNT,
        pixelId: reference.id,
      }),
    };

    await runScenario(
      on,
      trackerScenario({ url }),
      { ratio: TARGETS.trackerRatio },
      (mirrorUrl) => trackerScenario({ url: mirrorUrl }),
    );
    const ids = pixels.map((p) => p.id);
    const read = { url, token: token(ACCOUNT), account: ACCOUNT, ids };
    const sameReadsAt = (scenario, extra) => (mirrorUrl) =>
      scenario({ ...read, ...extra, url: mirrorUrl });
    for (const platform of ["javascript", "gtm", "tealium"]) {
      await runScenario(
        on,
        codeScenario({ ...read, platform }),
        { ratio: TARGETS.codeRatio },
        sameReadsAt(codeScenario, { platform }),
      );
    }
    await runScenario(
      on,
      codeMixScenario(read),
      { ratio: TARGETS.codeRatio },
      sameReadsAt(codeMixScenario),
    );
    await runScenario(
      on,
      previewScenario(read),
      { ratio: TARGETS.previewRatio },
      sameReadsAt(previewScenario),
    );
    await runScenario(
      on,
      getScenario(read),
      { ratio: TARGETS.getRatio },
      sameReadsAt(getScenario),
    );
    // The Nest pipeline with no work: a token-free route and a SELECT 1.
    const healthScenario = (healthUrl) => ({
      name: "floor: GET /health (the Nest pipeline and SELECT 1)",
      url: healthUrl,
      requests: [{ method: "GET", path: "/health" }],
    });
    await runScenario(on, healthScenario(url), null, healthScenario);
    await runScenario(
      on,
      listScenario({
        ...read,
        name: `GET /saved-pixels?limit=50 (${pixels.length + 1} pixels)`,
      }),
      null,
    );
    await runScenario(
      on,
      createScenario({
        url,
        token: token(CREATE_ACCOUNT),
        account: CREATE_ACCOUNT,
        tag,
        name: "POST /saved-pixels (create, SQLite)",
      }),
      null,
    );
    const acknowledged = new Set();
    // The mirror's runs record into a set of their own: only the service's
    // 204s are checked against the database.
    const sameEventsAt = (scenario) => (mirrorUrl) =>
      scenario({ url: mirrorUrl, pixels, tag, acknowledged: new Set() });
    await runScenario(
      on,
      collectScenario({ url, pixels, tag, acknowledged }),
      { ratio: TARGETS.collectRatio },
      sameEventsAt(collectScenario),
    );
    await runScenario(
      on,
      collectImageScenario({ url, pixels, tag, acknowledged }),
      { ratio: TARGETS.collectRatio },
      sameEventsAt(collectImageScenario),
    );
    // What a server could do here: durable ingest with nothing else, and the
    // same with the writes the service's batch makes per event (its tables).
    const floors = [
      {
        start: () => startDurableFloor(tmp),
        name: "floor: POST /collect to a minimal durable ingest (bench/durable-floor.mjs)",
        sameRequests: sameEventsAt(collectScenario),
      },
      {
        start: () => startRulesFloor(tmp, file),
        name: "floor: POST /collect, minimal, with the service's writes per event (bench/rules-floor.mjs)",
        // The same requests as the row above: its same-answer figure holds.
        sameRequests: null,
      },
    ];
    for (const [index, { start, name, sameRequests }] of floors.entries()) {
      const floor = await start();
      try {
        await runScenario(
          { ...on, service: floor },
          {
            ...collectScenario({
              url: floor.url,
              pixels,
              // Event ids of its own: the rules floor's copy of the database
              // holds the service's events, and a duplicate writes nothing.
              tag: `${tag}floor${index}`,
              acknowledged: new Set(),
            }),
            name,
          },
          null,
          sameRequests,
        );
      } finally {
        await floor.stop();
      }
    }
    const ingestKey = await createIngestKey(url, token(ACCOUNT), ACCOUNT);
    await runScenario(
      on,
      serverEventsScenario({ url, ingestKey, pixels, tag }),
      null,
    );

    log("  stopping the service (SIGTERM) and reading the database file");
    const stopped = await service.stop();
    results.details.mainStop = stopped;
    results.details.mainMemory = stopped.memory;
    if (!stopped.graceful) {
      results.failures.push(
        `main service did not stop gracefully on SIGTERM: ${JSON.stringify(stopped)}\n${tail(service.logFile)}`,
      );
    }
    const collected = verifyCollected(file, acknowledged);
    results.details.collect = collected;
    if (
      collected.lost > 0 ||
      !collected.countsAgree ||
      collected.integrity !== "ok"
    ) {
      results.failures.push(
        `/collect durability: ${JSON.stringify(collected)}`,
      );
    }
  } finally {
    await service.stop();
  }
}

async function postgresPhase({ session, tmp, appRoot, secret, token, tag }) {
  if (!SETTINGS.postgresUrl) {
    log("\n[postgres] skipped: BENCH_POSTGRES_URL is not set");
    results.notes.push(
      "PostgreSQL create throughput skipped: set BENCH_POSTGRES_URL=postgres://user:pass@127.0.0.1:5432/db (a throwaway database; the service migrates it, the bench deletes its rows afterwards) and rerun `npm run bench`.",
    );
    return;
  }
  log("\n[postgres] create throughput");
  const account = `bench-pg-${tag}`;
  const service = await startService({
    appRoot,
    databaseUrl: SETTINGS.postgresUrl,
    secret,
    logDir: tmp,
    label: "postgres",
  });
  results.details.postgresStartMs = service.startupMs;
  const on = { session, phase: "postgres", service };
  try {
    await runScenario(
      on,
      createScenario({
        url: service.url,
        token: token(account),
        account,
        tag,
        name: "POST /saved-pixels (create, PostgreSQL)",
      }),
      null,
    );
  } finally {
    results.details.postgresStop = await service.stop();
    results.details.postgresRowsDeleted = await deletePostgresAccount(
      SETTINGS.postgresUrl,
      account,
    );
  }
}

async function bigPhase({ session, tmp, appRoot, secret, token }) {
  const count = SETTINGS.bigPixels;
  const label = count === 100_000 ? "100k" : count.toLocaleString("en-US");
  // Half-way down the list: 50,000 at the 100k.
  const deepOffset = Math.floor(count / 2);
  log(
    `\n[big] ${SETTINGS.bigPixels.toLocaleString("en-US")} pixels in one account`,
  );
  const file = join(tmp, "big.sqlite");
  const options = {
    appRoot,
    databaseUrl: `sqlite:${file}`,
    secret,
    logDir: tmp,
  };
  // The service creates the schema; the bulk insert needs it to exist.
  await (await startService({ ...options, label: "big-migrate" })).stop();
  const insertStart = performance.now();
  const inserted = seedSqliteDirect({
    file,
    account: BIG_ACCOUNT,
    count,
  });
  results.details.bigSeed = {
    pixels: inserted,
    ms: performance.now() - insertStart,
  };
  log(
    `  inserted ${inserted} rows in ${(results.details.bigSeed.ms / 1000).toFixed(1)} s`,
  );

  // Three starts on the full database; the last one stays up for the list runs.
  const startups = [];
  let service;
  for (let i = 0; i < 3; i += 1) {
    if (service) await service.stop();
    service = await startService({ ...options, label: `big-${i}` });
    startups.push(service.startupMs);
  }
  results.details.startupMs = startups;
  log(`  start-up: ${startups.map((t) => t.toFixed(0)).join(", ")} ms`);
  const on = { session, phase: "big", service };
  try {
    await bigListScenarios(on, {
      url: service.url,
      token: token(BIG_ACCOUNT),
      label,
      deepOffset,
    });
  } finally {
    const stopped = await service.stop();
    results.details.bigMemory = stopped.memory;
  }
  if (SETTINGS.postgresUrl)
    await bigPostgres({
      session,
      tmp,
      appRoot,
      secret,
      token,
      label,
      deepOffset,
    });
  else
    results.notes.push(
      "The 100k list on PostgreSQL skipped: set BENCH_POSTGRES_URL.",
    );
}

/** The same 100k-pixel list figures on PostgreSQL (rows written straight in, then deleted). */
async function bigPostgres({
  session,
  tmp,
  appRoot,
  secret,
  token,
  label,
  deepOffset,
}) {
  const account = `${BIG_ACCOUNT}-pg`;
  const service = await startService({
    appRoot,
    databaseUrl: SETTINGS.postgresUrl,
    secret,
    logDir: tmp,
    label: "big-postgres",
  });
  try {
    await deletePostgresAccount(SETTINGS.postgresUrl, account);
    const insertStart = performance.now();
    const inserted = await seedPostgresDirect({
      url: SETTINGS.postgresUrl,
      account,
      count: SETTINGS.bigPixels,
    });
    log(
      `  PostgreSQL: inserted ${inserted} rows in ${((performance.now() - insertStart) / 1000).toFixed(1)} s`,
    );
    await bigListScenarios(
      { session, phase: "big", service },
      {
        url: service.url,
        token: token(account),
        account,
        label: `${label}, PostgreSQL`,
        deepOffset,
      },
    );
  } finally {
    await service.stop();
    await deletePostgresAccount(SETTINGS.postgresUrl, account);
  }
}

/** List throughput at 50 connections, then first- and deep-page latency, on one big account. */
async function bigListScenarios(
  on,
  { url, token, account = BIG_ACCOUNT, label, deepOffset },
) {
  const read = { url, token, account };
  const p99 = { p99Ms: TARGETS.bigListP99Ms };
  await runScenario(
    on,
    listScenario({
      ...read,
      name: `GET /saved-pixels?limit=50 (${label}, throughput)`,
    }),
    { p99Ms: TARGETS.bigListThroughputP99Ms },
  );
  await runScenario(
    on,
    {
      ...listScenario({
        ...read,
        name: `GET /saved-pixels?limit=50 (${label}, first page)`,
      }),
      connections: SETTINGS.latencyConnections,
    },
    p99,
  );
  await runScenario(
    on,
    {
      ...listScenario({
        ...read,
        offset: deepOffset,
        name: `GET /saved-pixels?limit=50&offset=${deepOffset} (${label}, deep page)`,
      }),
      connections: SETTINGS.latencyConnections,
    },
    p99,
  );
}

async function reportsPhase({ session, tmp, appRoot, secret, token }) {
  const events = REPORT_EVENTS.toLocaleString("en-US");
  log(`\n[reports] one pixel with ${events} events, 400-day reports`);
  const account = "bench-report";
  const { from, to } = reportRange();
  const databases = [["SQLite", `sqlite:${join(tmp, "report.sqlite")}`]];
  if (SETTINGS.postgresUrl)
    databases.push(["PostgreSQL", SETTINGS.postgresUrl]);
  else
    results.notes.push(
      "Report latency on PostgreSQL skipped: set BENCH_POSTGRES_URL.",
    );
  for (const [label, databaseUrl] of databases) {
    const options = { appRoot, databaseUrl, secret, logDir: tmp };
    // The service creates the schema; the rollups are written after.
    await (
      await startService({ ...options, label: `report-migrate-${label}` })
    ).stop();
    const seedStart = performance.now();
    const id =
      label === "SQLite"
        ? seedReportSqlite({ file: databaseUrl.slice(7), account })
        : await seedReportPostgres({ url: databaseUrl, account });
    log(
      `  ${label}: rollups seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const service = await startService({
      ...options,
      label: `report-${label}`,
    });
    const on = { session, phase: "reports", service };
    try {
      const range = `from=${from}&to=${to}`;
      // Every grouping of both routes; `day` in a zone with DST changes.
      for (const [pixel, query, what] of [
        [id, `${range}&group_by=day&tz=Europe/Berlin`, "by day, Europe/Berlin"],
        [id, `${range}&group_by=campaign`, "by campaign"],
        [id, `${range}&group_by=source`, "by source"],
        [id, `${range}&group_by=touchpoint`, "by touchpoint"],
        [id, `${range}&group_by=conversion_type`, "by conversion type"],
        [
          null,
          `${range}&group_by=day&tz=America/New_York`,
          "account, by day, America/New_York",
        ],
        [null, `${range}&group_by=pixel`, "account, by pixel"],
      ]) {
        await runScenario(
          on,
          {
            ...reportScenario({
              url: service.url,
              token: token(account),
              account,
              id: pixel,
              query,
              name: `GET /saved-pixels/${pixel === null ? "" : "{id}/"}report (400 days ${what}, ${events} events, ${label})`,
            }),
            connections: SETTINGS.latencyConnections,
          },
          { p99Ms: TARGETS.reportP99Ms },
        );
      }
    } finally {
      await service.stop();
      if (label !== "SQLite")
        await deleteReportPostgres({ url: databaseUrl, id });
    }
  }
}

function keepLogs(tmp) {
  const logs = readdirSync(tmp).filter((name) => name.endsWith(".log"));
  if (logs.length === 0) return null;
  const dir = join(RESULTS_DIR, "logs");
  for (const name of logs) cpSync(join(tmp, name), join(dir, name));
  return dir;
}

async function main() {
  installCleanupHandlers();
  const started = performance.now();
  const tmp = makeTempDir("spx-bench-");
  const secret = randomBytes(32).toString("hex");
  const tag = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  const appRoot = snapshotBuild(join(tmp, "app"));
  const token = tokenMinter(appRoot, secret);

  log(`Saved Pixels benchmark — ${results.command}`);
  log(
    `  ${results.machine.cpuModel}, nproc ${results.machine.nproc}, Node ${results.machine.node}`,
  );
  const bare = await startBare();
  const mirror = await startMirror();
  const session = new Session(bare.url, log);
  const context = { session, mirror, tmp, appRoot, secret, token, tag };
  // One phase failing (a crash, a missing route) still leaves the others' figures.
  const only = process.argv
    .find((arg) => arg.startsWith("--only="))
    ?.slice("--only=".length);
  const phases = [mainPhase, postgresPhase, bigPhase, reportsPhase].filter(
    (phase) => !only || phase.name === `${only}Phase`,
  );
  for (const phase of phases) {
    try {
      await phase(context);
    } catch (error) {
      results.failures.push(`${phase.name} aborted: ${error.stack ?? error}`);
      log(`  ${phase.name} aborted: ${error.message ?? error}`);
    }
  }
  await bare.stop();
  await mirror.stop();
  results.bare = session.bareRuns;
  results.figures = buildFigures(results.details);
  results.notes.push(
    `× bare = the scenario's rate over bare node:http's req/s, the mean of the bare runs right before and after it; for the POST /collect rows (the floors' too) the rate is events accepted (204) per second. The target and result columns judge × bare (the issues' ratios).`,
    `bare, same answer = bare node:http (bench/mirror-server.mjs) sent the scenario's own requests, answering them in turn with six answers the route gave, byte for byte (the bench checks the replay), measured once after the scenario's closing bare run; × same = the scenario's rate over it. Roughly what node:http itself reaches for that exchange here (a body to build and send, a 3.7 KB script or fourteen headers to read): one run, not a bound, and not judged.`,
    `floor rows are references the service's matching rows should stay below: each does the least such a route can do. floor: GET /health = the service's own Nest pipeline on a route that needs no token and runs SELECT 1.`,
    `floor: POST /collect = a minimal durable ingest (bench/durable-floor.mjs: node:http, JSON.parse, group commit into SQLite with the two indexes events need, 204 after the log's fsync; no checks, counting, rollups or security headers) under /collect's requests.`,
    `floor: POST /collect, minimal, with the service's writes per event = the same server writing what the service's batch transaction writes for these events into a copy of the service's database (bench/rules-floor.mjs: the event row, its four report rollups, its pixel's counter; no checks, cache, security headers, logging or Fastify).`,
    `The service runs as \`npm run serve\` does: \`${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.serve}\` (young and old heap capped so RSS stays near 150 MB; plain \`node dist/src/main.js\` uses V8's defaults: about 10% more throughput for about 100 MB more RSS).`,
    `List latency targets run at ${SETTINGS.latencyConnections} connection(s): with ${SETTINGS.connections} closed-loop connections p99 is mostly queueing (≈ connections ÷ req/s), shown in the throughput row.`,
  );
  results.finishedAt = new Date().toISOString();
  results.details.totalS = (performance.now() - started) / 1000;
  printReport(results, log);
  const written = writeResults(results);
  // The temp dir goes away below; keep the service logs for a post-mortem
  // (and drop an older run's, so what is there always belongs to this run).
  rmSync(join(RESULTS_DIR, "logs"), { recursive: true, force: true });
  if (results.failures.length > 0) {
    const logs = keepLogs(tmp);
    if (logs) log(`service logs kept in ${logs}`);
  }
  if (process.argv.includes("--readme"))
    log(`\nupdated ${await updateReadme(results)} (Performance section)`);
  log(
    `\nwrote ${written.json}\n      ${written.md}\n(total ${results.details.totalS.toFixed(0)} s)`,
  );
  cleanupSync();
  process.exitCode = results.failures.length > 0 ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  cleanupSync();
  process.exitCode = 1;
});
