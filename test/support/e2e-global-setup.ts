import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STATUS_LOG_ENV } from "./status-log";

/** Gives the e2e run a fresh status log (see status-log.ts); test files inherit the variable. */
export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), "saved-pixels-statuses-"));
  process.env[STATUS_LOG_ENV] = join(dir, "statuses.jsonl");
}
