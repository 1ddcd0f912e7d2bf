/**
 * The projection model shared by the avatar generator and the avatar privacy report
 * (privacy-metrics.md §2.1, generators.md §2.2): FAMD, with PCA and MCA as special cases.
 *
 * Scaled space Z (fitted on R only):
 * - numeric column (continuous, integer, date, datetime): ∅ imputed by R's mean, then
 *   z = (x − mean)/sd with sd the population sd of the imputed column (sd ≈ 0 → 1); a column with ∅
 *   in R also gets a categorical companion "<col> is missing" (modalities "no"/"yes");
 * - categorical and boolean column: one dummy per modality observed in R (∅ is a modality), in
 *   order of first appearance, scaled (d − p_m)/√p_m; a value unseen in R has all-zero dummies.
 * Axes: right singular vectors V of Z·diag(w) by decreasing singular value, A_k = V_k/√w, each with
 * its largest-magnitude loading positive (ties: lowest index). Coordinates: Z_X·Aᵀ, divided by √Q
 * for an all-categorical table under `projection: "auto"` (the MCA scale).
 * Axes with a numerically zero singular value (e.g. the one linear dependency among each
 * categorical column's dummies) are dropped: `nComponents` is the numerical rank.
 */

import {
  type BooleanColumn,
  type CategoricalColumn,
  type Column,
  type FloatColumn,
  type NumericColumn,
  type TemporalColumn,
  booleanColumn,
  categoricalColumn,
  isFloatColumn,
  isModelled,
  numericColumn,
  temporalColumn,
} from "../table/column.ts";
import { Table } from "../table/table.ts";
import { SosieOptionError } from "../errors.ts";
import { symmetricEigen, signMakingLargestPositive } from "../linalg/eigen.ts";
import { GRAM_BLOCK_ROWS, accumulateGramUpper, matrix, symmetrizeFromUpper } from "../linalg/matrix.ts";
import { cholesky, solveLower, solveUpperTransposed } from "../linalg/cholesky.ts";

export type ProjectionType = "pca" | "mca" | "famd";

export interface ProjectionOptions {
  /** `auto` (default): PCA if all numeric, MCA if all categorical, FAMD otherwise; `famd` forces the FAMD scale. */
  projection?: "auto" | "famd";
  /** Per source column weight (default 1, must be > 0); repeated on each dummy of a categorical. */
  columnWeights?: Readonly<Record<string, number>>;
}

/** Eigenvalues below this share of the largest are numerical zeros (singular-value ratio ≈ 3e-5). */
const RANK_TOLERANCE = 1e-9;
/** sd below this (relative to max(1, |mean|)) counts as 0. */
const SD_TOLERANCE = 1e-12;

/** Key of the ∅ modality (cannot collide with a level: keys of levels are prefixed). */
const MISSING_KEY = "∅";
const levelKey = (level: string): string => `=${level}`;

interface NumericPart {
  readonly type: "numeric";
  readonly source: FloatColumn;
  readonly offset: number;
  readonly mean: number;
  readonly sd: number;
  /** Index in `parts` of the "is missing" companion, or −1. */
  companion: number;
}

interface CategoricalPart {
  readonly type: "categorical";
  /** The source column, or the numeric column a companion describes. */
  readonly source: Column;
  readonly companionOf: boolean;
  readonly offset: number;
  /** Modality keys in order of first appearance in R. */
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly shares: Float64Array;
}

type Part = NumericPart | CategoricalPart;

export class ProjectionModel {
  readonly type: ProjectionType;
  /** Names of the scaled columns (numeric names, "<col>=<level>", "<col>=∅", "<col> is missing=yes"). */
  readonly scaledNames: readonly string[];
  /** Number of axes kept (the numerical rank of the weighted scaled matrix). */
  readonly nComponents: number;
  /** Variance of R's coordinates on each axis (eigenvalue / n_R, on the MCA scale for MCA). */
  readonly explainedVariance: Float64Array;
  /** Share of the total variance on each axis (sums to 1 over the kept axes). */
  readonly explainedVarianceRatio: Float64Array;
  /** nComponents x p′ row-major: row k is axis A_k in the scaled space. */
  readonly axes: Float64Array;
  /** Source columns projected, in order. */
  readonly columns: readonly string[];
  private readonly parts: readonly Part[];
  private readonly coordinateScale: number;

