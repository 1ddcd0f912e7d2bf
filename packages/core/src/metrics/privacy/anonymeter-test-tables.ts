/**
 * Seeded population tables for the privacy attack tests: continuous columns (no duplicate rows),
 * a category that depends on them, and a noise helper for leaky synthetic tables.
 */
import type { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import { cat, num, table } from "../utility/test-tables.ts";

/** n rows: x (≈ N(50, 10)), y correlated with x, g in {high, mid, low} depending on x, u uniform. */
export function population(n: number, rng: Rng): Table {
  const x: number[] = [];
  const y: number[] = [];
  const g: string[] = [];
  const u: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    x.push(50 + 10 * a);
    y.push(a + 0.5 * rng.normal());
    g.push(a + 0.5 * rng.normal() > 0.5 ? "high" : rng.next() < 0.5 ? "low" : "mid");
    u.push(rng.next());
  }
  return table(num("x", x), num("y", y), cat("g", g), num("u", u));
}

/** The rows of t with each continuous value moved by a relative noise of `scale`. */
export function jitter(t: Table, scale: number, rng: Rng): Table {
  return table(
    ...t.columns.map((c) => {
      if (c.kind !== "continuous") return c;
      return num(
        c.name,
        Array.from(c.values, (v) => v + scale * (Math.abs(v) + 1) * rng.normal()),
      );
    }),
  );
}
