/**
 * The `privacy` option shared by every generator (strict | balanced | off, default balanced) and
 * the concrete settings each preset resolves to. PRIVACY.md documents the table; this file is it.
 */
import { SosieOptionError } from "../../errors.ts";

export type PrivacyPreset = "strict" | "balanced" | "off";

export const PRIVACY_PRESETS: readonly PrivacyPreset[] = ["strict", "balanced", "off"];
export const DEFAULT_PRIVACY: PrivacyPreset = "balanced";

/** How sequential CART smooths numeric donor values. */
export type CartSmoothingRule = "none" | "rare" | "all";

export interface PrivacySettings {
  readonly preset: PrivacyPreset;
  /** A categorical level (or a numeric value, for CART smoothing) held by fewer subjects is rare; 0: off. */
  readonly rareK: number;
  /** Numerics are bottom/top-coded to the k-th smallest/largest real value; 0: off. */
  readonly extremeK: number;
  /** How values beyond the k-th are coded (extremes.ts). */
  readonly extremeCoding: "clip" | "spread";
  /** Post-generation guard: no synthetic row equal to a train-unique row. */
  readonly guard: boolean;
  /** CART: which donor values get kernel-density noise (synthpop smoothing = "density"). */
  readonly cartSmoothing: CartSmoothingRule;
  /** CART: minimum distinct subjects per leaf (raises minbucket; 0: off). */
  readonly cartMinLeafSubjects: number;
  /**
   * CART: the minimum leaf also grows with the table, to this share of R's distinct subjects, at
   * most √(subjects) (0: off); cartMinLeaf() resolves both for a table.
   */
  readonly cartMinLeafShare: number;
  /**
   * CART: where the table is large enough for the leaf to grow, a categorical column with at most
   * this many levels keeps the base leaf (cartMinLeafSubjects); 0: off. Every value such a column
   * can take is held by many subjects (rare levels are handled apart), so small leaves re-emit
   * nothing rare: they let the tree keep a small subgroup's share, such as an outcome's. The cp
   * floor still applies (without it adult's rows came too close to train). PRIVACY.md has the figures.
   */
  readonly cartFewLevels: number;
  /**
   * CART: smallest complexity parameter (a split must lower the impurity by cp × the root's);
   * raises `cp`, so splits that only fit noise (a near-unique column such as adult's fnlwgt) are
   * not grown. 0: off.
   */
  readonly cartCp: number;
  /**
   * CART: the cp floor of the declared target's tree (`--target`), where it is below cartCp. An
   * outcome often depends on its predictors only weakly and in small subgroups (diabetes'
   * readmission); the general floor prunes those splits, and models trained on the output lose
   * them. The target's values are held by many subjects (rare levels have their own rule), so
   * finer leaves re-emit nothing rare. PRIVACY.md has the figures.
   */
  readonly cartTargetCp: number;
  /**
   * Rare numeric values (held by fewer than rareK subjects) are moved off in each tail holding
   * this share of R's subjects (at least rareK of them; rare-values.ts). 0: only beyond the k-th.
   */
  readonly rareValueTailShare: number;
}

const SETTINGS: Readonly<Record<PrivacyPreset, PrivacySettings>> = {
  strict: {
    preset: "strict",
    rareK: 10,
    extremeK: 10,
    extremeCoding: "clip",
    guard: true,
    cartSmoothing: "all",
    cartMinLeafSubjects: 10,
    cartMinLeafShare: 0.01,
    cartFewLevels: 0,
    cartCp: 0.001,
    cartTargetCp: 0.001,
    rareValueTailShare: 0.05,
  },
  balanced: {
    preset: "balanced",
    rareK: 5,
    extremeK: 5,
    extremeCoding: "spread",
    guard: true,
    cartSmoothing: "rare",
    cartMinLeafSubjects: 5,
    cartMinLeafShare: 0.01,
    cartFewLevels: 3,
    cartCp: 0.001,
    cartTargetCp: 0.0003,
    rareValueTailShare: 0.01,
  },
  off: {
    preset: "off",
    rareK: 0,
    extremeK: 0,
    extremeCoding: "clip",
    guard: false,
    cartSmoothing: "none",
    cartMinLeafSubjects: 0,
    cartMinLeafShare: 0,
    cartFewLevels: 0,
    cartCp: 0,
    cartTargetCp: 0,
    rareValueTailShare: 0,
  },
};

/** The settings of a preset; undefined means the default, anything else unknown is an option error. */
export function privacySettings(preset: unknown = DEFAULT_PRIVACY): PrivacySettings {
  if (typeof preset !== "string" || !(PRIVACY_PRESETS as readonly string[]).includes(preset))
    throw new SosieOptionError(`privacy must be one of ${PRIVACY_PRESETS.join(", ")}, got ${JSON.stringify(preset)}`);
  return SETTINGS[preset as PrivacyPreset];
}

/**
 * CART's minimum leaf size in distinct subjects for a table of `subjects` distinct subjects:
 * max(cartMinLeafSubjects, round(min(cartMinLeafShare × subjects, √subjects))); 0 when off. At the
 * balanced preset: 5 up to 549 subjects, 1 % of them up to 10,000 (100), then √subjects (316 at
 * 100,000). PRIVACY.md gives the measured effect.
 */
export function cartMinLeaf(settings: PrivacySettings, subjects: number): number {
  const scaled =
    settings.cartMinLeafShare > 0 ? Math.min(settings.cartMinLeafShare * subjects, Math.sqrt(subjects)) : 0;
  return Math.max(settings.cartMinLeafSubjects, Math.round(scaled));
}
