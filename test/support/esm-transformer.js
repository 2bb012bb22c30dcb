// Jest transformer for node_modules: packages published as ES modules (NestJS 12,
// some of Fastify's dependencies) are compiled to CommonJS with Babel, since
// Jest cannot require ES modules on Node 20; CommonJS files pass through as they are.
const { existsSync, readFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const babelJest = require("babel-jest").default;

const babel = babelJest.createTransformer({
  babelrc: false,
  configFile: false,
  plugins: [
    require.resolve("./babel-nest-esm.js"),
    "@babel/plugin-transform-modules-commonjs",
  ],
});

const moduleTypeByDir = new Map();

function isEsm(filename) {
  if (filename.endsWith(".mjs")) return true;
  if (filename.endsWith(".cjs")) return false;
  let dir = dirname(filename);
  const visited = [];
  while (!moduleTypeByDir.has(dir)) {
    visited.push(dir);
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      moduleTypeByDir.set(
        dir,
        JSON.parse(readFileSync(manifest, "utf8")).type === "module",
      );
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      moduleTypeByDir.set(dir, false);
      break;
    }
    dir = parent;
  }
  const result = moduleTypeByDir.get(dir);
  for (const seen of visited) moduleTypeByDir.set(seen, result);
  return result;
}

module.exports = {
  canInstrument: false,
  getCacheKey(source, filename, options) {
    return `${isEsm(filename) ? "esm" : "cjs"}:${babel.getCacheKey(source, filename, options)}`;
  },
  process(source, filename, options) {
    return isEsm(filename)
      ? babel.process(source, filename, options)
      : { code: source };
  },
};
