/**
 * SMOTE's neighbour search on one value per column (encodeMixedRows + mixedKnn) gives the lists
 * and distances, bit for bit, of the exact Euclidean search on the one-hot coordinates
 * (encodeRows + knn) that it replaces: on a seeded sample of diabetes-130-us-hospitals (every
 * modelled column with its own ∅), with duplicated rows (ties at distance 0 and between twins),
 * through the bit-sliced bound, the plain scan and query ranges, and in prepareSmote with and
 * without a `mixed` hook and in stratified groups.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readCsv } from "../../io/csv/index.ts";
import { Rng } from "../../random/rng.ts";
import { decodeTable, inferMetadata } from "../../schema/index.ts";
import type { Table } from "../../table/table.ts";
import { mixedKnn, mixedKnnBrute } from "../../neighbors/mixed-kernel.ts";
import { type Neighbors, concatNeighbors } from "../../neighbors/search-result.ts";
import { sequentialSearch } from "../avatar/neighbours.ts";
import { captureSchema, modelledColumnNames } from "../output-schema.ts";
import { resolveParams } from "../params.ts";
import { smote } from "../smote.ts";
import type { NeighbourSearchHook } from "../types.ts";
import { encodeMixedRows, encodeRows } from "./encode.ts";
import { smoteOptions } from "./options.ts";
import { prepareSmote } from "./prepare.ts";

const DIABETES = new URL("../../../../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url)
  .pathname;

/** 1,100 diabetes rows, 100 of them twice, SMOTE's modelled columns. */
function diabetesSample(): Table {
  const raw = readCsv(new Uint8Array(readFileSync(DIABETES)), { source: "diabetes/data.csv" });
  const table = decodeTable(raw, inferMetadata(raw).metadata);
  const modelled = table.pick(modelledColumnNames(captureSchema(table)));
  const rows = Rng.fromSeed(11).derive("smote-search").sampleWithoutReplacement(modelled.nRows, 1000);
  return modelled.select(Int32Array.from([...rows, ...rows.slice(200, 300)]));
}

const sample = diabetesSample();
const all = Int32Array.from({ length: sample.nRows }, (_, i) => i);

function assertSame(found: Neighbors, expected: Neighbors, label: string): void {
  assert.deepEqual(Array.from(found.indices), Array.from(expected.indices), `${label}: indices`);
  assert.deepEqual(Array.from(found.distances), Array.from(expected.distances), `${label}: distances`);
}

test("the sample has categorical ∅ and over a thousand dummies", () => {
  const kinds = new Set(sample.columns.filter((c) => c.missing.some((m) => m === 1)).map((c) => c.kind));
  assert.ok(kinds.has("categorical"), "a categorical column with ∅");
  assert.ok(encodeRows(sample, all).dims > 1000, "the one-hot space has over a thousand dimensions");
});

test("the mixed search equals the one-hot Euclidean search on diabetes rows (indices and distances)", () => {
  const coords = encodeRows(sample, all);
  const { rules, rows } = encodeMixedRows(sample, all);
  assert.equal(rows.p, sample.columns.length);
  for (const k of [1, 5]) {
    const expected = sequentialSearch()(coords, k);
    assertSame(mixedKnn(rules, rows, rows, k, { excludeSelf: true }), expected, `bit-sliced, k = ${k}`);
    assertSame(mixedKnnBrute(rules, rows, rows, k, { excludeSelf: true }), expected, `plain scan, k = ${k}`);
    const cuts = [0, 7, 550, 1093, rows.n];
    const ranges = cuts
      .slice(1)
      .map((end, i) => mixedKnn(rules, rows, rows, k, { excludeSelf: true, queryStart: cuts[i], queryEnd: end }));
    assertSame(concatNeighbors(ranges), expected, `query ranges, k = ${k}`);
    if (k === 5) {
      // Every duplicated row finds its twin first, at distance 0 (the tie with others goes by index).
      for (let t = 0; t < 100; t++) {
        const [first, twin] = [200 + t, 1000 + t];
        assert.equal(expected.distances[first * k], 0);
        assert.equal(expected.indices[twin * k], first, "a twin's nearest is the lower-indexed copy");
      }
    }
  }
});

test("prepareSmote: same neighbours as on one-hot coordinates, with or without a mixed hook, in stratified groups", () => {
  const target = sample.column("readmitted");
  for (const mode of ["unsupervised", "stratified"] as const) {
    const options = smoteOptions(resolveParams("smote", smote.params, { mode, k: 5 }));
    const inThread = prepareSmote(sample, target, options);
    let calls = 0;
    const hook: NeighbourSearchHook = Object.assign(
      () => {
        throw new Error("SMOTE asked the coordinate search");
      },
      {
        mixed: (rules: Parameters<typeof mixedKnn>[0], rows: Parameters<typeof mixedKnn>[1], k: number) => {
          calls++;
          const cut = Math.floor(rows.n / 3);
          return concatNeighbors([
            mixedKnn(rules, rows, rows, k, { excludeSelf: true, queryEnd: cut }),
            mixedKnn(rules, rows, rows, k, { excludeSelf: true, queryStart: cut }),
          ]);
        },
      },
    );
    const hooked = prepareSmote(sample, target, options, { search: hook });
    assert.equal(calls, inThread.groups.length, `${mode}: one hooked search per group`);
    if (mode === "stratified") assert.ok(inThread.groups.length >= 3);
    inThread.groups.forEach((group, g) => {
      const found = sequentialSearch()(encodeRows(sample, group.rows), inThread.neighbours[g].k);
      const expected = Int32Array.from(found.indices, (i) => group.rows[i]);
      assert.deepEqual(Array.from(inThread.neighbours[g].indices), Array.from(expected), `${mode} group ${g}`);
      assert.deepEqual(Array.from(hooked.neighbours[g].indices), Array.from(expected), `${mode} group ${g}, hook`);
    });
  }
});
