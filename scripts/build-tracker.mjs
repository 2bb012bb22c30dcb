// Builds the browser tracker served as /t.js: minifies src/collection/tracker/tracker.js
// to ES5 with terser and refuses output that is not ES5, lost its base-URL placeholder,
// or grew past the size budget.
//
//   node scripts/build-tracker.mjs [--out <file>]    (default: dist/tracker/t.js)
//
// The server replaces PLACEHOLDER (quotes included) with JSON.stringify(PUBLIC_BASE_URL)
// when it loads the file. Replace it as plain text (split/join, or a replacer function):
// a replacement string would treat `$&` and friends in the URL as patterns.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { constants, gzipSync } from "node:zlib";
import { parse } from "acorn";
import { minify } from "terser";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const TRACKER_SOURCE = resolve(
  root,
  "src/collection/tracker/tracker.js",
);
export const DEFAULT_OUT_FILE = resolve(root, "dist/tracker/t.js");
export const PLACEHOLDER = '"__SPX_BASE_URL__"';
export const MAX_GZIP_BYTES = 2048;

function count(haystack, needle) {
  return haystack.split(needle).length - 1;
}

/**
 * @param {{ outFile?: string }} [options]
 * @returns {Promise<{ outFile: string, code: string, bytes: number, gzipBytes: number }>}
 */
export async function buildTracker({ outFile = DEFAULT_OUT_FILE } = {}) {
  const source = await readFile(TRACKER_SOURCE, "utf8");
  const result = await minify(source, {
    ecma: 5,
    compress: { ecma: 5, passes: 2 },
    mangle: true,
    format: { ecma: 5, comments: false },
  });
  const code = result.code;
  if (typeof code !== "string" || code.length === 0) {
    throw new Error("build-tracker: terser produced no code");
  }
  try {
    parse(code, { ecmaVersion: 5, sourceType: "script" });
  } catch (error) {
    throw new Error(
      `build-tracker: the minified tracker is not ES5: ${error.message}`,
    );
  }
  if (
    count(code, PLACEHOLDER) !== 1 ||
    count(code, PLACEHOLDER.slice(1, -1)) !== 1
  ) {
    throw new Error(
      `build-tracker: the minified tracker must contain ${PLACEHOLDER} exactly once, as a whole literal`,
    );
  }
  const bytes = Buffer.byteLength(code);
  const gzipBytes = gzipSync(code, {
    level: constants.Z_BEST_COMPRESSION,
  }).length;
  if (gzipBytes > MAX_GZIP_BYTES) {
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
