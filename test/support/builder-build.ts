import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/config/project-root";

/**
 * The builder's production files, built once when a test run skipped
 * `npm run build` (npm test builds first, so this is only for targeted runs).
 */
export function ensureBuilderBuilt(): void {
  const root = projectRoot();
  if (existsSync(join(root, "dist/web/index.html"))) return;
  execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const { buildWeb } = await import(${JSON.stringify(join(root, "scripts/build-web.mjs"))}); await buildWeb(${JSON.stringify(root)});`,
    ],
    { cwd: root, stdio: "inherit" },
  );
}
