import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  readStatusLog,
  STATUS_LOG_ENV,
  undocumentedStatuses,
} from "./status-log";

/**
 * Ends the e2e run: every status a route answered must be documented for that
 * operation in the committed openapi.json, or the run fails listing the ones
 * that are not.
 */
export default function globalTeardown(): void {
  const logPath = process.env[STATUS_LOG_ENV];
  if (!logPath) return;
  const answered = readStatusLog(logPath);
  rmSync(dirname(logPath), { recursive: true, force: true });
  const openapi = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "openapi.json"), "utf8"),
  );
  const problems = undocumentedStatuses(answered, openapi);
  if (problems.length > 0) {
    throw new Error(
      `Statuses answered in the e2e run but missing from openapi.json:\n  ${problems.join("\n  ")}`,
    );
  }
  process.stdout.write(
    `\nopenapi.json documents all ${answered.length} (method, route, status) answers seen in this run.\n`,
  );
}
