// Load generation with autocannon's programmatic API, in this process (the
// servers each have their own process). Latencies are recorded from
// autocannon's per-response event rather than its histogram, which keeps whole
// milliseconds only — too coarse for sub-millisecond answers.
import autocannon from "autocannon";
import { SETTINGS } from "./config.mjs";
import { readMemory } from "./service.mjs";

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
  );
  return sorted[index];
}

/**
 * One autocannon run.
 * @param {{url: string, requests: object[], headers?: object,
 *   connections?: number, duration?: number, samplePid?: number}} options
 *   samplePid: a server whose RSS is sampled during the run (peak reported).
 */
export function measure({
  url,
  requests,
  headers = {},
  connections,
  duration,
  samplePid,
}) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let peakRssBytes = null;
    const sampler =
      samplePid &&
      setInterval(() => {
        const rss = readMemory(samplePid)?.rss ?? 0;
        if (rss > peakRssBytes) peakRssBytes = rss;
      }, 100);
    const instance = autocannon(
      {
        url,
        requests,
        headers,
        connections: connections ?? SETTINGS.connections,
        duration: duration ?? SETTINGS.duration,
        pipelining: SETTINGS.pipelining,
        timeout: 10,
      },
      (error, result) => {
        if (sampler) clearInterval(sampler);
        if (error) return reject(error);
        const sorted = Float64Array.from(latencies).sort();
        const seconds = result.duration;
        resolve({
          connections: result.connections,
          durationS: seconds,
          requests: result.requests.total,
          rps: result.requests.total / seconds,
          ok2xx: result["2xx"],
          okRps: result["2xx"] / seconds,
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
          maxMs: sorted.length ? sorted[sorted.length - 1] : null,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          peakRssBytes,
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats).map(([code, { count }]) => [
              code,
              count,
            ]),
          ),
        });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
}

/**
 * Runs scenarios with the bare server measured right before and after each one
 * under the same settings; a bare run between two scenarios serves as the
 * "after" of one and the "before" of the next. The ratio uses their mean, so a
 * machine that got busier or quieter mid-run moves both sides alike.
 */
export class Session {
  constructor(bareUrl, log) {
    this.bareUrl = bareUrl;
    this.log = log;
    this.bareRuns = [];
    this.lastBare = null;
  }

  async bare(connections) {
    const run = await measure({
      url: this.bareUrl,
      requests: [{ method: "GET", path: "/" }],
      connections,
    });
    run.at = new Date().toISOString();
    this.bareRuns.push(run);
    this.lastBare = run;
    this.log(
      `  bare node:http  c=${connections}  ${run.rps.toFixed(0)} req/s  p99 ${run.p99Ms?.toFixed(2)} ms`,
    );
    return run;
  }

  /**
   * @param {{name: string, url: string, requests: object[], headers?: object,
   *   connections?: number, rate?: "ok"}} scenario rate "ok" counts only 2xx
   *   (events accepted), otherwise every answer counts.
   * @param {{name: string, url: string, requests: object[], headers?: object}} [same]
   *   the same requests aimed at the mirror (bare node:http replaying the
   *   route's recorded answers), one run after the bare run: `sameRps`,
   *   `sameRatio` (the scenario's rate over it), `sameFailure` if it erred.
   */
  async run(scenario, same) {
    const connections = scenario.connections ?? SETTINGS.connections;
    const before =
      this.lastBare && this.lastBare.connections === connections
        ? this.lastBare
        : await this.bare(connections);
    if (SETTINGS.warmup > 0) {
      await measure({
        ...scenario,
        connections,
        duration: SETTINGS.warmup,
        samplePid: undefined,
      });
    }
    const result = await measure({ ...scenario, connections });
    this.lastBare = null;
    this.log(
      `  ${scenario.name}  c=${connections}  ${result.rps.toFixed(0)} req/s  p99 ${result.p99Ms?.toFixed(2)} ms  non-2xx ${result.non2xx}  errors ${result.errors + result.timeouts}`,
    );
    const after = await this.bare(connections);
    const bareRps = (before.rps + after.rps) / 2;
    const rate = scenario.rate === "ok" ? result.okRps : result.rps;
    const row = {
      ...result,
      rate,
      bareRps,
      bareP99Ms: (before.p99Ms + after.p99Ms) / 2,
      ratio: rate / bareRps,
    };
    if (same) {
      const onMirror = { ...same, connections, samplePid: undefined };
      if (SETTINGS.warmup > 0)
        await measure({ ...onMirror, duration: SETTINGS.warmup });
      const mirrored = await measure(onMirror);
      this.log(
        `  the same requests to bare node:http replaying the route's answers  ${mirrored.rps.toFixed(0)} req/s  p99 ${mirrored.p99Ms?.toFixed(2)} ms`,
      );
      row.sameRps = scenario.rate === "ok" ? mirrored.okRps : mirrored.rps;
      row.sameRatio = rate / row.sameRps;
      if (mirrored.non2xx > 0 || mirrored.errors > 0 || mirrored.timeouts > 0)
        row.sameFailure = `the mirror's run had ${mirrored.non2xx} non-2xx, ${mirrored.errors} errors, ${mirrored.timeouts} timeouts`;
      // The next scenario gets a bare run of its own right before it.
      this.lastBare = null;
    }
    return row;
  }
}
