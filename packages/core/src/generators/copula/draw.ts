/**
 * Sampling the Gaussian copula (generators.md §4.3): ε ~ N(0, I), z = L·ε, u = Φ(z), then each
 * column's inverse map; companions put ∅ back and are dropped.
 */
import { type Column, booleanColumn, categoricalColumn, numericColumn } from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import type { Rng } from "../../random/rng.ts";
import { normalCdf } from "../../random/normal.ts";
import { applyMissingIndicators } from "../missing-indicators.ts";
import { decodeInterval } from "./categorical-intervals.ts";
import { marginalQuantile } from "./marginal.ts";
import type { CopulaColumn, CopulaState } from "./state.ts";

/** u[j][i] for column j and row i: correlated uniforms, one normal stream read row by row. */
export function correlatedUniforms(cholesky: readonly number[], d: number, nRows: number, rng: Rng): Float64Array[] {
  const L = Float64Array.from(cholesky);
  const u = Array.from({ length: d }, () => new Float64Array(nRows));
  const eps = new Float64Array(d);
  for (let i = 0; i < nRows; i++) {
    for (let k = 0; k < d; k++) eps[k] = rng.normal();
    for (let j = 0; j < d; j++) {
      let z = 0;
      const row = j * d;
      for (let k = 0; k <= j; k++) z += L[row + k] * eps[k];
      u[j][i] = normalCdf(z);
    }
  }
  return u;
}

function decodeColumn(c: CopulaColumn, u: Float64Array): Column {
  const n = u.length;
  if (c.type === "numeric") {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = marginalQuantile(c.marginal, u[i]);
    // Dates travel as plain numbers; the finishing step restores their kind and format.
    return numericColumn(c.name, v, { kind: c.kind === "integer" ? "integer" : "continuous" });
  }
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = decodeInterval(c.intervals, u[i]);
  if (c.kind === "boolean")
    return booleanColumn(c.name, Uint8Array.from(codes), { tokens: [c.levels[0], c.levels[1]] });
  return categoricalColumn(c.name, codes, c.levels);
}

export function drawCopula(state: CopulaState, nRows: number, rng: Rng): Table {
  const d = state.columns.length;
  const u = correlatedUniforms(state.cholesky, d, nRows, rng.derive("normals"));
  const table = new Table(
    state.columns.map((c, j) => decodeColumn(c, u[j])),
    nRows,
  );
  return applyMissingIndicators(table, { pairs: state.indicators });
}