  private constructor(
    type: ProjectionType,
    parts: Part[],
    scaledNames: string[],
    axes: Float64Array,
    variance: Float64Array,
    ratio: Float64Array,
    coordinateScale: number,
  ) {
    this.type = type;
    this.parts = parts;
    this.scaledNames = scaledNames;
    this.axes = axes;
    this.nComponents = variance.length;
    this.explainedVariance = variance;
    this.explainedVarianceRatio = ratio;
    this.coordinateScale = coordinateScale;
    this.columns = parts.filter((p) => p.type === "numeric" || !p.companionOf).map((p) => p.source.name);
  }

  /** Number of scaled columns p′. */
  get nScaled(): number {
    return this.scaledNames.length;
  }

  static fit(R: Table, options: ProjectionOptions = {}): ProjectionModel {
    const n = R.nRows;
    if (n === 0) throw new SosieOptionError("cannot fit a projection on an empty table");
    const sources = R.columns.filter((c) => isModelled(c));
    if (sources.length === 0) throw new SosieOptionError("the table has no numeric or categorical column to project");
    const parts: Part[] = [];
    const scaledNames: string[] = [];
    const weightOf = (name: string): number => {
      const w = options.columnWeights?.[name] ?? 1;
      if (!(w > 0 && Number.isFinite(w))) throw new SosieOptionError(`column weight of "${name}" must be positive and finite`);
      return w;
    };
    const weightList: number[] = [];
    for (const c of sources) {
      const w = weightOf(c.name);
      if (isFloatColumn(c)) {
        const part = fitNumeric(c, scaledNames.length);
        parts.push(part);
        scaledNames.push(c.name);
        weightList.push(w);
        if (part.companion === 0) {
          part.companion = parts.length;
          const keys = Array.from(c.missing, (m) => (m ? "yes" : "no"));
          const cat = fitCategorical(c, true, keys, scaledNames.length);
          parts.push(cat);
          for (const k of cat.keys) {
            scaledNames.push(`${c.name} is missing=${k}`);
            weightList.push(w);
          }
        }
      } else {
        const cat = fitCategorical(c, false, modalityKeys(c as CategoricalColumn | BooleanColumn), scaledNames.length);
        parts.push(cat);
        for (const k of cat.keys) {
          scaledNames.push(`${c.name}${k === MISSING_KEY ? "=∅" : k}`);
          weightList.push(w);
        }
      }
    }
    const p = scaledNames.length;
    const weights = Float64Array.from(weightList);
    const nNumericSources = sources.filter((c) => isFloatColumn(c)).length;
    const Q = sources.length - nNumericSources;
    const type: ProjectionType = Q === 0 ? "pca" : nNumericSources === 0 ? "mca" : "famd";
    const coordinateScale = type === "mca" && (options.projection ?? "auto") === "auto" ? 1 / Math.sqrt(Q) : 1;

    // Gram matrix of Z·diag(w), accumulated over fixed row blocks.
    const gramUpper = new Float64Array(p * p);
    for (let start = 0; start < n; start += GRAM_BLOCK_ROWS) {
      const end = Math.min(n, start + GRAM_BLOCK_ROWS);
      const block = scaleRows(parts, p, R, start, end);
      for (let i = 0; i < block.length; i++) block[i] *= weights[i % p];
      accumulateGramUpper(matrix(end - start, p, block), 0, end - start, gramUpper);
    }
    const { values, vectors } = symmetricEigen(symmetrizeFromUpper(p, gramUpper));
    const maxRank = Math.min(n, p);
    let rank = 0;
    while (rank < maxRank && values[rank] > RANK_TOLERANCE * values[0]) rank++;
    const axes = new Float64Array(rank * p);
    let total = 0;
    for (let k = 0; k < rank; k++) total += values[k];
    const variance = new Float64Array(rank);
    const ratio = new Float64Array(rank);
    for (let k = 0; k < rank; k++) {
      for (let j = 0; j < p; j++) axes[k * p + j] = vectors.data[j * p + k] / Math.sqrt(weights[j]);
      const sign = signMakingLargestPositive(axes, k * p, p);
      if (sign < 0) for (let j = 0; j < p; j++) axes[k * p + j] = -axes[k * p + j];
      variance[k] = (values[k] / n) * coordinateScale * coordinateScale;
      ratio[k] = values[k] / total;
    }
    return new ProjectionModel(type, parts, scaledNames, axes, variance, ratio, coordinateScale);
  }

