/**
 * The `indicator` strategy for missing values (spec generators.md §1.2): each column with ∅ in R
 * gets a companion categorical "<col>·missing" (levels "no", "yes") modelled jointly with the
 * rest, so missingness keeps its relation to the other columns; the column itself is imputed
 * (median for numbers, most frequent level for categories) while fitting. On output, ∅ is put
 * back wherever the companion says "yes".
 */
import { type Column, categoricalColumn, booleanColumn, numericColumn, temporalColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";

export interface IndicatorPlan {
  /** [column name, companion name] for each column that had ∅. */
  readonly pairs: readonly (readonly [string, string])[];
}

export const MISSING_LEVELS = ["no", "yes"] as const;

function companionName(table: Table, name: string): string {
  let c = `${name}·missing`;
  while (table.has(c)) c += "_";
  return c;
}

function median(values: Float64Array, missing: Uint8Array): number {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (!missing[i]) xs.push(values[i]);
  if (xs.length === 0) return 0;
  xs.sort((a, b) => a - b);
  const h = (xs.length - 1) / 2;
  return (xs[Math.floor(h)] + xs[Math.ceil(h)]) / 2;
}

function imputed(c: Column): Column {
  const none = new Uint8Array(c.length);
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      const m = median(c.values, c.missing);
      const v = c.values.slice();
      for (let i = 0; i < v.length; i++) if (c.missing[i]) v[i] = m;
      return c.kind === "date" || c.kind === "datetime"
        ? temporalColumn(c.name, c.kind, v, c.format, { missing: none })
        : numericColumn(c.name, v, { kind: c.kind, missing: none });
    }
    case "categorical": {
      const counts = new Float64Array(c.levels.length);
      for (let i = 0; i < c.length; i++) if (!c.missing[i]) counts[c.codes[i]]++;
      let mode = 0;
      for (let l = 1; l < counts.length; l++) if (counts[l] > counts[mode]) mode = l;
      const codes = c.codes.slice();
      for (let i = 0; i < codes.length; i++) if (c.missing[i]) codes[i] = mode;
      return categoricalColumn(c.name, codes, c.levels.length > 0 ? c.levels : ["∅"], {
        missing: none,
        ordered: c.ordered,
      });
    }
    case "boolean": {
      let ones = 0;
      let seen = 0;
      for (let i = 0; i < c.length; i++) {
        if (c.missing[i]) continue;
        seen++;
        ones += c.values[i];
      }
      const mode = ones * 2 > seen ? 1 : 0;
      const v = c.values.slice();
      for (let i = 0; i < v.length; i++) if (c.missing[i]) v[i] = mode;
      return booleanColumn(c.name, v, { missing: none, tokens: c.tokens });
    }
    default:
      return c;
  }
}

/** Add companions and impute; columns without ∅ are left as they are. */
export function addMissingIndicators(table: Table): { table: Table; plan: IndicatorPlan } {
  const pairs: [string, string][] = [];
  const cols: Column[] = [];
  for (const c of table.columns) {
    let any = false;
    for (let i = 0; i < c.length && !any; i++) any = c.missing[i] === 1;
    if (!any || c.kind === "identifier" || c.kind === "text") {
      cols.push(c);
      continue;
    }
    const name = companionName(table, c.name);
    const codes = new Int32Array(c.length);
    for (let i = 0; i < c.length; i++) codes[i] = c.missing[i];
    cols.push(imputed(c), categoricalColumn(name, codes, [...MISSING_LEVELS]));
    pairs.push([c.name, name]);
  }
  return { table: new Table(cols, table.nRows), plan: { pairs } };
}

/** Put ∅ back where companions say "yes", and drop the companions. */
export function applyMissingIndicators(table: Table, plan: IndicatorPlan): Table {
  let out = table;
  for (const [name, companion] of plan.pairs) {
    if (!out.has(name) || !out.has(companion)) continue;
    const flag = out.column(companion);
    if (flag.kind !== "categorical") throw new RangeError(`companion "${companion}" is not categorical`);
    const yes = flag.levels.indexOf("yes");
    const c = out.column(name);
    const missing = c.missing.slice();
    for (let i = 0; i < missing.length; i++) if (flag.codes[i] === yes) missing[i] = 1;
    out = out.withColumn(withMask(c, missing)).drop([companion]);
  }
  return out;
}

function withMask(c: Column, missing: Uint8Array): Column {
  switch (c.kind) {
    case "continuous":
    case "integer":
      return numericColumn(c.name, c.values.slice(), {
        kind: c.kind,
        missing,
        ...(c.decimals !== undefined ? { decimals: c.decimals } : {}),
      });
    case "date":
    case "datetime":
      return temporalColumn(c.name, c.kind, c.values.slice(), c.format, { missing });
    case "categorical":
      return categoricalColumn(c.name, c.codes.slice(), c.levels, { missing, ordered: c.ordered });
    case "boolean":
      return booleanColumn(c.name, c.values.slice(), { missing, tokens: c.tokens });
    default:
      return c;
  }
}
