/**
 * ZᵀZ of the scaled matrix (privacy-metrics.md §2.1) without forming Z: the dummies are 0/1, so
 * every block follows from sums and counts over R.
 *
 * With n rows, p_m = n_m/n and z_a the standardised numeric a:
 * - numeric × numeric: Σ z_a z_b;
 * - numeric a × modality m: (S_am − p_m Σ z_a)/√p_m, S_am = Σ over rows with m of z_a;
 * - modality m × modality l of another column: (n·N_ml − n_m n_l)/√(n_m n_l), N_ml the
 *   co-occurrence count (integer arithmetic, exact below 2^53);
 * - within one column: n − n_m on the diagonal, −√(n_m n_l) off it.
 * Cost O(n·(#numeric + Q)²) instead of O(n·p′²).
 */
import type { CategoricalPart, NumericPart } from "./famd-parts.ts";

export interface CrossProductInput {
  readonly n: number;
  readonly p: number;
  readonly numerics: readonly { readonly part: NumericPart; readonly z: Float64Array }[];
  readonly categoricals: readonly { readonly part: CategoricalPart; readonly rows: Int32Array }[];
}

/** ZᵀZ (p x p, row-major, both triangles filled). */
export function crossProduct({ n, p, numerics, categoricals }: CrossProductInput): Float64Array {
  const G = new Float64Array(p * p);
  const set = (i: number, j: number, v: number): void => {
    G[i * p + j] = v;
    G[j * p + i] = v;
  };
  for (const [a, { part: pa, z: za }] of numerics.entries())
    for (let b = a; b < numerics.length; b++) {
      const zb = numerics[b].z;
      let s = 0;
      for (let i = 0; i < n; i++) s += za[i] * zb[i];
      set(pa.offset, numerics[b].part.offset, s);
    }
  for (const { part: pa, z } of numerics) {
    let total = 0;
    for (let i = 0; i < n; i++) total += z[i];
    for (const { part: pc, rows } of categoricals) {
      const sums = new Float64Array(pc.keys.length);
      for (let i = 0; i < n; i++) sums[rows[i]] += z[i];
      for (let m = 0; m < sums.length; m++)
        set(pa.offset, pc.offset + m, (sums[m] - pc.shares[m] * total) / Math.sqrt(pc.shares[m]));
    }
  }
  for (const [c, { part: pc, rows: rc }] of categoricals.entries()) {
    const Mc = pc.keys.length;
    const counts = pc.counts;
    for (let m = 0; m < Mc; m++) {
      set(pc.offset + m, pc.offset + m, n - counts[m]);
      for (let l = m + 1; l < Mc; l++) set(pc.offset + m, pc.offset + l, -Math.sqrt(counts[m] * counts[l]));
    }
    for (let d = c + 1; d < categoricals.length; d++) {
      const { part: pd, rows: rd } = categoricals[d];
      const Md = pd.keys.length;
      const table = new Float64Array(Mc * Md);
      for (let i = 0; i < n; i++) table[rc[i] * Md + rd[i]]++;
      for (let m = 0; m < Mc; m++)
        for (let l = 0; l < Md; l++) {
          const nm = counts[m] * pd.counts[l];
          set(pc.offset + m, pd.offset + l, (n * table[m * Md + l] - nm) / Math.sqrt(nm));
        }
    }
  }
  return G;
}
