// npm run build: compiles TypeScript to dist/, builds the tracker (dist/tracker/t.js)
// and the pixel builder UI (dist/web).
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
const trackerBuilder = join(root, "scripts/build-tracker.mjs");
if (existsSync(trackerBuilder)) {
  const { buildTracker } = await import(trackerBuilder);
  await buildTracker({ outFile: join(root, "dist/tracker/t.js") });
}
const { buildWeb } = await import(join(root, "scripts/build-web.mjs"));
await buildWeb(root);
