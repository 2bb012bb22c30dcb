// Two projects: fast unit tests beside the sources, and e2e tests that boot the
// real application over HTTP (run serially: they share ports and a database).
//
// NestJS 12 and a few Fastify dependencies ship as ES modules, which Jest cannot
// require on Node 20 (Node itself runs them through require(esm); Jest's module
// loader does not). A small transformer compiles those packages to CommonJS with
// Babel; the result is cached after the first run.
const transform = {
  "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  "^.+/node_modules/.+\\.m?js$": "<rootDir>/test/support/esm-transformer.js",
};
const transformIgnorePatterns = [];
const common = { testEnvironment: "node", transform, transformIgnorePatterns };

module.exports = {
  // Browser and durability tests take seconds; a hung one still fails within a minute.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: [
        "<rootDir>/src/**/*.spec.ts",
        "<rootDir>/test/unit/**/*.spec.ts",
        "<rootDir>/web/src/**/*.spec.ts",
      ],
    },
    {
      ...common,
      displayName: "e2e",
      testMatch: ["<rootDir>/test/**/*.e2e-spec.ts"],
      // Records every answered status; fails the run on any openapi.json lacks.
      globalSetup: "<rootDir>/test/support/e2e-global-setup.ts",
      globalTeardown: "<rootDir>/test/support/e2e-global-teardown.ts",
    },
  ],
};
