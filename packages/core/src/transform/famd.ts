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
import { leadingEigen } from "../linalg/partial-eigen.ts";
import { matrix } from "../linalg/matrix.ts";
import {
  type CategoricalPart,
  type NumericPart,
  type Part,
  MISSING_KEY,
  fitCategorical,
  fitNumeric,
  levelKey,
  modalityIndices,
  scaleRows,
  standardized,
} from "./famd-parts.ts";
import { crossProduct } from "./famd-cross-product.ts";
import { axesInverse } from "./axes-inverse.ts";

export type ProjectionType = "pca" | "mca" | "famd";

export interface ProjectionOptions {
  /** `auto` (default): PCA if all numeric, MCA if all categorical, FAMD otherwise; `famd` forces the FAMD scale. */
  projection?: "auto" | "famd";
  /** Per source column weight (default 1, must be > 0); repeated on each dummy of a categorical. */
  columnWeights?: Readonly<Record<string, number>>;
  /**
   * Compute only the leading axes (default: all, up to the rank). `nComponents` is then
   * min(maxComponents, rank) and large tables use a partial eigensolver; the axes kept are the
   * same (to rounding) as without the option. Use it when only the first ncp axes are read.
   */
  maxComponents?: number;
}

/** The scaling of one scaled column block, for inverses outside this class (read-only). */
export type ScaledPart =
  | {
      readonly type: "numeric";
      readonly column: string;
      /** Offset of the column in the scaled space. */
      readonly offset: number;
      /** z = (x − mean)/sd, ∅ imputed by the mean. */
      readonly mean: number;
      readonly sd: number;
    }
  | {
      readonly type: "categorical";
      readonly column: string;
      /** True for the "<column> is missing" companion of a numeric column. */
      readonly companionOf: boolean;
      readonly offset: number;
      /** Modality keys in order of first appearance ("=level", "∅"; companion: "no", "yes"). */
      readonly keys: readonly string[];
      /** Share p_m of R's rows per modality; the dummy scales to (d − p_m)/√p_m. */
      readonly shares: Float64Array;
    };

/** Eigenvalues below this share of the largest are numerical zeros (singular-value ratio ≈ 3e-5). */
const RANK_TOLERANCE = 1e-9;
/** p′ above which a request for few axes uses the partial eigensolver (the dense one is O(p′³)). */
const PARTIAL_EIGEN_ABOVE = 300;

