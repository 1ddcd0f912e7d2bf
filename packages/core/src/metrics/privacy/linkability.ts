/**
 * `linkability` (privacy-metrics.md §6.3; Anonymeter's LinkabilityEvaluator). The attacker holds two
 * data sets about the same people, on disjoint column sets A and B. For each target row, the
 * nNeighbors nearest synthetic rows on A alone and on B alone (Anonymeter distance, §2.3) are
 * found; the attack succeeds when the two lists share a row. Targets are R rows (main) or H rows
 * (control); the baseline draws two random lists of synthetic rows.
 *
 * The 10-neighbour lists are kept, so the risk at nNeighbors = 1 (decisive) and 10 (supporting)
 * comes from one search each.
 */
import { SosieOptionError } from "../../errors.ts";
import { anonymeterEncode, anonymeterKnn } from "../../neighbors/anonymeter-distance.ts";
import type { Neighbors } from "../../neighbors/search-result.ts";
import type { Rng } from "../../random/rng.ts";
import { isModelled } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import type { MetricInput } from "../types.ts";
import { privacyMetric } from "./definition.ts";
import {
  ANONYMETER_VARIANTS,
  type AnonymeterOptions,
  type AttackCounts,
  type RecordContext,
  type ResolvedAnonymeterOptions,
  anonymeterRecords,
  attackStream,
  checkColumns,
  controlTable,
  resolveAnonymeterOptions,
  undefinedAnonymeterRecords,
} from "./anonymeter.ts";

export interface LinkabilityOptions extends AnonymeterOptions {
  /** The two disjoint column sets (A, B). Default: A = quasiIdentifiers, B = the other columns. */
  readonly auxCols?: readonly [readonly string[], readonly string[]];
  /** Declared quasi-identifiers (metadata role), the default A. */
  readonly quasiIdentifiers?: readonly string[];
}

const ID = "linkability";
/** Neighbour counts reported: 1 decides (§9.4), 10 supports. */
const REPORTED = [1, 10] as const;
const MAX_NEIGHBORS = 10;

/** The (A, B) split, or why the attack cannot run. */
export function auxiliarySplit(real: Table, options: LinkabilityOptions | undefined): [string[], string[]] | string {
  if (options?.auxCols !== undefined) {
    const [a, b] = options.auxCols;
    if (a.length === 0 || b.length === 0) throw new SosieOptionError(`${ID}: auxCols needs two non-empty column sets`);
    const overlap = a.filter((c) => b.includes(c));
    if (overlap.length > 0) throw new SosieOptionError(`${ID}: auxCols sets share column "${overlap[0]}"`);
    return [[...a], [...b]];
  }
  const qi = options?.quasiIdentifiers ?? [];
  if (qi.length === 0)
    return "linkability needs declared quasi-identifiers (or auxCols): the criterion was not evaluated";
  const rest = real.columns.filter((c) => isModelled(c) && !qi.includes(c.name)).map((c) => c.name);
  if (rest.length === 0) return "every column is a quasi-identifier: no second data set to link";
  return [[...qi], rest];
}

/** The MAX_NEIGHBORS nearest synthetic rows of `targets` on `columns`. */
function neighbors(
  targets: Table,
  synthetic: Table,
  columns: readonly string[],
  k: number,
  options: ResolvedAnonymeterOptions,
): Neighbors {
  return anonymeterKnn(anonymeterEncode(targets, synthetic, { columns, missing: options.missingRule }), k);
}

/** Targets whose first n neighbours on A and on B share a row. */
export function linkedCount(a: Neighbors, b: Neighbors, n: number): number {
  let linked = 0;
  for (let q = 0; q < a.nQuery; q++) {
    const first = new Set<number>();
    for (let j = 0; j < n; j++) first.add(a.indices[q * a.k + j]);
    for (let j = 0; j < n; j++)
      if (first.has(b.indices[q * b.k + j])) {
        linked++;
        break;
      }
  }
  return linked;
}

function targetAttack(
  targets: Table,
  synthetic: Table,
  split: [string[], string[]],
  k: number,
  options: ResolvedAnonymeterOptions,
) {
  const a = neighbors(targets, synthetic, split[0], k, options);
  const b = neighbors(targets, synthetic, split[1], k, options);
  return (n: number): AttackCounts => ({ successes: linkedCount(a, b, n), performed: targets.nRows });
}

function sampleTargets(table: Table, nAttacks: number, rng: Rng): Table {
  return table.select(rng.sampleWithoutReplacement(table.nRows, Math.min(nAttacks, table.nRows)));
}

/** Random guessing: two random lists of k synthetic rows per target; prefixes give smaller n. */
function baselineAttack(nTargets: number, nSynthetic: number, k: number, rng: Rng) {
  const lists = Array.from({ length: nTargets }, () => [
    rng.sampleWithoutReplacement(nSynthetic, k),
    rng.sampleWithoutReplacement(nSynthetic, k),
  ]);
  return (n: number): AttackCounts => {
    let successes = 0;
    for (const [a, b] of lists) {
      const first = new Set(a.subarray(0, n));
      if (b.subarray(0, n).some((x) => first.has(x))) successes++;
    }
    return { successes, performed: nTargets };
  };
}

export const linkability = privacyMetric<LinkabilityOptions>({
  id: ID,
  optional: ["holdout"],
  variants: ANONYMETER_VARIANTS,
  description: "Anonymeter linkability risk: nearest synthetic rows on two disjoint column sets point to the same row",
  compute(input: MetricInput, options) {
    const resolved = resolveAnonymeterOptions(ID, options);
    const suffixes = REPORTED.map((n) => (n === 1 ? "" : `-${n}-neighbors`));
    const ctx: RecordContext = { id: ID, input, options: resolved, notes: [] };
    const split = auxiliarySplit(input.real, options);
    if (typeof split === "string") return undefinedAnonymeterRecords(ctx, split, suffixes);
    const control = controlTable(input, options?.minHoldoutRows);
    if (typeof control === "string") return undefinedAnonymeterRecords(ctx, control, suffixes);
    checkColumns([...split[0], ...split[1]], [input.real, input.synthetic, control], ID);
    const k = Math.min(MAX_NEIGHBORS, input.synthetic.nRows);
    const main = targetAttack(
      sampleTargets(input.real, resolved.nAttacks, attackStream(resolved, ID, "targets")),
      input.synthetic,
      split,
      k,
      resolved,
    );
    const controlAttack =
      control === undefined
        ? null
        : targetAttack(
            sampleTargets(control, resolved.nAttacks, attackStream(resolved, ID, "control-targets")),
            input.synthetic,
            split,
            k,
            resolved,
          );
    const nTargets = Math.min(resolved.nAttacks, input.real.nRows);
    const baseline = baselineAttack(nTargets, input.synthetic.nRows, k, attackStream(resolved, ID, "baseline"));
    const notes = [`auxiliary columns: A = ${split[0].length} columns, B = ${split[1].length} columns`];
    return REPORTED.flatMap((n, r) =>
      n > k
        ? undefinedAnonymeterRecords(ctx, `${n} neighbours need as many synthetic rows`, [suffixes[r]])
        : anonymeterRecords(
            { ...ctx, notes: [...notes, `nNeighbors = ${n}`] },
            { main: main(n), control: controlAttack?.(n) ?? null, baseline: baseline(n) },
            suffixes[r],
          ),
    );
  },
});
