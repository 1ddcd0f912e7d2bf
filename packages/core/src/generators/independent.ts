/**
 * Independent marginals (spec generators.md §12): each column drawn on its own from its real
 * marginal, ∅ at its rate. The floor every generator must beat on pair trends and
 * distinguishability, and a sanity check for attacks.
 *
 * Non-DP: numeric values are real values drawn with replacement (containsRealValues), categories
 * from their frequencies. At strict and balanced, numeric values get the kernel-density noise of
 * CART's smoothing (cart/smooth.ts; the presets' `cartSmoothing`: every value, or those held by
 * fewer than k subjects): drawn as they are, a value one patient holds is a query that singles
 * them out, and the baseline's balanced output on pima had a univariate singling-out risk of
 * 0.318 [0.191, 0.444]. The DP variant (noisy histograms) is not offered yet.
 */
import { type Column, isFloatColumn, selectRows } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { type ColumnSchema, captureSchema, modelledColumnNames } from "./output-schema.ts";
import { type SmoothingBounds, smoothValues } from "./cart/smooth.ts";
import { privacySettings } from "./protect/preset.ts";
import { subjectColumn, subjectsOf, valuesHeldBy } from "../table/subjects.ts";
import { fitRecord, loadFitted, makeFitted } from "./fitted.ts";
import type { FitContext, FittedGenerator, GeneratorDefinition } from "./types.ts";
import type { Rng } from "../random/rng.ts";

const ID = "independent";
const VERSION = "1";

interface State {
  /** Per modelled column: the real column, stored as values to resample. */
  columns: SerializedColumn[];
  /**
   * Per modelled column, for the integer and continuous ones at strict and balanced: the range and
   * decimals smoothing keeps to, and the values left as drawn (held by ≥ k subjects; absent:
   * smooth every value). Absent in models saved before.
   */
  smoothing?: ({ bounds: SmoothingBounds; keep?: number[] } | null)[];
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
    const drawn = selectRows(c, rows);
    const smoothing = state.smoothing?.[j];
    if (smoothing && isFloatColumn(drawn)) {
      const observed = Int32Array.from(rows.keys()).filter((i) => !drawn.missing[i]);
      const keep = smoothing.keep === undefined ? undefined : new Set(smoothing.keep);
      smoothValues(drawn.values, observed, smoothing.bounds, "density", rng.derive("smooth", j), keep);
    }
    return drawn;
  });
  return { table: new Table(cols, nRows) };
}

/** What smoothing needs per numeric column at this preset (null: the column is drawn as is). */
function smoothingState(
  train: Table,
  schema: readonly ColumnSchema[],
  names: readonly string[],
  context: FitContext,
): State["smoothing"] {
  const { cartSmoothing: rule, rareK } = privacySettings(context.privacy);
  if (rule === "none") return undefined;
  const subjects = subjectsOf(train, subjectColumn(train, context.subject));
  return names.map((name) => {
    const c = train.column(name);
    const s = schema.find((x) => x.name === name)!;
    if ((c.kind !== "continuous" && c.kind !== "integer") || !isFloatColumn(c)) return null;
    // The schema holds the observed range: nothing to smooth on a constant or empty column.
    if (s.min === undefined || s.max === undefined || !(s.min < s.max)) return null;
    const bounds = { min: s.min, max: s.max, decimals: s.roundDecimals ?? 12 };
    return rule === "all"
      ? { bounds }
      : { bounds, keep: valuesHeldBy(c.values, rareK, subjects, (i) => c.missing[i] === 1) };
  });
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
    const names = modelledColumnNames(schema);
    const smoothing = smoothingState(train, schema, names, context);
    const state: State = {
      columns: names.map((n) => serialize(train.column(n))),
      ...(smoothing === undefined ? {} : { smoothing }),
    };
    // The baseline stays independent: no missingness rules tying columns together.
    return makeFitted({
      ...fitRecord(train, schema, context, start, { dependencies: false }),
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
  load: (saved) => loadFitted<State>(saved, draw),
};