  /** The scaled matrix Z_X (n x p′, row-major) of a table with R's columns, using R's parameters. */
  scale(X: Table): Float64Array {
    this.checkColumns(X);
    return scaleRows(this.parts, this.nScaled, X, 0, X.nRows);
  }

  /** Coordinates of X on the first `ncp` axes (default all): n x ncp, row-major. */
  transform(X: Table, ncp = this.nComponents): Float64Array {
    this.checkNcp(ncp);
    this.checkColumns(X);
    const p = this.nScaled;
    const A = this.axes;
    const n = X.nRows;
    const out = new Float64Array(n * ncp);
    // Z·Aᵀ without forming Z: a categorical row contributes Σ_m −√p_m·A_km (the same for every
    // row) plus A_k,m*/√p_m* for its own modality m*.
    const constant = new Float64Array(ncp);
    const lookups: { part: Part; codes: Int32Array | Float64Array }[] = [];
    for (const part of this.parts) {
      if (part.type === "categorical") {
        for (let m = 0; m < part.keys.length; m++)
          for (let k = 0; k < ncp; k++) constant[k] -= Math.sqrt(part.shares[m]) * A[k * p + part.offset + m];
        lookups.push({ part, codes: modalityIndices(part, X) });
      } else lookups.push({ part, codes: standardized(part, X) });
    }
    for (let i = 0; i < n; i++) {
      const o = i * ncp;
      for (let k = 0; k < ncp; k++) out[o + k] = constant[k];
      for (const { part, codes } of lookups) {
        if (part.type === "numeric") {
          const z = codes[i];
          if (z === 0) continue;
          for (let k = 0; k < ncp; k++) out[o + k] += z * A[k * p + part.offset];
        } else {
          const m = codes[i];
          if (m < 0) continue;
          const inv = 1 / Math.sqrt(part.shares[m]);
          for (let k = 0; k < ncp; k++) out[o + k] += A[k * p + part.offset + m] * inv;
        }
      }
      if (this.coordinateScale !== 1) for (let k = 0; k < ncp; k++) out[o + k] *= this.coordinateScale;
    }
    return out;
  }

