import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "coverage/**",
      "data/**",
      "node_modules/**",
      "templates/**",
      "web/src/api/schema.gen.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // CommonJS tooling (Jest's transformer and config).
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The tracker runs in every browser a site's visitors use: TypeScript modules
    // bundled to one ES5 script (scripts/build-tracker.mjs), browser globals only.
    files: ["tracker/src/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The page's objects are untyped by nature.
      "@typescript-eslint/no-explicit-any": "off",
      // Modern built-ins the ES5 build cannot lower.
      "no-restricted-syntax": [
        "error",
        {
          selector: "ForOfStatement",
          message: "for…of needs Symbol.iterator; use an index loop",
        },
        { selector: "SpreadElement", message: "spread needs helpers in ES5" },
        {
          selector: "ClassDeclaration",
          message: "classes need helpers in ES5",
        },
      ],
      "no-restricted-globals": [
        "error",
        "Symbol",
        "Map",
        "Set",
        "Promise",
        "WeakMap",
      ],
    },
  },
  {
    // The pixel builder runs in the browser.
    files: ["web/**/*.{ts,tsx}"],
    ignores: ["web/**/*.spec.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
);
