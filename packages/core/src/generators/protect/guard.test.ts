import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../../table/table.ts";
import {
  type NumericColumn,
  booleanColumn,
  categoricalColumn,
  numericColumn,
  stringColumn,
} from "../../table/column.ts";
import { Rng, fnv1a64 } from "../../random/rng.ts";
import { SosieOptionError } from "../../errors.ts";
import { fitGenerator, loadModel } from "../registry.ts";
import { captureSchema } from "../output-schema.ts";
import { buildGuard } from "./guard.ts";
import { hashKey, rowHashes, rowKeys } from "./row-keys.ts";
import { EXTREMES_NOT_SAVED_WARNING, GUARD_NOT_SAVED_WARNING } from "./protection.ts";

function table(n: number): Table {
  const r = Rng.fromSeed(3);
  return new Table([
    stringColumn(
      "id",
      "identifier",
      Array.from({ length: n }, (_, i) => `P${1000 + i}`),
    ),
    numericColumn(
      "x",
      Float64Array.from({ length: n }, () => Math.round(r.normal() * 100) / 10),
    ),
    categoricalColumn(
      "g",
      Int32Array.from({ length: n }, () => r.int(3)),
      ["a", "b", "c"],
    ),
  ]);
}

test("hashKey is the 64-bit FNV-1a of random/rng.ts (two 32-bit halves, no BigInt)", () => {
  // Offset basis for the empty string; FNV-1a's published vector for "a"; then mixed keys with
  // code units above 0xff (∅, the separator) and long keys that carry through both halves.
  assert.equal(hashKey(""), "cbf29ce484222325");
  assert.equal(hashKey("a"), "af63dc4c8601ec8c");
  const r = Rng.fromSeed(5);
  for (let t = 0; t < 200; t++) {
    let key = "";
    const length = r.int(80);
    for (let i = 0; i < length; i++)
      key += String.fromCharCode(r.next() < 0.1 ? 0x2205 : r.next() < 0.1 ? 1 : 32 + r.int(95));
    assert.equal(hashKey(key), fnv1a64(key).toString(16).padStart(16, "0"));
  }
});

test("rowHashes hashes each row's key without building it", () => {
  const real = table(200);
  const t = real
    .withColumn(
      booleanColumn(
        "b",
        Uint8Array.from({ length: 200 }, (_, i) => i % 2),
        { tokens: ["No", "Yes"] },
      ),
    )
    .withColumn(
      categoricalColumn(
        "g",
        Int32Array.from({ length: 200 }, (_, i) => i % 3),
        ["a", "bé", "∅c"],
        { missing: Uint8Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 1 : 0)) },
      ),
    );
  const schema = captureSchema(t);
  assert.deepEqual(rowHashes(t, schema), rowKeys(t, schema).map(hashKey));
});

test("guard: only hashes of train-unique rows (identifiers left out, ∅ = ∅)", () => {
  const t = new Table([
    stringColumn("id", "identifier", ["u1", "u2", "u3"]),
    numericColumn("x", Float64Array.from([1, 1, 2]), { missing: Uint8Array.from([0, 0, 1]) }),
  ]);
  const guard = buildGuard(t, captureSchema(t));
  assert.deepEqual(guard.hashes, [hashKey(rowKeys(t, captureSchema(t))[2])]);
});

test("guard: avatar k = 1 copies R; at balanced no output row equals a train-unique row, n kept, share reported, deterministic", () => {
  const real = table(300);
  const params = { k: 1, includeSelf: true };
  const off = fitGenerator("avatar", real, { seed: 1, privacy: "off", params }).sample(300, { seed: 2 });
  assert.equal(off.guard, undefined);
  const model = fitGenerator("avatar", real, { seed: 1, params });
  assert.equal(model.manifest.privacy?.preset, "balanced");
  const unique = new Set(buildGuard(real, captureSchema(real)).hashes);
  assert.equal(model.manifest.privacy?.guard?.hashes, unique.size);
  const res = model.sample(300, { seed: 2 });
  assert.equal(res.table.nRows, 300);
  // Every train-unique row was copied once (but the 2 × 4 rows past the 5th extreme of x were
  // coded first, and the two holding the 5th extremes, single patients' values, moved off), and
  // each matching copy was regenerated.
  const guard = res.guard!;
  assert.ok(guard.matched >= unique.size - 10 && guard.matched <= unique.size, `${guard.matched}`);
  assert.equal(guard.remaining, 0);
  assert.equal(guard.share, guard.matched / 300);
  for (const key of rowKeys(res.table, captureSchema(real))) assert.ok(!unique.has(hashKey(key)));
  const ids = res.table.column("id") as { values: string[] };
  assert.equal(new Set(ids.values).size, 300);
  assert.deepEqual(fitGenerator("avatar", real, { seed: 1, params }).sample(300, { seed: 2 }), res);
  assert.deepEqual(loadModel(JSON.parse(JSON.stringify(model.toJSON()))).sample(300, { seed: 2 }).table, res.table);
});