  /**
   * Back from coordinates on the first `ncp` axes to a table: the least-squares scaled rows
   * Ẑ = y·(A Aᵀ)⁻¹A (y·A when weights are 1), then `fromScaled`.
   */
  inverse(coords: Float64Array, ncp: number): Table {
    this.checkNcp(ncp);
    if (coords.length % Math.max(ncp, 1) !== 0) throw new RangeError(`coordinates are not rows of ${ncp}`);
    const n = ncp === 0 ? 0 : coords.length / ncp;
    const p = this.nScaled;
    const A = this.axes;
    // Gram of the kept axes (identity with unit weights), factorised once.
    const G = matrix(ncp, ncp);
    for (let a = 0; a < ncp; a++)
      for (let b = 0; b < ncp; b++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += A[a * p + j] * A[b * p + j];
        G.data[a * ncp + b] = s;
      }
    const chol = cholesky(G);
    if (!chol.ok) throw new Error("projection axes are linearly dependent");
    const z = new Float64Array(n * p);
    const y = new Float64Array(ncp);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < ncp; k++) y[k] = coords[i * ncp + k] / this.coordinateScale;
      solveLower(chol.L, y);
      solveUpperTransposed(chol.L, y);
      for (let k = 0; k < ncp; k++) {
        const yk = y[k];
        for (let j = 0; j < p; j++) z[i * p + j] += yk * A[k * p + j];
      }
    }
    return this.fromScaled(z, n);
  }

  /**
   * Scaled rows (n x p′) back to R's columns: numeric x = z·sd + mean (∅ where the companion
   * decodes to "yes"); categorical: the modality with the largest unscaled dummy z·√p + p (ties:
   * first in order of appearance in R). No rounding or clipping: that is the generator's job.
   */
  fromScaled(z: Float64Array, n: number): Table {
    const p = this.nScaled;
    if (z.length !== n * p) throw new RangeError(`scaled data has ${z.length} entries, expected ${n} x ${p}`);
    const decoded = this.parts.map((part) => (part.type === "categorical" ? decodeModalities(part, z, n, p) : null));
    const out: Column[] = [];
    for (const [pi, part] of this.parts.entries()) {
      if (part.type === "numeric") {
        const values = new Float64Array(n);
        const missing = new Uint8Array(n);
        const companion = part.companion >= 0 ? (this.parts[part.companion] as CategoricalPart) : undefined;
        const flags = part.companion >= 0 ? decoded[part.companion]! : undefined;
        for (let i = 0; i < n; i++) {
          values[i] = z[i * p + part.offset] * part.sd + part.mean;
          if (companion && flags && companion.keys[flags[i]] === "yes") missing[i] = 1;
        }
        out.push(rebuildFloat(part.source, values, missing));
      } else if (!part.companionOf) out.push(rebuildCategorical(part, decoded[pi]!, n));
    }
    return new Table(out, n);
  }

  private checkNcp(ncp: number): void {
    if (!(Number.isInteger(ncp) && ncp >= 0 && ncp <= this.nComponents))
      throw new RangeError(`ncp must be an integer in [0, ${this.nComponents}], got ${ncp}`);
  }

  private checkColumns(X: Table): void {
    for (const part of this.parts) {
      const name = part.source.name;
      if (!X.has(name)) throw new RangeError(`table has no column "${name}"`);
      if (isFloatColumn(X.column(name)) !== isFloatColumn(part.source))
        throw new RangeError(`column "${name}" is numeric in one table and categorical in the other`);
    }
  }
}

/** Fits a projection on R (see ProjectionModel). */
export function fitProjection(R: Table, options: ProjectionOptions = {}): ProjectionModel {
  return ProjectionModel.fit(R, options);
}

function fitNumeric(c: FloatColumn, offset: number): NumericPart {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < c.length; i++)
    if (!c.missing[i]) {
      sum += c.values[i];
      count++;
    }
  const mean = count > 0 ? sum / count : 0;
  let ss = 0;
  for (let i = 0; i < c.length; i++) if (!c.missing[i]) ss += (c.values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / c.length); // imputed rows sit at the mean and add 0
  const hasMissing = count < c.length;
  return {
    type: "numeric",
    source: c,
    offset,
    mean,
    sd: sd > SD_TOLERANCE * Math.max(1, Math.abs(mean)) ? sd : 1,
    // 0 marks "needs a companion"; fit() replaces it with the companion's part index.
    companion: hasMissing ? 0 : -1,
  };
}

function modalityKeys(c: CategoricalColumn | BooleanColumn): string[] {
  const keys = new Array<string>(c.length);
  for (let i = 0; i < c.length; i++) {
    if (c.missing[i]) keys[i] = MISSING_KEY;
    else keys[i] = c.kind === "categorical" ? levelKey(c.levels[c.codes[i]]) : levelKey(c.values[i] ? "true" : "false");
  }
  return keys;
}

