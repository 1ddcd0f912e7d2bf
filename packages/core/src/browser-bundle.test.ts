// The engine must run in browsers: bundle it for platform "browser" and fail on any Node
// built-in or unresolved import. This guards the "no node: imports in core" rule end to end
// (dependencies included), not only in our own files (which lint also checks).
import { test } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

test("core bundles for the browser without Node built-ins", async () => {
  const entry = fileURLToPath(new URL("./index.ts", import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
    metafile: true,
  });
  assert.deepEqual(result.errors, []);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((p) => p.endsWith("table/table.ts")), "bundle contains the table model");
  const code = result.outputFiles[0].text;
  assert.ok(!/from\s*["']node:/.test(code) && !/require\(["']node:/.test(code), "bundle references node: modules");
});
