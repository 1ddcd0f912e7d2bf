/**
 * Gower distance, `sosie` variant (privacy-metrics.md §2.2): ranges fixed from the fitting
 * table(s), numeric contribution min(1, |x − y|/range), categorical 0/1 with ∅ = ∅, one ∅ → 1,
 * weighted mean over columns, float64.
 *
 * A numeric column whose fitted range is 0 (or that is all missing) compares by equality:
 * 0 if x = y, else 1.
 */

import type { Table } from "../table/table.ts";
import { CategoryDictionary } from "./category-dictionary.ts";
import {
  CATEGORICAL,
  type EncodedRows,
  type MixedRules,
  NUMERIC,
  contributionOrder,
  mixedDistance,
  mixedKnn,
  permuteRules,
  rowsFromColumns,
} from "./mixed-kernel.ts";
import type { Neighbors, SearchOptions } from "./search-result.ts";
import {
  type DistanceKind,
  categoryValues,
  checkSameColumns,
  comparedColumns,
  distanceKind,
  numericValues,
  rangeOf,
} from "./table-columns.ts";

export interface GowerColumn {
  readonly name: string;
  readonly kind: DistanceKind;
  /** Fitted range (numeric columns); 0 or NaN means comparison by equality. */
  readonly range: number;
  readonly weight: number;
}

export interface GowerFitOptions {
  /** Columns to compare (default: every modelled column of the first table). */
  columns?: readonly string[];
  /** Per-column weights (default 1); must be ≥ 0 with a positive total. */
  weights?: Readonly<Record<string, number>>;
}

export class GowerSpace {
  /** Columns in table order, with their fitted ranges and weights. */
  readonly columns: readonly GowerColumn[];
  /** Evaluation order (indices into `columns`): largest expected contribution first. */
  readonly order: Int32Array;
  private readonly rules: MixedRules;
  private readonly reference: Table;
  private readonly dictionaries: readonly (CategoryDictionary | undefined)[];

  private constructor(
    reference: Table,
    columns: GowerColumn[],
    dictionaries: (CategoryDictionary | undefined)[],
    order: Int32Array,
    rules: MixedRules,
  ) {
    this.reference = reference;
    this.columns = columns;
    this.dictionaries = dictionaries;
    this.order = order;
    this.rules = rules;
  }

  /**
   * Fits ranges on the non-missing values of `tables` together (R for the DCR suite, S ∪ H_ref
   * for membership attacks). The ranges then stay fixed for every distance of the evaluation.
   */
  static fit(tables: Table | readonly Table[], options: GowerFitOptions = {}): GowerSpace {
    const list: readonly Table[] = Array.isArray(tables) ? tables : [tables as Table];
    if (list.length === 0) throw new RangeError("Gower space needs at least one table to fit");
    const first = list[0];
    const names = comparedColumns(first, options.columns);
    if (names.length === 0) throw new RangeError("Gower space needs at least one modelled column");
    for (const t of list) checkSameColumns(first, t, names);
    const weights = names.map((n) => options.weights?.[n] ?? 1);
    for (const [i, w] of weights.entries())
      if (!(w >= 0 && Number.isFinite(w)))
        throw new RangeError(`weight of column "${names[i]}" must be finite and ≥ 0`);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    if (!(totalWeight > 0)) throw new RangeError("Gower weights must have a positive total");
    const columns: GowerColumn[] = [];
    const dictionaries: (CategoryDictionary | undefined)[] = [];
    for (const [i, name] of names.entries()) {
      const kind = distanceKind(first.column(name));
      let range = NaN;
      let dictionary: CategoryDictionary | undefined;
      if (kind === "numeric") {
        const { min, max } = rangeOf(list.map((t) => numericValues(t.column(name))));
        range = max - min;
      } else {
        dictionary = new CategoryDictionary();
        for (const t of list) categoryValues(t.column(name), dictionary);
      }
      columns.push({ name, kind, range, weight: weights[i] });
      dictionaries.push(dictionary);
    }
    const p = columns.length;
    const natural: MixedRules = {
      kind: Uint8Array.from(columns, (c) => (c.kind === "numeric" && c.range > 0 ? NUMERIC : CATEGORICAL)),
      range: Float64Array.from(columns, (c) => (c.range > 0 ? c.range : 1)),
      cap: new Float64Array(p).fill(1),
      weight: Float64Array.from(weights),
      bothMissing: new Float64Array(p),
      oneMissing: Float64Array.from(weights),
      divisor: totalWeight,
    };
    const identity = Int32Array.from({ length: p }, (_, c) => c);
    const provisional = new GowerSpace(first, columns, dictionaries, identity, natural);
    const order = contributionOrder(natural, provisional.encode(first));
    return new GowerSpace(first, columns, dictionaries, order, permuteRules(natural, order));
  }

  /**
   * Rows of `table` for this space: columns in evaluation order, categoricals as codes shared by
   * level text across every table encoded here (levels unseen at fit get new codes).
   */
  encode(table: Table): EncodedRows {
    checkSameColumns(
      this.reference,
      table,
      this.columns.map((c) => c.name),
    );
    const perColumn = this.columns.map((c, i) => {
      const col = table.column(c.name);
      return c.kind === "numeric" ? numericValues(col) : categoryValues(col, this.dictionaries[i]!);
    });
    return rowsFromColumns(perColumn, table.nRows, this.order);
  }

  /** Gower distance between row i of x and row j of y (both encoded by this space). */
  distance(x: EncodedRows, i: number, y: EncodedRows, j: number): number {
    return mixedDistance(this.rules, x, i, y, j);
  }

  /** Exact k nearest reference rows of each query row in [queryStart, queryEnd). */
  knn(query: EncodedRows, ref: EncodedRows, k: number, options: SearchOptions = {}): Neighbors {
    return mixedKnn(this.rules, query, ref, k, options);
  }
}
