/**
 * SMOTE sampling (spec generators.md §7.2 step 3): each synthetic row takes a seed row uniformly
 * from its group, a neighbour uniformly among the seed's k, and λ ~ U[0, 1); numeric values are
 * x_i + λ·(x_j − x_i), categorical values follow the pair or mode rule.
 *
 * ∅ follows the seed (a Sosie choice where the spec draws it by the pair rule): a cell is ∅ exactly
 * when the seed's is, and a pair with ∅ on one side keeps the seed's value. Under the spec's rule
 * the missing rate is the mean of the seeds' rate (the real one) and the neighbours' rate, and
 * rows with ∅ are over-represented among neighbours when ∅ is a column's largest level (they
 * match each other): diabetes-130 medical_specialty drifted from 49 % to 53 %, payer_code from
 * 40 % to 42 %. With the seed's ∅ the rate is the real one in expectation and each synthetic row
 * keeps a real row's missingness pattern.
 *
 * Draws: one stream per group; per row, seed, neighbour and λ, then one uniform per column that
 * needs one (a numeric pair with ∅, a categorical column under the pair rule), in column order.
 * Stratified output is shuffled on its own stream so groups are not in blocks.
 */
import type { Rng } from "../../random/rng.ts";
import { type Column, booleanColumn, categoricalColumn, numericColumn, temporalColumn } from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import type { DrawResult } from "../fitted.ts";
import { largestRemainderCounts } from "./groups.ts";
import type { PreparedSmote } from "./prepare.ts";

/** Where λ comes from: the group's stream, or a fixed value in tests. */
export type LambdaDraw = (rng: Rng) => number;

export const uniformLambda: LambdaDraw = (rng) => rng.next();

interface OutputColumn {
  readonly source: Column;
  readonly values: Float64Array;
  readonly missing: Uint8Array;
}

function outputColumn(out: OutputColumn): Column {
  const c = out.source;
  switch (c.kind) {
    case "continuous":
    case "integer":
      return numericColumn(c.name, out.values, {
        kind: c.kind,
        missing: out.missing,
        ...(c.decimals !== undefined ? { decimals: c.decimals } : {}),
      });
    case "date":
    case "datetime":
      return temporalColumn(c.name, c.kind, out.values, c.format, { missing: out.missing });
    case "categorical":
      return categoricalColumn(c.name, Int32Array.from(out.values), c.levels, {
        missing: out.missing,
        ordered: c.ordered,
      });
    case "boolean":
      return booleanColumn(c.name, Uint8Array.from(out.values), { missing: out.missing, tokens: c.tokens });
    default:
      throw new RangeError(`column "${c.name}" is not modelled by SMOTE`);
  }
}

/** Value and ∅ flag of a categorical or boolean cell as a number (−1 for ∅). */
function levelOf(c: Column, row: number): number {
  if (c.missing[row]) return -1;
  if (c.kind === "categorical") return c.codes[row];
  if (c.kind === "boolean") return c.values[row];
  throw new RangeError(`column "${c.name}" is not categorical`);
}

export function drawSmote(
  prepared: PreparedSmote,
  nRows: number,
  rng: Rng,
  lambdaDraw: LambdaDraw = uniformLambda,
): DrawResult {
  const { table, groups, neighbours, modeLevels, options } = prepared;
  const counts =
    options.mode === "stratified"
      ? largestRemainderCounts(
          groups.map((g) => g.rows.length),
          nRows,
        )
      : [nRows];
  const outs: OutputColumn[] = table.columns.map((c) => ({
    source: c,
    values: new Float64Array(nRows),
    missing: new Uint8Array(nRows),
  }));
  const link = new Int32Array(nRows);
  let r = 0;
  groups.forEach((group, g) => {
    const stream = rng.derive("group", g);
    const { k, indices } = neighbours[g];
    for (let made = 0; made < counts[g]; made++, r++) {
      const local = stream.int(group.rows.length);
      const i = group.rows[local];
      const j = indices[local * k + stream.int(k)];
      const lambda = lambdaDraw(stream);
      link[r] = i;
      table.columns.forEach((c, col) => {
        const out = outs[col];
        if (c.kind === "categorical" || c.kind === "boolean") {
          const mode = modeLevels.get(col);
          let level: number;
          if (mode !== undefined) level = mode[i];
          else {
            const fromNeighbour = stream.next() < lambda;
            level = fromNeighbour && !c.missing[i] && !c.missing[j] ? levelOf(c, j) : levelOf(c, i);
          }
          if (level < 0) out.missing[r] = 1;
          else out.values[r] = level;
        } else if (c.kind === "continuous" || c.kind === "integer" || c.kind === "date" || c.kind === "datetime") {
          if (!c.missing[i] && !c.missing[j]) out.values[r] = c.values[i] + lambda * (c.values[j] - c.values[i]);
          else {
            stream.next(); // the pair rule's uniform, drawn as before so the stream keeps its order
            if (c.missing[i]) out.missing[r] = 1;
            else out.values[r] = c.values[i];
          }
        }
      });
    }
  });
  let order: Int32Array | null = null;
  if (options.mode === "stratified" && groups.length > 1) order = rng.derive("shuffle").permutation(nRows);
  const synthetic = new Table(outs.map(outputColumn), nRows);
  const result = order === null ? synthetic : synthetic.select(order);
  const seeds = order === null ? link : Int32Array.from(order, (o) => link[o]);
  return options.keepLink ? { table: result, link: seeds } : { table: result };
}
