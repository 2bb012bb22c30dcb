// npm test: every check the project has, in the order a failure is cheapest to see.
//   1. lint (ESLint + Prettier)   2. build (TypeScript + tracker)
//   3. unit tests                 4. e2e tests on SQLite
//   5. the e2e tests again on PostgreSQL when TEST_POSTGRES_URL is set (CI sets it
//      and must: under CI=true a missing PostgreSQL fails the run, it never skips).
// Ends with one line "tests: N passed, N failed" over all Jest runs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const reports = mkdtempSync(join(tmpdir(), "saved-pixels-tests-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function step(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  process.stdout.write(
    `=== ${name}: ${ok ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s\n`,
  );
  if (!ok) failedSteps.push(name);
  return ok;
}

function jest(name, project, env = {}) {
  const report = join(reports, `${name.replace(/\W+/g, "-")}.json`);
  const args = [
    "node_modules/jest/bin/jest.js",
    "--selectProjects",
    project,
    "--json",
    `--outputFile=${report}`,
  ];
  // e2e files share ports and a database: one at a time. --forceExit: a pg pool
  // socket lingering after the last test must not hang CI until its time limit
  // (every app is closed in afterAll; this is the backstop, not the cleanup).
  if (project === "e2e") args.push("--runInBand", "--forceExit");
  step(name, process.execPath, args, env);
  try {
    const summary = JSON.parse(readFileSync(report, "utf8"));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests + summary.numRuntimeErrorTestSuites;
    totals.skipped += summary.numPendingTests + summary.numTodoTests;
  } catch {
    totals.failed += 1; // Jest died before writing its report
  }
}

const postgresUrl = process.env.TEST_POSTGRES_URL;
if (process.env.CI === "true" && !postgresUrl) {
  process.stderr.write(
    "CI=true but TEST_POSTGRES_URL is not set: the PostgreSQL e2e pass cannot be skipped in CI.\n",
  );
  process.exit(1);
}

const linted = step("lint", "npm", ["run", "-s", "lint"]);
const built = step("build", "npm", ["run", "-s", "build"]);
if (built) {
  jest("unit tests", "unit");
  jest("e2e tests (SQLite)", "e2e");
  if (postgresUrl)
    jest("e2e tests (PostgreSQL)", "e2e", { TEST_DATABASE_URL: postgresUrl });
  else
    process.stdout.write(
      "\n(no TEST_POSTGRES_URL: the PostgreSQL pass runs in CI, or locally via `bash .ci/run`)\n",
    );
}

if (!linted) totals.failed += 1;
if (!built) totals.failed += 1;
process.stdout.write(
  `\n${failedSteps.length ? `failed steps: ${failedSteps.join(", ")}` : "all steps passed"}\n`,
);
process.stdout.write(
  `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
);
process.exit(failedSteps.length ? 1 : 0);
