import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", ".build/**", "test-output/**", "out/**", "bench/results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    // The engine must run in browsers: no Node built-ins in core (tests may use them).
    files: ["packages/core/src/**/*.ts"],
    ignores: ["packages/core/src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "fs", "path", "os", "worker_threads"], message: "core runs in browsers: no Node built-ins" }] }],
      "no-restricted-globals": ["error", { name: "process", message: "core runs in browsers" }, { name: "Buffer", message: "core runs in browsers" }],
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "use a seeded Rng stream" }],
    },
  },
  {
    files: ["scripts/**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