test("guard hashes stay out of a saved model that holds no real values; it loads without a guard and says so", () => {
  const real = table(300);
  const schema = captureSchema(real);
  const unique = buildGuard(real, schema).hashes;
  assert.ok(unique.length > 100);
  // Parametric copula marginals: no value of R is stored, so the hashes would be the only
  // record-level trace of R in the file (a membership oracle for train-unique rows).
  const model = fitGenerator("gaussian-copula", real, { seed: 1, params: { marginal: "normal" } });
  assert.equal(model.manifest.containsRealValues, false);
  assert.equal(model.manifest.privacy?.guard?.hashes, unique.length);
  assert.equal(model.manifest.privacy?.guard?.savedWithModel, false);
  assert.ok(model.sample(300, { seed: 2 }).guard !== undefined, "the fitted model keeps its guard in memory");
  const text = JSON.stringify(model.toJSON());
  for (const hash of unique) assert.ok(!text.includes(hash));
  const saved = JSON.parse(text) as ReturnType<typeof model.toJSON>;
  assert.equal(saved.protection?.guard, null);
  assert.ok(saved.manifest.warnings?.includes(GUARD_NOT_SAVED_WARNING));
  const loaded = loadModel(saved);
  assert.equal(loaded.sample(300, { seed: 2 }).guard, undefined);
  assert.ok(loaded.manifest.warnings?.includes(GUARD_NOT_SAVED_WARNING));
  // Saved again, it still says the hashes were not saved, and warns once.
  const resaved = loaded.toJSON();
  assert.equal(resaved.manifest.privacy?.guard?.savedWithModel, false);
  assert.equal(resaved.manifest.warnings?.filter((w) => w === GUARD_NOT_SAVED_WARNING).length, 1);
});

test("guard hashes are saved with a model that holds real values anyway (it is as sensitive as R)", () => {
  const real = table(300);
  const model = fitGenerator("cart", real, { seed: 1 });
  assert.equal(model.manifest.containsRealValues, true);
  assert.equal(model.manifest.privacy?.guard?.savedWithModel, true);
  const saved = JSON.parse(JSON.stringify(model.toJSON())) as ReturnType<typeof model.toJSON>;
  assert.deepEqual(saved.protection?.guard?.hashes, buildGuard(real, captureSchema(real)).hashes);
  assert.equal(saved.manifest.warnings, undefined);
  const fresh = model.sample(300, { seed: 2 });
  const reloaded = loadModel(saved).sample(300, { seed: 2 });
  assert.deepEqual(reloaded.table, fresh.table);
  assert.deepEqual(reloaded.guard, fresh.guard);
});

test("privacy: an unknown preset is an option error", () => {
  assert.throws(() => fitGenerator("cart", table(20), { seed: 1, privacy: "max" as "strict" }), SosieOptionError);
});

test("real extremes stay out of a saved model that holds no real values; loaded, it clips tails to the k-th values", () => {
  const real = table(300);
  const model = fitGenerator("gaussian-copula", real, { seed: 1, params: { marginal: "normal" } });
  const x = (real.column("x") as NumericColumn).values;
  const [min, max] = [Math.min(...x), Math.max(...x)];
  const text = JSON.stringify(model.toJSON());
  const saved = JSON.parse(text) as ReturnType<typeof model.toJSON>;
  assert.equal(saved.protection?.extremeCoding, "clip");
  const [rule] = saved.protection!.extremes;
  assert.deepEqual(Object.keys(rule).sort(), ["column", "decimals", "high", "low", "max", "min"]);
  assert.ok(rule.min === rule.low && rule.max === rule.high && rule.low > min && rule.high < max);
  assert.ok(saved.manifest.warnings?.includes(EXTREMES_NOT_SAVED_WARNING));
  // In memory the tails spread up to the real extremes; from the file they stop at the k-th values.
  const fresh = (model.sample(3000, { seed: 2 }).table.column("x") as NumericColumn).values;
  const loaded = (loadModel(saved).sample(3000, { seed: 2 }).table.column("x") as NumericColumn).values;
  assert.ok(Math.max(...fresh) > rule.high);
  assert.equal(Math.max(...loaded), rule.high);
  assert.equal(Math.min(...loaded), rule.low);
  // At strict the coding already clips: the file still drops the real extremes, and warns of nothing more.
  const strict = JSON.parse(
    JSON.stringify(
      fitGenerator("gaussian-copula", real, { seed: 1, privacy: "strict", params: { marginal: "normal" } }).toJSON(),
    ),
  ) as ReturnType<typeof model.toJSON>;
  const [strictRule] = strict.protection!.extremes;
  assert.deepEqual(Object.keys(strictRule).sort(), ["column", "decimals", "high", "low", "max", "min"]);
  assert.ok(strictRule.min === strictRule.low && strictRule.max === strictRule.high);
  assert.ok(!strict.manifest.warnings?.includes(EXTREMES_NOT_SAVED_WARNING));
  // A model that holds real values anyway keeps its rules as fitted.
  const cart = JSON.parse(JSON.stringify(fitGenerator("cart", real, { seed: 1 }).toJSON())) as ReturnType<
    typeof model.toJSON
  >;
  assert.equal(cart.protection?.extremeCoding, "spread");
  assert.equal(cart.protection?.extremes[0].max, max);
  assert.equal(cart.manifest.warnings, undefined);
});
