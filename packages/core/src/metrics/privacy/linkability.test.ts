import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import type { MetricResult } from "../types.ts";
import { population } from "./anonymeter-test-tables.ts";
import { auxiliarySplit, linkability, linkedCount } from "./linkability.ts";

const byName = (records: MetricResult[], name: string) => records.find((r) => r.submetric === name)!;
const rng = Rng.fromSeed(21);
const R = population(700, rng.derive("R"));
const H = population(700, rng.derive("H"));

test("§6.3 hint: S := R without duplicates: every target finds itself through A and B (main rate 1); control only by chance", () => {
  const records = linkability.compute(
    { real: R, synthetic: R, holdout: H },
    {
      auxCols: [
        ["x", "g"],
        ["y", "u"],
      ],
    },
  );
  const stats = byName(records, "risk").details[0].stats!;
  assert.equal(stats.mainAttacks, 500);
  assert.equal(stats.mainSuccesses, 500);
  assert.ok(stats.controlSuccesses! < 25, `control ${stats.controlSuccesses}`);
  assert.ok(byName(records, "risk").ci![0] > 0.8);
  // 10 neighbours: more chance links for control and baseline, all links for main.
  const ten = byName(records, "risk-10-neighbors").details[0].stats!;
  assert.equal(ten.mainSuccesses, 500);
  assert.ok(ten.controlSuccesses! >= stats.controlSuccesses!);
});

test("fresh synthetic rows: the risk interval includes 0", () => {
  const S = population(700, rng.derive("S"));
  const records = linkability.compute({ real: R, synthetic: S, holdout: H }, { quasiIdentifiers: ["x", "g"] });
  assert.equal(byName(records, "risk").ci![0], 0);
});

test("default split: A = the declared quasi-identifiers, B = the rest; none declared is not evaluated", () => {
  assert.deepEqual(auxiliarySplit(R, { quasiIdentifiers: ["g"] }), [["g"], ["x", "y", "u"]]);
  const records = linkability.compute({ real: R, synthetic: R, holdout: H });
  assert.ok(records.every((r) => r.status === "undefined"));
  assert.match(records[0].reason!, /quasi-identifiers/);
  assert.throws(() => auxiliarySplit(R, { auxCols: [["x"], ["x", "y"]] }), /share column "x"/);
});

test("linked count: lists sharing a row among their first n", () => {
  const nb = (rows: number[][]) => ({
    k: 2,
    nQuery: rows.length,
    queryStart: 0,
    indices: Int32Array.from(rows.flat()),
    distances: new Float64Array(rows.length * 2),
  });
  const a = nb([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const b = nb([
    [1, 9],
    [4, 3],
    [7, 8],
  ]);
  assert.equal(linkedCount(a, b, 1), 1);
  assert.equal(linkedCount(a, b, 2), 2);
});
