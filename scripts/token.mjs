// npm run token -- --account acme --role editor --user 7
// Runs the compiled token command, building first on a fresh checkout.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const compiled = join(root, "dist/scripts/token.js");
if (!existsSync(compiled)) {
  execFileSync(process.execPath, [join(root, "scripts/build.mjs")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
await import(compiled);
