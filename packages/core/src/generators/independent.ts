/**
 * Independent marginals (spec generators.md §12): each column drawn on its own from its real
 * marginal, ∅ at its rate. The floor every generator must beat on pair trends and
 * distinguishability, and a sanity check for attacks.
 *
 * Non-DP: numeric values are real values drawn with replacement (containsRealValues), categories
 * from their frequencies. The DP variant (noisy histograms) is not offered yet.
 */
import type { Column } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { selectRows } from "../table/column.ts";
import { captureSchema, modelledColumnNames } from "./output-schema.ts";
import { fitRecord, makeFitted } from "./fitted.ts";
import { fitProtection } from "./protect/fit.ts";
import type { FittedGenerator, GeneratorDefinition, SavedModel } from "./types.ts";
import type { Rng } from "../random/rng.ts";

const ID = "independent";
const VERSION = "1";

interface State {
  /** Per modelled column: the real column, stored as values to resample. */
  columns: SerializedColumn[];
}

/** A column as plain JSON (typed arrays as number arrays). */
type SerializedColumn = Record<string, unknown> & { name: string; kind: string };

function serialize(c: Column): SerializedColumn {
  const out: SerializedColumn = { ...c, name: c.name, kind: c.kind } as SerializedColumn;
  for (const [k, v] of Object.entries(c)) if (ArrayBuffer.isView(v)) out[k] = Array.from(v as Float64Array);
  return out;
}

function deserialize(s: SerializedColumn): Column {
  const c = { ...s } as Record<string, unknown>;
  c.missing = Uint8Array.from(s.missing as number[]);
  if (s.kind === "categorical") c.codes = Int32Array.from(s.codes as number[]);
  else if (s.kind === "boolean") c.values = Uint8Array.from(s.values as number[]);
  else c.values = Float64Array.from((s.values as (number | null)[]).map((x) => (x === null ? NaN : x)));
  return c as unknown as Column;
}

function draw(state: State, nRows: number, rng: Rng): { table: Table } {
  const cols = state.columns.map((sc, j) => {
    const c = deserialize(sc);
    const r = rng.derive("column", j);
    const rows = new Int32Array(nRows);
    for (let i = 0; i < nRows; i++) rows[i] = r.int(c.length);
    return selectRows(c, rows);
  });
  return { table: new Table(cols, nRows) };
}

export const independent: GeneratorDefinition = {
  id: ID,
  version: VERSION,
  summary: "Each column drawn independently from its real marginal (baseline).",
  params: [],
  missing: "native",
  baseline: true,
  fit(train, params, context): FittedGenerator {
    const start = performance.now();
    const schema = captureSchema(train);
    const state: State = { columns: modelledColumnNames(schema).map((n) => serialize(train.column(n))) };
    // The baseline stays independent: no missingness rules tying columns together.
    const protection = fitProtection(train, schema, context, { dependencies: false });
    return makeFitted({
      ...fitRecord(train, context, start, protection),
      generator: ID,
      version: VERSION,
      params,
      schema,
      containsRealValues: true,
      dp: null,
      state,
      draw,
    });
  },
  load(saved: SavedModel): FittedGenerator {
    const m = saved.manifest;
    return makeFitted({
      ...m,
      schema: m.columns,
      protection: saved.protection ?? null,
      state: saved.state as State,
      draw,
    });
  },
};