export class ProjectionModel {
  readonly type: ProjectionType;
  /** Names of the scaled columns (numeric names, "<col>=<level>", "<col>=∅", "<col> is missing=yes"). */
  readonly scaledNames: readonly string[];
  /** Number of axes kept: the numerical rank of the weighted scaled matrix (at most `maxComponents`). */
  readonly nComponents: number;
  /** Variance of R's coordinates on each axis (eigenvalue / n_R, on the MCA scale for MCA). */
  readonly explainedVariance: Float64Array;
  /**
   * Share of the total variance on each axis; the total is the trace of the weighted cross-product
   * (the sum of every eigenvalue), so the shares sum to 1 when every axis is kept.
   */
  readonly explainedVarianceRatio: Float64Array;
  /** nComponents x p′ row-major: row k is axis A_k in the scaled space. */
  readonly axes: Float64Array;
  /** Source columns projected, in order. */
  readonly columns: readonly string[];
  /** The factor applied to every coordinate: 1/√Q for MCA under `projection: "auto"`, else 1. */
  readonly coordinateScale: number;
  /** Per scaled block, in scaled-column order: numeric mean and sd, modality keys and shares. */
  readonly scaling: readonly ScaledPart[];
  private readonly parts: readonly Part[];

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
    this.scaling = parts.map((p): ScaledPart =>
      p.type === "numeric"
        ? { type: "numeric", column: p.source.name, offset: p.offset, mean: p.mean, sd: p.sd }
        : {
            type: "categorical",
            column: p.source.name,
            companionOf: p.companionOf,
            offset: p.offset,
            keys: p.keys,
            shares: p.shares,
          },
    );
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
    const maxComponents = options.maxComponents ?? Infinity;
    if (!(maxComponents === Infinity || (Number.isInteger(maxComponents) && maxComponents >= 1)))
      throw new SosieOptionError(`maxComponents must be a positive integer, got ${maxComponents}`);
    const parts: Part[] = [];
    const scaledNames: string[] = [];
    const weightOf = (name: string): number => {
      const w = options.columnWeights?.[name] ?? 1;
      if (!(w > 0 && Number.isFinite(w)))
        throw new SosieOptionError(`column weight of "${name}" must be positive and finite`);
      return w;
    };
    const weightList: number[] = [];
    const numerics: { part: NumericPart; z: Float64Array }[] = [];
    const categoricals: { part: CategoricalPart; rows: Int32Array }[] = [];
    for (const c of sources) {
      const w = weightOf(c.name);
      if (isFloatColumn(c)) {
        const part = fitNumeric(c, scaledNames.length);
        parts.push(part);
        numerics.push({ part, z: standardized(part, R) });
        scaledNames.push(c.name);
        weightList.push(w);
        if (part.companion === 0) {
          part.companion = parts.length;
          const cat = fitCategorical(c, true, scaledNames.length);
          parts.push(cat.part);
          categoricals.push(cat);
          for (const k of cat.part.keys) {
            scaledNames.push(`${c.name} is missing=${k}`);
            weightList.push(w);
          }
        }
      } else {
        const cat = fitCategorical(c, false, scaledNames.length);
        parts.push(cat.part);
        categoricals.push(cat);
        for (const k of cat.part.keys) {
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

    // Cross-product of Z·diag(w) from sums and counts (no dense scaled rows).
    const C = crossProduct({ n, p, numerics, categoricals });
    let trace = 0;
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) {
        C[i * p + j] *= weights[i] * weights[j];
        if (i === j) trace += C[i * p + i];
      }
    const maxRank = Math.min(n, p, maxComponents);
    const wanted = maxRank;
    const { values, vectors, stride } =
      wanted < p && p > PARTIAL_EIGEN_ABOVE && wanted * 4 <= p
        ? ((e) => ({ values: e.values, vectors: e.vectors.data, stride: wanted }))(
            leadingEigen(matrix(p, p, C), wanted),
          )
        : ((e) => ({ values: e.values, vectors: e.vectors.data, stride: p }))(symmetricEigen(matrix(p, p, C)));
    let rank = 0;
    while (rank < maxRank && values[rank] > RANK_TOLERANCE * values[0]) rank++;
    const axes = new Float64Array(rank * p);
    const variance = new Float64Array(rank);
    const ratio = new Float64Array(rank);
    for (let k = 0; k < rank; k++) {
      for (let j = 0; j < p; j++) axes[k * p + j] = vectors[j * stride + k] / Math.sqrt(weights[j]);
      const sign = signMakingLargestPositive(axes, k * p, p);
      if (sign < 0) for (let j = 0; j < p; j++) axes[k * p + j] = -axes[k * p + j];
      variance[k] = (values[k] / n) * coordinateScale * coordinateScale;
      ratio[k] = values[k] / trace;
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
    const scale = this.coordinateScale;
    // Z·Aᵀ without forming Z: a categorical row contributes Σ_m −√p_m·A_km (the same for every
    // row) plus A_k,m*/√p_m* for its own modality m*: one lookup of ncp loadings per column.
    const constant = new Float64Array(ncp);
    const numericLoadings: { z: Float64Array; loadings: Float64Array }[] = [];
    const levelLoadings: { rows: Int32Array; loadings: Float64Array }[] = [];
    for (const part of this.parts) {
      if (part.type === "categorical") {
        const M = part.keys.length;
        const loadings = new Float64Array(M * ncp);
        for (let m = 0; m < M; m++)
          for (let k = 0; k < ncp; k++) {
            constant[k] -= Math.sqrt(part.shares[m]) * A[k * p + part.offset + m];
            loadings[m * ncp + k] = A[k * p + part.offset + m] / Math.sqrt(part.shares[m]);
          }
        levelLoadings.push({ rows: modalityIndices(part, X), loadings });
      } else
        numericLoadings.push({
          z: standardized(part, X),
          loadings: Float64Array.from({ length: ncp }, (_, k) => A[k * p + part.offset]),
        });
    }
    for (let i = 0; i < n; i++) {
      const o = i * ncp;
      for (let k = 0; k < ncp; k++) out[o + k] = constant[k];
      for (const { z, loadings } of numericLoadings) {
        const zi = z[i];
        if (zi === 0) continue;
        for (let k = 0; k < ncp; k++) out[o + k] += zi * loadings[k];
      }
      for (const { rows, loadings } of levelLoadings) {
        const m = rows[i];
        if (m < 0) continue;
        const lo = m * ncp;
        for (let k = 0; k < ncp; k++) out[o + k] += loadings[lo + k];
      }
      if (scale !== 1) for (let k = 0; k < ncp; k++) out[o + k] *= scale;
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
    const back = axesInverse(this.axes, ncp, p);
    const z = new Float64Array(n * p);
    const y = new Float64Array(ncp);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < ncp; k++) y[k] = coords[i * ncp + k] / this.coordinateScale;
      back.addScaledRow(y, z, i * p);
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
