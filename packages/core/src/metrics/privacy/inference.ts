/**
 * `inference` (privacy-metrics.md §6.4; Anonymeter's InferenceEvaluator), one result per declared
 * sensitive column. The attacker knows a target's auxiliary columns (default: the declared
 * quasi-identifiers) and guesses its secret as the secret of the nearest synthetic row on those
 * columns (Anonymeter distance, §2.3). Main targets are R rows, control targets H rows; the
 * baseline guesses the secrets of random synthetic rows.
 *
 * Correct guess: equal category (∅ = ∅); for a numeric secret, sosie: |guess − truth| ≤ 0.05·|truth|
 * (truth 0 needs guess 0; ∅ = ∅), anonymeter: |guess − truth|/(guess + 10⁻¹²) ≤ 0.05 as the
 * reference code divides by the signed guess (any negative guess then counts as correct).
 */
import { SosieOptionError } from "../../errors.ts";
import { anonymeterEncode, anonymeterKnn } from "../../neighbors/anonymeter-distance.ts";
import type { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { MetricInput, MetricResult } from "../types.ts";
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
  sharedColumns,
  undefinedAnonymeterRecords,
} from "./anonymeter.ts";

export interface InferenceOptions extends AnonymeterOptions {
  /** Declared sensitive columns: one attack each. */
  readonly sensitive?: readonly string[];
  /** Declared quasi-identifiers: the default auxiliary columns. */
  readonly quasiIdentifiers?: readonly string[];
  /** The columns the attacker knows (overrides quasiIdentifiers). */
  readonly auxCols?: readonly string[];
  /** Relative tolerance of a numeric guess (default 0.05). */
  readonly tolerance?: number;
}

const ID = "inference";

/** Whether a guess of a secret is correct (`numeric` secrets with tolerance; NaN is ∅). */
export function guessIsCorrect(
  guess: number,
  truth: number,
  numeric: boolean,
  variant: "sosie" | "anonymeter",
  tolerance = 0.05,
): boolean {
  const gm = guess !== guess;
  const tm = truth !== truth;
  if (!numeric) return gm && tm ? true : guess === truth;
  if (variant === "anonymeter") return Math.abs(guess - truth) / (guess + 1e-12) <= tolerance;
  if (gm || tm) return gm && tm;
  if (truth === 0) return guess === 0;
  return Math.abs(guess - truth) <= tolerance * Math.abs(truth);
}

interface Guesses {
  /** Row of S guessed from, per target. */
  readonly synthetic: Int32Array;
  readonly targets: Table;
}

function nearestSynthetic(
  targets: Table,
  synthetic: Table,
  aux: readonly string[],
  options: ResolvedAnonymeterOptions,
): Guesses {
  const nb = anonymeterKnn(anonymeterEncode(targets, synthetic, { columns: aux, missing: options.missingRule }), 1);
  return { synthetic: nb.indices, targets };
}

function sampleRows(n: number, k: number, rng: Rng): Int32Array {
  return rng.sampleWithoutReplacement(n, Math.min(n, k));
}

function score(
  guesses: Guesses,
  synthetic: Table,
  secret: string,
  options: ResolvedAnonymeterOptions,
  tolerance: number,
): AttackCounts {
  const shared = sharedColumns([guesses.targets, synthetic], [secret]);
  const [truth] = shared.values[0];
  const [guessed] = shared.values[1];
  let successes = 0;
  for (let i = 0; i < guesses.targets.nRows; i++)
    if (guessIsCorrect(guessed[guesses.synthetic[i]], truth[i], shared.numeric[0], options.variant, tolerance))
      successes++;
  return { successes, performed: guesses.targets.nRows };
}

export const inference = privacyMetric<InferenceOptions>({
  id: ID,
  optional: ["holdout"],
  variants: ANONYMETER_VARIANTS,
  description:
    "Anonymeter inference risk per sensitive column: the secret of the nearest synthetic row on the known columns",
  compute(input: MetricInput, options) {
    const resolved = resolveAnonymeterOptions(ID, options);
    const tolerance = options?.tolerance ?? 0.05;
    if (!(tolerance >= 0)) throw new SosieOptionError(`${ID}: tolerance must be ≥ 0, got ${tolerance}`);
    const ctx: RecordContext = { id: ID, input, options: resolved, notes: [] };
    const secrets = options?.sensitive ?? [];
    const known = options?.auxCols ?? options?.quasiIdentifiers ?? [];
    if (secrets.length === 0)
      return undefinedAnonymeterRecords(
        ctx,
        "inference needs declared sensitive columns: the criterion was not evaluated",
      );
    if (known.length === 0)
      return undefinedAnonymeterRecords(
        ctx,
        "inference needs declared quasi-identifiers (or auxCols): the criterion was not evaluated",
      );
    const control = controlTable(input, options?.minHoldoutRows);
    if (typeof control === "string") return undefinedAnonymeterRecords(ctx, control);
    checkColumns([...secrets, ...known], [input.real, input.synthetic, control], ID);
    const targets = input.real.select(
      sampleRows(input.real.nRows, resolved.nAttacks, attackStream(resolved, ID, "targets")),
    );
    const controlTargets =
      control === undefined
        ? undefined
        : control.select(sampleRows(control.nRows, resolved.nAttacks, attackStream(resolved, ID, "control-targets")));
    // Random synthetic rows, one per target (with replacement only when S is smaller).
    const baselineStream = attackStream(resolved, ID, "baseline");
    const baselineRows =
      input.synthetic.nRows >= targets.nRows
        ? sampleRows(input.synthetic.nRows, targets.nRows, baselineStream)
        : Int32Array.from({ length: targets.nRows }, () => baselineStream.int(input.synthetic.nRows));
    // The nearest rows depend on the known columns only, shared by the secrets outside them.
    const searches = new Map<string, { main: Guesses; control: Guesses | null }>();
    const perSecret: MetricResult[][] = secrets.map((secret) => {
      const aux = known.filter((c) => c !== secret);
      if (aux.length === 0)
        return undefinedAnonymeterRecords(ctx, `no known column besides the secret "${secret}"`, [`:${secret}`]);
      const key = aux.join("\u0000");
      let found = searches.get(key);
      if (found === undefined) {
        found = {
          main: nearestSynthetic(targets, input.synthetic, aux, resolved),
          control:
            controlTargets === undefined ? null : nearestSynthetic(controlTargets, input.synthetic, aux, resolved),
        };
        searches.set(key, found);
      }
      const baseline: Guesses = { synthetic: baselineRows, targets };
      return anonymeterRecords(
        { ...ctx, notes: [`secret column: ${secret}; known columns: ${aux.length}`] },
        {
          main: score(found.main, input.synthetic, secret, resolved, tolerance),
          control: found.control === null ? null : score(found.control, input.synthetic, secret, resolved, tolerance),
          baseline: score(baseline, input.synthetic, secret, resolved, tolerance),
        },
        `:${secret}`,
        [secret],
      );
    });
    // The decisive number: the worst column's risk, with its interval.
    const risks = perSecret.map((records) => records[0]);
    const worst = risks.reduce<MetricResult | null>(
      (w, r) => (r.value !== null && (w === null || r.value > w.value!) ? r : w),
      null,
    );
    const overall: MetricResult =
      worst === null
        ? { ...risks[0], submetric: "risk", reason: "no sensitive column could be attacked" }
        : {
            ...worst,
            submetric: "risk",
            notes: [...worst.notes, `the maximum over ${secrets.length} sensitive columns`],
          };
    return [overall, ...perSecret.flat()];
  },
});
