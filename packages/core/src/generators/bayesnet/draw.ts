/**
 * Sampling the network (generators.md §5.5): ancestral sampling in network order, then each
 * state decoded: a bin becomes a value uniform in [e_b, e_{b+1}), a level its text, ∅ missing.
 */
import { type Column, booleanColumn, categoricalColumn, numericColumn } from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import type { Rng } from "../../random/rng.ts";
import { type ColumnDomain, domainSize } from "./domain.ts";
import type { BayesNetState } from "./state.ts";

/** States per column (by domain index), drawn row by row from one stream. */
export function ancestralSample(state: BayesNetState, nRows: number, rng: Rng): Int32Array[] {
  const sizes = state.domains.map(domainSize);
  const codes = state.domains.map(() => new Int32Array(nRows));
  const plans = state.conditionals.map((c) => {
    const size = sizes[c.child];
    const cumulative = new Float64Array(c.probabilities.length);
    const rare = state.rareStates?.[c.child];
    for (let start = 0; start < cumulative.length; start += size) {
      let kept = 0;
      for (let x = 0; x < size; x++) if (!rare?.includes(x)) kept += c.probabilities[start + x];
      // A configuration whose whole mass is on rare states keeps it (the shared step replaces them).
      const avoid = rare !== undefined && rare !== null && kept > 0;
      let s = 0;
      for (let x = 0; x < size; x++) cumulative[start + x] = s += avoid && rare.includes(x) ? 0 : c.probabilities[start + x];
    }
    return { child: c.child, size, parents: c.parents.map((p) => ({ codes: codes[p], size: sizes[p] })), cumulative };
  });
  for (let i = 0; i < nRows; i++) {
    for (const p of plans) {
      let config = 0;
      for (const parent of p.parents) config = config * parent.size + parent.codes[i];
      const start = config * p.size;
      const total = p.cumulative[start + p.size - 1];
      const u = rng.next() * total;
      let x = 0;
      while (x < p.size - 1 && p.cumulative[start + x] <= u) x++;
      codes[p.child][i] = x;
    }
  }
  return codes;
}

function decodeColumn(d: ColumnDomain, states: Int32Array, rng: Rng): Column {
  const n = states.length;
  const missing = new Uint8Array(n);
  const missingState = domainSize(d) - 1;
  for (let i = 0; i < n; i++) if (d.nullable && states[i] === missingState) missing[i] = 1;
  if (d.type === "bins") {
    const width = (d.hi - d.lo) / d.bins;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) if (!missing[i]) v[i] = d.lo + (states[i] + rng.next()) * width;
    // Dates travel as plain numbers; the finishing step restores their kind and format.
    return numericColumn(d.name, v, { kind: d.kind === "integer" ? "integer" : "continuous", missing });
  }
  const codes = Int32Array.from(states);
  if (d.kind === "boolean")
    return booleanColumn(d.name, Uint8Array.from(codes.map((c, i) => (missing[i] ? 0 : c))), {
      missing,
      tokens: [d.levels[0], d.levels[1]],
    });
  return categoricalColumn(d.name, codes, d.levels, { missing });
}

export function drawBayesNet(state: BayesNetState, nRows: number, rng: Rng): Table {
  const states = ancestralSample(state, nRows, rng.derive("ancestral"));
  return new Table(
    state.domains.map((d, j) => decodeColumn(d, states[j], rng.derive("within-bin", j))),
    nRows,
  );
}
