/**
 * Acceptance (issue part 2): a field present only when another column takes a rare value. B is
 * present exactly when A = "yes" (8 % of rows). Every generator but the independent baseline, at
 * every preset, keeps P(A = "yes" | B present) ≥ 0.95 and the share of "yes" within 2 points.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../../table/table.ts";
import { type CategoricalColumn, categoricalColumn, numericColumn } from "../../table/column.ts";
import { Rng } from "../../random/rng.ts";
import { fitGenerator } from "../registry.ts";
import { PRIVACY_PRESETS } from "./preset.ts";

function constructed(n: number): Table {
  const r = Rng.fromSeed(5);
  const a = new Int32Array(n);
  const b = new Float64Array(n);
  const bMissing = new Uint8Array(n);
  const x = new Float64Array(n);
  const g = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = r.next() < 0.08 ? 1 : 0;
    x[i] = Math.round((40 + 12 * r.normal() + (a[i] ? 8 : 0)) * 10) / 10;
    g[i] = r.int(3);
    b[i] = Math.round(50 + 10 * r.normal());
    bMissing[i] = a[i] ? 0 : 1;
  }
  return new Table([
    categoricalColumn("A", a, ["no", "yes"]),
    numericColumn("x", x, { kind: "continuous" }),
    categoricalColumn("g", g, ["p", "q", "r"]),
    numericColumn("B", b, { kind: "integer", missing: bMissing }),
  ]);
}

function yesShares(t: Table): { share: number; givenPresent: number } {
  const a = t.column("A") as CategoricalColumn;
  const yes = a.levels.indexOf("yes");
  const b = t.column("B");
  let nYes = 0;
  let present = 0;
  let presentYes = 0;
  for (let i = 0; i < t.nRows; i++) {
    const isYes = !a.missing[i] && a.codes[i] === yes;
    if (isYes) nYes++;
    if (!b.missing[i]) {
      present++;
      if (isYes) presentYes++;
    }
  }
  return { share: nYes / t.nRows, givenPresent: present > 0 ? presentYes / present : NaN };
}

const real = constructed(800);
const realShare = yesShares(real).share;

for (const method of ["cart", "avatar", "bayesnet", "smote", "gaussian-copula"])
  for (const privacy of PRIVACY_PRESETS)
    test(`${method}, privacy ${privacy}: B present only when A = "yes" (rare) is kept`, () => {
      const s = fitGenerator(method, real, { seed: 1, privacy }).sample(2000, { seed: 2 }).table;
      const { share, givenPresent } = yesShares(s);
      assert.ok(givenPresent >= 0.95, `P(A = yes | B present) = ${givenPresent}`);
      assert.ok(Math.abs(share - realShare) <= 0.02, `share of yes ${share} vs ${realShare}`);
    });
