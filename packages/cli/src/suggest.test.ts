import { test } from "node:test";
import assert from "node:assert/strict";
import { closestMatch, editDistance } from "./suggest.ts";

test("editDistance counts insertions, deletions and substitutions", () => {
  assert.equal(editDistance("", ""), 0);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("inspect", "inpsect"), 2);
  assert.equal(editDistance("abc", ""), 3);
});

test("closestMatch suggests near typos only", () => {
  assert.equal(closestMatch("inspet", ["inspect", "help"]), "inspect");
  assert.equal(closestMatch("--jsn", ["--json", "--strict"]), "--json");
  assert.equal(closestMatch("generate", ["inspect", "help"]), undefined);
  assert.equal(closestMatch("x", ["inspect"]), undefined);
});
