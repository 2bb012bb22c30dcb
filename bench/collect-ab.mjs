// POST /collect, A/B across builds: `node bench/collect-ab.mjs ROOT…` starts
// each ROOT's built service in turn (a checkout or `git worktree` with
// node_modules and a `npm run build` done) with the node flags of this
// checkout's `npm run serve`, on a fresh SQLite file; seeds 2,000 pixels
// through the API, and runs the bench's /collect scenario (50 connections,
// 2 s warm-up, then BENCH_DURATION seconds). The builds alternate, round after
// round (BENCH_ROUNDS, default 2), in reverse order every other round, so a
// machine that slows down midway slows every build about alike. Prints events
// acknowledged (204) per second per run. For what an older commit did, e.g.:
//   git worktree add --detach ../spx-42b7d4c 42b7d4c
//   (cd ../spx-42b7d4c && npm ci && npm run build)
//   node bench/collect-ab.mjs ../spx-42b7d4c .
//   git worktree remove --force ../spx-42b7d4c
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { numberFromEnv, SETTINGS } from "./config.mjs";
import { measure } from "./load.mjs";
import {
  installCleanupHandlers,
  makeTempDir,
  removeTempDir,
} from "./processes.mjs";
import { collectScenario } from "./scenarios.mjs";
import { seedThroughApi } from "./seed.mjs";
import { startService, tokenMinter } from "./service.mjs";

const ACCOUNT = "bench";
const WARMUP_S = 2;

/** One build's run: start, seed, warm up, measure, stop. Answers events/s. */
async function runOnce(appRoot, tmp, label) {
  const secret = randomBytes(32).toString("hex");
  const token = tokenMinter(appRoot, secret)(ACCOUNT);
  const service = await startService({
    appRoot,
    databaseUrl: `sqlite:${join(tmp, `${label}.sqlite`)}`,
    secret,
    logDir: tmp,
    label,
  });
  try {
    const pixels = await seedThroughApi({
      url: service.url,
      token,
      account: ACCOUNT,
      count: SETTINGS.seedPixels,
    });
    const scenario = (tag, duration) => ({
      ...collectScenario({
        url: service.url,
        pixels,
        tag,
        acknowledged: new Set(),
      }),
      duration,
    });
    await measure(scenario(`${label}w`, WARMUP_S));
    const result = await measure(scenario(label, SETTINGS.duration));
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${label}: ${JSON.stringify(result.statusCodes)}`);
    return result;
  } finally {
    await service.stop();
  }
}

async function main() {
  const roots = process.argv.slice(2).map((root) => resolve(root));
  if (roots.length === 0) {
    console.error("usage: node bench/collect-ab.mjs ROOT [ROOT…]");
    process.exit(2);
  }
  const missing = roots.filter(
    (root) => !existsSync(join(root, "dist/src/main.js")),
  );
  if (missing.length > 0) {
    console.error(
      `not built (no dist/src/main.js; run npm ci and npm run build there): ${missing.join(", ")}`,
    );
    process.exit(2);
  }
  const rounds = numberFromEnv("BENCH_ROUNDS", 2, { min: 1 });
  if (!Number.isInteger(rounds)) {
    console.error(`BENCH_ROUNDS must be a whole number (got ${rounds})`);
    process.exit(2);
  }
  installCleanupHandlers();
  const tmp = makeTempDir("spx-collect-ab-");
  try {
    for (let round = 1; round <= rounds; round++) {
      const order = [...roots.entries()];
      if (round % 2 === 0) order.reverse();
      for (const [index, root] of order) {
        const result = await runOnce(root, tmp, `r${round}b${index}`);
        console.log(
          `round ${round}  ${root}  ${Math.round(result.okRps)} events/s  p99 ${result.p99Ms.toFixed(1)} ms`,
        );
      }
    }
  } finally {
    removeTempDir(tmp);
  }
}

await main();
