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
    ignores: ["src/collection/tracker/**"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The tracker runs in every browser a site's visitors use: plain ES5, no modules.
    files: ["src/collection/tracker/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
  {
    // The pixel builder runs in the browser.
    files: ["web/**/*.{ts,tsx}"],
    ignores: ["web/**/*.spec.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
);
