import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../../table/table.ts";
import { categoricalColumn, numericColumn, stringColumn } from "../../table/column.ts";
import { Rng } from "../../random/rng.ts";
import { fitGenerator, loadModel } from "../registry.ts";
import { identifierHash } from "../identifiers.ts";
import { IDENTIFIERS_NOT_CHECKED_WARNING, REAL_BOUNDS_WARNING } from "./saved-schema.ts";

// 200 patients: a 6-digit record number, an integer age whose top value (97) one patient holds,
// and a ward.
function patients(): Table {
  const r = Rng.fromSeed(11);
  const n = 200;
  const age = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 97 : 30 + r.int(40)));
  const ward = Int32Array.from({ length: n }, () => r.int(2));
  return new Table([
    stringColumn(
      "mrn",
      "identifier",
      Array.from({ length: n }, (_, i) => `MRN${100000 + 7 * i}`),
    ),
    numericColumn("age", age, { kind: "integer" }),
    categoricalColumn("ward", ward, ["medicine", "surgery"]),
  ]);
}

const parametric = { marginal: "normal" };

test("a saved parametric model holds no hash of a real identifier and no real extreme", () => {
  const real = patients();
  const model = fitGenerator("gaussian-copula", real, { seed: 1, params: parametric });
  const saved = model.toJSON();
  assert.equal(saved.containsRealValues, false);
  assert.equal(model.manifest.containsRealValues, false);
  const text = JSON.stringify(saved);
  const mrns = (real.column("mrn") as { values: string[] }).values;
  for (const v of mrns) assert.ok(!text.includes(String(identifierHash(v))), "a real identifier's hash was saved");
  const columns = new Map(saved.manifest.columns.map((c) => [c.name, c]));
  assert.deepEqual(columns.get("mrn")?.identifier?.realHashes, []);
  // Bounds: the 5th subject's values from each end (balanced, k = 5), not the real 30 … 97.
  const sorted = Array.from((real.column("age") as { values: Float64Array }).values).sort((a, b) => a - b);
  assert.equal(columns.get("age")?.min, sorted[4]);
  assert.equal(columns.get("age")?.max, sorted[sorted.length - 5]);
  assert.ok(!/\b97\b/.test(JSON.stringify(saved.manifest.columns)));
  assert.ok(saved.manifest.warnings?.includes(IDENTIFIERS_NOT_CHECKED_WARNING));
  assert.ok(!saved.manifest.warnings?.includes(REAL_BOUNDS_WARNING));
  // In memory the model keeps what it needs: identifiers are still checked against the real ones.
  assert.equal(model.manifest.columns.find((c) => c.name === "mrn")?.identifier?.realHashes.length, 200);

  // Loaded from the file: same shapes, the clipped range.
  const out = loadModel(JSON.parse(text)).sample(500, { seed: 3 }).table;
  const ids = (out.column("mrn") as { values: string[] }).values;
  assert.ok(ids.every((v) => /^MRN\d{6}$/.test(v)));
  assert.equal(new Set(ids).size, 500);
  const ages = (out.column("age") as { values: Float64Array }).values;
  assert.ok(ages.every((a) => a >= sorted[4] && a <= sorted[sorted.length - 5]));
});

test("without the privacy preset, R's own bounds are in the file and it says it holds real values", () => {
  const model = fitGenerator("gaussian-copula", patients(), { seed: 1, params: parametric, privacy: "off" });
  const saved = model.toJSON();
  assert.equal(saved.containsRealValues, true);
  assert.equal(model.manifest.containsRealValues, true);
  assert.equal(saved.manifest.columns.find((c) => c.name === "age")?.max, 97);
  assert.ok(saved.manifest.warnings?.includes(REAL_BOUNDS_WARNING));
});

test("a noisy network with declared bounds stays free of real values; the identifier hashes still go", () => {
  const real = patients();
  const metadataDomain = { age: { min: 0, max: 120 }, ward: { levels: ["medicine", "surgery"] } };
  const model = fitGenerator("bayesnet", real, { seed: 1, params: { epsilon: 1, domain: metadataDomain } });
  const saved = model.toJSON();
  assert.equal(saved.containsRealValues, false);
  const age = saved.manifest.columns.find((c) => c.name === "age");
  assert.equal(age?.min, 0);
  assert.equal(age?.max, 120);
  assert.deepEqual(saved.manifest.columns.find((c) => c.name === "mrn")?.identifier?.realHashes, []);
});

test("a model that holds real values anyway (CART's leaf donors) is saved whole", () => {
  const model = fitGenerator("cart", patients(), { seed: 1 });
  const saved = model.toJSON();
  assert.equal(saved.containsRealValues, true);
  assert.equal(saved.manifest.columns.find((c) => c.name === "mrn")?.identifier?.realHashes.length, 200);
});