function fitCategorical(source: Column, companionOf: boolean, rowKeys: readonly string[], offset: number): CategoricalPart {
  const index = new Map<string, number>();
  const counts: number[] = [];
  for (const key of rowKeys) {
    let m = index.get(key);
    if (m === undefined) {
      m = counts.length;
      index.set(key, m);
      counts.push(0);
    }
    counts[m]++;
  }
  const keys = [...index.keys()];
  const shares = Float64Array.from(counts, (c) => c / rowKeys.length);
  return { type: "categorical", source, companionOf, offset, keys, index, shares };
}

/** Modality index of each row of X for a categorical part (−1: unseen in R). */
function modalityIndices(part: CategoricalPart, X: Table): Int32Array {
  const c = X.column(part.source.name);
  const keys = part.companionOf
    ? Array.from(c.missing, (m) => (m ? "yes" : "no"))
    : modalityKeys(c as CategoricalColumn | BooleanColumn);
  return Int32Array.from(keys, (k) => part.index.get(k) ?? -1);
}

/** Standardized values of a numeric part on X (∅ → the mean → 0). */
function standardized(part: NumericPart, X: Table): Float64Array {
  const c = X.column(part.source.name) as FloatColumn;
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c.missing[i] ? 0 : (c.values[i] - part.mean) / part.sd;
  return out;
}

/** Rows [start, end) of the scaled matrix Z (row-major, p′ columns). */
function scaleRows(parts: readonly Part[], p: number, X: Table, start: number, end: number): Float64Array {
  const slice = X.slice(start, end);
  const n = end - start;
  const z = new Float64Array(n * p);
  for (const part of parts) {
    if (part.type === "numeric") {
      const v = standardized(part, slice);
      for (let i = 0; i < n; i++) z[i * p + part.offset] = v[i];
    } else {
      const m = modalityIndices(part, slice);
      const M = part.keys.length;
      const roots = Float64Array.from(part.shares, Math.sqrt);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < M; j++) z[i * p + part.offset + j] = ((m[i] === j ? 1 : 0) - part.shares[j]) / roots[j];
    }
  }
  return z;
}

/** For each row, the modality with the largest unscaled dummy z·√p_m + p_m (ties: first). */
function decodeModalities(part: CategoricalPart, z: Float64Array, n: number, p: number): Int32Array {
  const out = new Int32Array(n);
  const M = part.keys.length;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let m = 0; m < M; m++) {
      const v = z[i * p + part.offset + m] * Math.sqrt(part.shares[m]) + part.shares[m];
      if (v > bestValue) {
        bestValue = v;
        best = m;
      }
    }
    out[i] = best;
  }
  return out;
}

function rebuildFloat(source: NumericColumn | TemporalColumn, values: Float64Array, missing: Uint8Array): Column {
  if (source.kind === "date" || source.kind === "datetime") {
    const t = source as TemporalColumn;
    return temporalColumn(t.name, t.kind, values, t.format, { missing });
  }
  const num = source as NumericColumn;
  return numericColumn(num.name, values, { kind: num.kind, missing, decimals: num.decimals });
}

function rebuildCategorical(part: CategoricalPart, modality: Int32Array, n: number): Column {
  const source = part.source as CategoricalColumn | BooleanColumn;
  const missing = new Uint8Array(n);
  if (source.kind === "boolean") {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const key = part.keys[modality[i]];
      if (key === MISSING_KEY) missing[i] = 1;
      else values[i] = key === levelKey("true") ? 1 : 0;
    }
    return booleanColumn(source.name, values, { missing, tokens: source.tokens });
  }
  const codeOfKey = new Map(source.levels.map((l, i) => [levelKey(l), i]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = part.keys[modality[i]];
    if (key === MISSING_KEY) missing[i] = 1;
    else codes[i] = codeOfKey.get(key)!;
  }
  return categoricalColumn(source.name, codes, source.levels, { ordered: source.ordered, missing });
}
