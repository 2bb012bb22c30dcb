// Builds the browser tracker served as /t.js from tracker/src/ (TypeScript modules):
//
//   1. esbuild bundles tracker/src/index.ts (and what it imports from src/pixels/,
//      so the pixel model's limits and the amount parser are put in at build) into
//      one IIFE, for ES2015 (esbuild cannot lower to ES5);
//   2. TypeScript's transpileModule lowers that to ES5;
//   3. terser minifies it (skipped with { minify: false }, for tests that read it);
//   4. acorn refuses output that is not ES5, the base-URL placeholder must be there
//      once as a whole literal, and the gzipped size must stay within the budget.
//
//   node scripts/build-tracker.mjs [--out <file>]    (default: dist/tracker/t.js)
//
// The server replaces PLACEHOLDER (quotes included) with JSON.stringify(PUBLIC_BASE_URL)
// when it loads the file. Replace it as plain text (split/join, or a replacer function):
// a replacement string would treat `$&` and friends in the URL as patterns.
// Plausible builds its tracker the same way (bundle, then minify, then a size check).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { constants, gzipSync } from "node:zlib";
import { parse } from "acorn";

/** ES2015+ built-ins (statics and prototype methods) an ES5 tracker must not call. */
const ES2015_BUILT_INS =
  /\b(?:Number\.(?:isFinite|isInteger|isNaN|isSafeInteger|parseFloat|parseInt|EPSILON)|Object\.(?:assign|entries|values|fromEntries|getOwnPropertySymbols|setPrototypeOf|is)|Array\.(?:from|of)|Math\.(?:trunc|sign|log10|log2|hypot|imul)|String\.(?:raw|fromCodePoint)|Promise|Symbol|Reflect|Proxy|WeakMap|WeakSet|Map|Set)\b|\.(?:includes|startsWith|endsWith|padStart|padEnd|repeat|findIndex|find|fill|flatMap|flat|codePointAt|trimStart|trimEnd)\(/;
import { build } from "esbuild";
import { minify } from "terser";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const TRACKER_ENTRY = resolve(root, "tracker/src/index.ts");
export const DEFAULT_OUT_FILE = resolve(root, "dist/tracker/t.js");
export const PLACEHOLDER = '"__SPX_BASE_URL__"';
/** Part two (consent, touchpoints, runtime config, piggybacks, SPA) must fit in 4 KB. */
export const MAX_GZIP_BYTES = 4096;

function count(haystack, needle) {
  return haystack.split(needle).length - 1;
}

/** Step 1 and 2: one ES5 script, readable. */
async function bundleToEs5() {
  const bundled = await build({
    entryPoints: [TRACKER_ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2015",
    platform: "browser",
    charset: "utf8",
    legalComments: "none",
    logLevel: "silent",
  });
  const es2015 = bundled.outputFiles[0].text;
  return ts.transpileModule(es2015, {
    compilerOptions: {
      target: ts.ScriptTarget.ES5,
      module: ts.ModuleKind.None,
      removeComments: false,
    },
  }).outputText;
}

/**
 * @param {{ outFile?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outFile: string, code: string, bytes: number, gzipBytes: number }>}
 */
export async function buildTracker({
  outFile = DEFAULT_OUT_FILE,
  minify: shouldMinify = true,
} = {}) {
  const es5 = await bundleToEs5();
  let code = es5;
  if (shouldMinify) {
    const result = await minify(es5, {
      ecma: 5,
      compress: { ecma: 5, passes: 2 },
      mangle: true,
      format: { ecma: 5, comments: false },
    });
    code = result.code;
  }
  if (typeof code !== "string" || code.length === 0) {
    throw new Error("build-tracker: the build produced no code");
  }
  try {
    parse(code, { ecmaVersion: 5, sourceType: "script" });
  } catch (error) {
    throw new Error(`build-tracker: the tracker is not ES5: ${error.message}`);
  }
  // ES5 syntax is not enough: ES2015+ built-ins parse fine and then throw in
  // old browsers. The names a shared module could bring in by accident.
  const newer = code.match(ES2015_BUILT_INS);
  if (newer) {
    throw new Error(
      `build-tracker: the tracker uses ${newer[0]}, which ES5 browsers lack`,
    );
  }
  if (
    count(code, PLACEHOLDER) !== 1 ||
    count(code, PLACEHOLDER.slice(1, -1)) !== 1
  ) {
    throw new Error(
      `build-tracker: the tracker must contain ${PLACEHOLDER} exactly once, as a whole literal`,
    );
  }
  const bytes = Buffer.byteLength(code);
  const gzipBytes = gzipSync(code, {
    level: constants.Z_BEST_COMPRESSION,
  }).length;
  if (shouldMinify && gzipBytes > MAX_GZIP_BYTES) {
    throw new Error(
      `build-tracker: ${gzipBytes} bytes gzipped is over the ${MAX_GZIP_BYTES}-byte budget`,
    );
  }
  const target = resolve(outFile);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, code);
  return { outFile: target, code, bytes, gzipBytes };
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  const at = process.argv.indexOf("--out");
  const outFile =
    at > 0 && process.argv[at + 1] ? process.argv[at + 1] : DEFAULT_OUT_FILE;
  buildTracker({ outFile }).then(
    ({ outFile: written, bytes, gzipBytes }) => {
      console.log(
        `tracker: ${written} ${bytes} bytes, ${gzipBytes} bytes gzipped`,
      );
    },
    (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
