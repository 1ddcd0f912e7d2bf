/**
 * Greedy structure learning (generators.md §5.3): the first column uniformly at random, then at
 * each step the (column, parent set) pair with the most mutual information — exactly (non-DP,
 * ties to the lower column index, then the lexicographically first parent set) or through the
 * exponential mechanism with ε1/(d − 1) per step (DP). Candidates whose joint table exceeds
 * maxCells are never considered, a data-independent filter; when no candidate of the full
 * parent-set size fits, smaller sets are tried.
 */
import type { Rng } from "../../random/rng.ts";
import { CountScratch, mutualInformation, parentCodes, stateCounts } from "./mutual-information.ts";
import { mutualInformationSensitivity } from "./sensitivity.ts";

export interface StructureInput {
  /** Coded columns (states 0..size−1). */
  readonly columns: readonly Int32Array[];
  readonly sizes: readonly number[];
  readonly k: number;
  readonly maxCells: number;
  /** ε1, or null for the exact argmax. */
  readonly epsilon1: number | null;
}

export interface Structure {
  /** Column indices in the order they entered the network. */
  readonly order: readonly number[];
  /** Parent column indices (ascending) of each column, indexed by column. */
  readonly parents: readonly (readonly number[])[];
}

/** All size-r subsets of `items` (kept ascending) in lexicographic order. */
export function combinations(items: readonly number[], r: number): number[][] {
  const sorted = [...items].sort((a, b) => a - b);
  const out: number[][] = [];
  const pick: number[] = [];
  const walk = (start: number): void => {
    if (pick.length === r) {
      out.push([...pick]);
      return;
    }
    for (let i = start; i <= sorted.length - (r - pick.length); i++) {
      pick.push(sorted[i]);
      walk(i + 1);
      pick.pop();
    }
  };
  walk(0);
  return out;
}

/** Relative slack under which two mutual informations count as tied (summation-order noise). */
const TIE = 1e-12;

export function learnStructure(input: StructureInput, rng: Rng): Structure {
  const { columns, sizes, maxCells, epsilon1 } = input;
  const d = columns.length;
  const n = d > 0 ? columns[0].length : 0;
  const parents: number[][] = Array.from({ length: d }, () => []);
  if (d === 0) return { order: [], parents };
  const first = rng.derive("first-column").int(d);
  const order = [first];
  const inNetwork = new Uint8Array(d);
  inNetwork[first] = 1;
  const childCounts = columns.map((c, j) => stateCounts(c, sizes[j]));
  const scratch = new CountScratch(1024, n);
  const cache = new Map<string, number>();
  const informationOf = (
    x: number,
    set: readonly number[],
    parentCache: { codes: Int32Array; counts: Float64Array } | null,
  ): number => {
    const key = `${x}|${set.join(",")}`;
    let value = cache.get(key);
    if (value === undefined) {
      value =
        set.length === 0 || parentCache === null
          ? 0
          : mutualInformation(columns[x], sizes[x], childCounts[x], parentCache.codes, parentCache.counts, scratch);
      cache.set(key, value);
    }
    return value;
  };
  const sensitivityGeneral = mutualInformationSensitivity(n, false);
  const sensitivityBinary = mutualInformationSensitivity(n, true);

  for (let step = 1; step < d; step++) {
    const outside: number[] = [];
    for (let j = 0; j < d; j++) if (!inNetwork[j]) outside.push(j);
    const candidates: { x: number; set: number[]; score: number }[] = [];
    for (let size = Math.min(input.k, order.length); size >= 0 && candidates.length === 0; size--) {
      // Parent sets outer, children inner, so each set's joint codes are built once; the
      // candidate list is then ordered by (child, set) for the tie rule.
      for (const set of combinations(order, size)) {
        let setCells = 1;
        for (const p of set) setCells *= sizes[p];
        const fitting = outside.filter((x) => sizes[x] * setCells <= maxCells);
        if (fitting.length === 0) continue;
        const needsCounts = set.length > 0 && fitting.some((x) => !cache.has(`${x}|${set.join(",")}`));
        let parentCache: { codes: Int32Array; counts: Float64Array } | null = null;
        if (needsCounts) {
          const joint = parentCodes(
            set.map((p) => columns[p]),
            set.map((p) => sizes[p]),
            n,
          );
          parentCache = { codes: joint.codes, counts: stateCounts(joint.codes, joint.configurations) };
        }
        for (const x of fitting) candidates.push({ x, set, score: informationOf(x, set, parentCache) });
      }
    }
    if (candidates.length === 0) throw new RangeError(`bayesnet: a column's own domain exceeds maxCells (${maxCells})`);
    candidates.sort((a, b) => a.x - b.x || compareSets(a.set, b.set));
    const chosen =
      epsilon1 === null
        ? argmax(candidates)
        : exponentialMechanism(
            candidates,
            epsilon1,
            d,
            sizes,
            sensitivityGeneral,
            sensitivityBinary,
            rng.derive("step", step),
          );
    order.push(chosen.x);
    inNetwork[chosen.x] = 1;
    parents[chosen.x] = chosen.set;
  }
  return { order, parents };
}

function compareSets(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function argmax<C extends { score: number }>(candidates: readonly C[]): C {
  let best = candidates[0];
  for (const c of candidates) if (c.score > best.score + TIE * Math.max(1, best.score)) best = c;
  return best;
}

/**
 * Draw with probability ∝ exp(ε1·I / (2·(d − 1)·Δ_I)), in log space. Δ_I is the binary-case
 * sensitivity when the child is binary or the parents are a single binary column.
 */
function exponentialMechanism<C extends { x: number; set: readonly number[]; score: number }>(
  candidates: readonly C[],
  epsilon1: number,
  d: number,
  sizes: readonly number[],
  sensitivityGeneral: number,
  sensitivityBinary: number,
  rng: Rng,
): C {
  const logits = candidates.map((c) => {
    const binary = sizes[c.x] === 2 || (c.set.length === 1 && sizes[c.set[0]] === 2);
    const delta = binary ? sensitivityBinary : sensitivityGeneral;
    return (epsilon1 * c.score) / (2 * (d - 1) * delta);
  });
  let top = -Infinity;
  for (const l of logits) top = Math.max(top, l);
  const cumulative = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    total += Math.exp(logits[i] - top);
    cumulative[i] = total;
  }
  return candidates[rng.fromCumulative(cumulative)];
}
