/**
 * The registry entry of a privacy metric that attacks or measures S against R. What differs from
 * one metric to the next is the optional inputs (a holdout for the reference or the control
 * attack, the link for the avatar metrics) and the variants; the rest is the same for all.
 * (The membership attacks need a holdout and are declared in full in their own files.)
 */
import type { Metric, MetricInput, MetricOptions, MetricResult, MetricRole } from "../types.ts";

export interface PrivacyMetricFields<O extends MetricOptions> {
  readonly id: string;
  /** Inputs used when given (default none). */
  readonly optional?: readonly MetricRole[];
  /** Accepted variants, the default first (default: "sosie" only). */
  readonly variants?: readonly string[];
  readonly description: string;
  compute(input: MetricInput, options?: O): MetricResult[];
}

export function privacyMetric<O extends MetricOptions>(fields: PrivacyMetricFields<O>): Metric<O> {
  return {
    id: fields.id,
    kind: "privacy",
    needs: ["real", "synthetic"],
    optional: fields.optional ?? [],
    variants: fields.variants ?? ["sosie"],
    description: fields.description,
    compute: fields.compute,
  };
}
