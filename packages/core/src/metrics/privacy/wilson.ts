/**
 * Success rates with Wilson score intervals and the Anonymeter risk (privacy-metrics.md §6.1),
 * shared by the Anonymeter attacks and the verdict (§9).
 */
import { normalQuantile } from "../../random/normal.ts";

/** A success rate: the Wilson centre `rate` and half-width `error` (the interval is rate ± error). */
export interface SuccessRate {
  readonly successes: number;
  /** The n the interval uses (attacks performed, or nAttacks in the anonymeter variant). */
  readonly attacks: number;
  readonly rate: number;
  readonly error: number;
  readonly ci: readonly [number, number];
}

/** z = Φ⁻¹((1 + level)/2): 1.959964 at 95 %. */
export function confidenceZ(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return normalQuantile((1 + level) / 2);
}

/**
 * Wilson score rate and error of s successes in n attacks:
 * rate = (s + z²/2)/(n + z²), error = z/(n + z²)·√(s(n − s)/n + z²/4).
 */
export function wilsonRate(successes: number, attacks: number, level = 0.95): SuccessRate {
  if (!(Number.isFinite(successes) && successes >= 0 && attacks >= successes && attacks > 0))
    throw new RangeError(`need 0 ≤ successes ≤ attacks and attacks > 0, got ${successes} of ${attacks}`);
  const z = confidenceZ(level);
  const z2 = z * z;
  const rate = (successes + z2 / 2) / (attacks + z2);
  const error = (z / (attacks + z2)) * Math.sqrt((successes * (attacks - successes)) / attacks + z2 / 4);
  return { successes, attacks, rate, error, ci: [Math.max(0, rate - error), Math.min(1, rate + error)] };
}

export interface Risk {
  /** Clamped to [0, 1]; null when undefined (control rate 1). */
  readonly value: number | null;
  /** Before clamping: the interval is built from it. */
  readonly unclamped: number | null;
  readonly error: number | null;
  /** [clamp(v − e), clamp(v + e)] from the unclamped v. */
  readonly ci: readonly [number, number] | null;
  readonly reason: string | null;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * risk = (r_main − r_control)/(1 − r_control) with the propagated error; without a control set,
 * risk = r_main with its own error.
 */
export function anonymeterRisk(
  main: Pick<SuccessRate, "rate" | "error">,
  control?: Pick<SuccessRate, "rate" | "error">,
): Risk {
  let value: number;
  let error: number;
  if (control === undefined) {
    value = main.rate;
    error = main.error;
  } else {
    const rest = 1 - control.rate;
    if (!(rest > 0))
      return {
        value: null,
        unclamped: null,
        error: null,
        ci: null,
        reason: "the control attack succeeds every time (rate 1): risk undefined",
      };
    value = (main.rate - control.rate) / rest;
    error = Math.sqrt((main.error / rest) ** 2 + ((control.error * (main.rate - 1)) / rest ** 2) ** 2);
  }
  return {
    value: clamp01(value),
    unclamped: value,
    error,
    ci: [clamp01(value - error), clamp01(value + error)],
    reason: null,
  };
}

/**
 * Detail of a risk record: the upper bound its interval would have at zero risk, at the same
 * counts (the main attack succeeding exactly as often as the control; with no control set, never).
 * Above τ, the attack is too small to ever pass, even on data that gives the attacker nothing: its
 * point estimate is not evidence either way, and the verdict (§9.1, "a sample is too small") fails
 * it only when its lower bound exceeds τ. Univariate singling-out on a 2,500-row extract forms 8
 * queries, where one lucky success put the independent baseline's risk at 0.101 [0, 0.420]; an
 * inference attack on heart-failure's 90 holdout rows divides its error by 1 − the control's
 * rate (about 0.3), so an attack exactly at the control's rate (60 of 90) still reaches 0.398, and
 * the copula's 0.093 [0, 0.374] was a FAIL on the point estimate alone.
 */
export const NULL_RISK_UPPER = "null-risk-upper-bound";
