/**
 * What every fitted model carries for the shared protections, learned once from R at fit and
 * applied to every finished sample by makeFitted: rare-level replacement, bottom/top coding,
 * rare numeric values moved off, value-dependent missingness rules, and the guard's hashes. The manifest gets a `privacy`
 * record (preset, resolved settings, what the guard stores); the state itself is saved beside the
 * model's, since it holds real values (frequent levels, the k-th extreme values) and hashes.
 *
 * Differentially private models get none of it: each rule reads R outside the DP ledger.
 */
import type { Table } from "../../table/table.ts";
import type { Rng } from "../../random/rng.ts";
import { type ColumnSchema, modelledColumnNames } from "../output-schema.ts";
import type { PrivacyPreset, PrivacySettings } from "./preset.ts";
import { type LevelRule, learnLevelRules, replaceRareLevels } from "./rare-levels.ts";
import { type ExtremeCoding, type ExtremeRule, codeExtremes, learnExtremeRules } from "./extremes.ts";
import { type RareValueRule, learnRareValueRules, moveRareValues } from "./rare-values.ts";
import { type MissingnessRule, enforceMissingnessRules, learnMissingnessRules } from "./missingness-rules.ts";
import { type GuardState, buildGuard } from "./guard.ts";
import type { Subjects } from "../../table/subjects.ts";
import { SosieInputError } from "../../errors.ts";

export interface ProtectionState {
  readonly extremeCoding?: ExtremeCoding;
  readonly levels: readonly LevelRule[];
  readonly extremes: readonly ExtremeRule[];
  /** Absent in models saved before the rule existed, and in saved models that hold no other real value. */
  readonly rareValues?: readonly RareValueRule[];
  readonly missingness: readonly MissingnessRule[];
  readonly guard: GuardState | null;
  /**
   * Categorical columns whose every level is held by fewer than k subjects (diagnosis codes of two
   * patients each, a near-identifier): no frequent level can stand in for a rare one, so the
   * column is emitted as ∅. Absent in models saved before.
   */
  readonly suppressed?: readonly string[];
}

/** The manifest's account of the protections (no real value in it). */
export interface PrivacyRecord {
  readonly preset: PrivacyPreset;
  readonly settings: PrivacySettings;
  /** Why the shared protections were not applied, if they were not (e.g. a DP model). */
  readonly disabledBecause?: string;
  readonly rareLevelColumns: number;
  /** Columns emitted as ∅ because no level is held by k subjects (absent in models saved before). */
  readonly suppressedColumns?: readonly string[];
  readonly codedColumns: number;
  /** Numeric columns with rare values moved off (absent in models saved before). */
  readonly rareValueColumns?: number;
  readonly missingnessRules: number;
  /** What counted as a subject: the key column (null: each row) and how many train holds. */
  readonly subjects?: { readonly column: string | null; readonly count: number };
  /** What the guard keeps: hashes only, and how many. */
  readonly guard: {
    readonly stores: "64-bit FNV-1a hashes of the training rows unique in train (no row values)";
    readonly hashes: number;
    /**
     * Whether the hashes are written with the saved model. Not for a model that otherwise holds
     * no real values: a hash of each train-unique row would let its holder test whether a
     * candidate record was in R. Such a model, loaded from file, samples without the guard.
     * Absent: saved (models fitted before this field existed).
     */
    readonly savedWithModel?: boolean;
  } | null;
  readonly warnings: readonly string[];
  /**
   * CART: the minimum leaf size in distinct subjects the preset resolved to for this table, and
   * the smaller leaf of categorical columns with at most `fewLevels.maxLevels` levels (when the
   * table has grown the leaf), and the lower cp floor of the declared target's tree.
   */
  readonly cart?: {
    readonly minLeafSubjects: number;
    readonly fewLevels?: { readonly maxLevels: number; readonly minLeafSubjects: number };
    readonly target?: { readonly column: string; readonly cp: number };
  };
}

export interface ProtectionScope {
  /** A differentially private fit: no shared protection (it would read R outside the ledger). */
  readonly dp?: boolean;
  /** Learn value-dependent missingness rules (false for the independent baseline, whose point is independence). */
  readonly dependencies?: boolean;
}

export interface Protection {
  readonly record: PrivacyRecord;
  readonly state: ProtectionState;
}

const NONE: ProtectionState = { levels: [], extremes: [], missingness: [], guard: null };

export function learnProtection(
  train: Table,
  schema: readonly ColumnSchema[],
  settings: PrivacySettings,
  subjects: Subjects,
  scope: ProtectionScope = {},
): Protection {
  if (scope.dp === true)
    return {
      record: {
        preset: settings.preset,
        settings,
        disabledBecause: "differentially private model: the shared protections would read R outside the DP ledger",
        rareLevelColumns: 0,
        codedColumns: 0,
        rareValueColumns: 0,
        missingnessRules: 0,
        guard: null,
        warnings: [],
      },
      state: NONE,
    };
  if (subjects.count < settings.rareK) {
    // Every value would be held by fewer than k subjects: nothing could be emitted but copies.
    const counted = subjects.column ? `distinct values of "${subjects.column}"` : "rows";
    throw new SosieInputError(
      "too-few-subjects",
      `the table has ${subjects.count} subjects (${counted}); the ${settings.preset} privacy preset needs at least ${settings.rareK}: add rows, or choose privacy "off" knowingly`,
    );
  }
  const names = modelledColumnNames(schema);
  const levels = learnLevelRules(train, names, settings.rareK, subjects);
  const decimals = new Map(schema.map((s) => [s.name, s.roundDecimals ?? 12]));
  const decimalsOf = (name: string) => decimals.get(name) ?? 12;
  const extremes = learnExtremeRules(train, names, settings.extremeK, decimalsOf, subjects);
  const rareValues = learnRareValueRules(
    train,
    names,
    settings.rareK,
    decimalsOf,
    subjects,
    extremes,
    settings.extremeCoding,
    settings.rareValueTailShare,
  );
  const missingness = scope.dependencies === false ? [] : learnMissingnessRules(train, names);
  const guard = settings.guard ? buildGuard(train, schema) : null;
  const warnings = levels.unprotected.map(
    (c) =>
      `column "${c}": no level is held by ${settings.rareK} subjects, so every value would be a rare one: it is left out (∅) at the ${settings.preset} preset (declare it an identifier for fresh codes, or choose privacy "off" knowingly)`,
  );
  return {
    record: {
      preset: settings.preset,
      settings,
      rareLevelColumns: levels.rules.length,
      suppressedColumns: levels.unprotected,
      codedColumns: extremes.length,
      rareValueColumns: rareValues.length,
      missingnessRules: missingness.length,
      subjects: { column: subjects.column ?? null, count: subjects.count },
      guard: guard
        ? {
            stores: "64-bit FNV-1a hashes of the training rows unique in train (no row values)",
            hashes: guard.hashes.length,
          }
        : null,
      warnings,
    },
    state: {
      extremeCoding: settings.extremeCoding,
      levels: levels.rules,
      extremes,
      rareValues,
      missingness,
      guard,
      suppressed: levels.unprotected,
    },
  };
}

/** Warning of a saved model whose guard hashes were left out (see PrivacyRecord.guard). */
export const GUARD_NOT_SAVED_WARNING =
  "the guard's hashes of the training rows unique in train are not saved with this model (they would let its holder test whether a record was in the training data): sampled from this file, it has no guard against copies of train-unique rows";

/** Warning of a saved model whose real extremes were left out (see protectionToSave). */
export const EXTREMES_NOT_SAVED_WARNING =
  "the real extremes behind the bottom/top coding (each numeric column's min and max, values of single patients) are not saved with this model: sampled from this file, it clips each tail to its k-th value instead of spreading it";

/** Warning of a saved model whose rare numeric values were left out (see protectionToSave). */
export const RARE_VALUES_NOT_SAVED_WARNING =
  "the rare numeric values (each held by fewer than k patients) are not saved with this model: sampled from this file, it may emit them";

/**
 * The record and state of a model as fitted in memory and as saved. A model that holds no real
 * value otherwise keeps three things in memory only:
 * - its guard hashes (the saved state has no guard, the saved record says so, and the saved
 *   manifest carries GUARD_NOT_SAVED_WARNING);
 * - its real extremes: the saved extreme rules keep the k-th smallest and largest values (order
 *   statistics that k subjects or more reach) and code by clipping to them, with
 *   EXTREMES_NOT_SAVED_WARNING in the saved manifest;
 * - its rare numeric values (RARE_VALUES_NOT_SAVED_WARNING in the saved manifest).
 */
export function protectionToSave(
  record: PrivacyRecord | undefined,
  state: ProtectionState | null,
  containsRealValues: boolean,
): {
  record: PrivacyRecord | undefined;
  saved: ProtectionState | null;
  guardOmitted: boolean;
  extremesClipped: boolean;
  rareValuesOmitted: boolean;
} {
  const omit = !containsRealValues && state?.guard != null;
  // Every extreme rule carries single patients' values (min, max, the reach of a second one),
  // whatever the coding; only a spread coding changes what the loaded model samples.
  const reduce = !containsRealValues && state !== null && state.extremes.length > 0;
  const clip = reduce && state.extremeCoding === "spread";
  const dropRare = !containsRealValues && (state?.rareValues?.length ?? 0) > 0;
  // A model loaded from such a file has no hashes left: it stays "not saved" when saved again.
  const guard = record?.guard
    ? { ...record.guard, savedWithModel: !omit && record.guard.savedWithModel !== false }
    : null;
  let saved = state;
  if (saved !== null && omit) saved = { ...saved, guard: null };
  if (saved !== null && dropRare) saved = { ...saved, rareValues: [] };
  if (saved !== null && reduce)
    saved = {
      ...saved,
      extremeCoding: "clip",
      extremes: saved.extremes.map(({ column, low, high, decimals }) => ({
        column,
        low,
        high,
        min: low,
        max: high,
        decimals,
      })),
    };
  return {
    record: record && guard ? { ...record, guard } : record,
    saved,
    guardOmitted: omit,
    extremesClipped: clip,
    rareValuesOmitted: dropRare,
  };
}

/** Rare levels, bottom/top coding, rare values, then missingness rules; in place on a finished table. */
export function applyProtection(table: Table, state: ProtectionState, rng: Rng): void {
  for (const name of state.suppressed ?? []) if (table.has(name)) table.column(name).missing.fill(1);
  replaceRareLevels(table, state.levels, rng.derive("levels"), state.missingness);
  codeExtremes(table, state.extremes, state.extremeCoding ?? "clip", rng.derive("extremes"));
  moveRareValues(table, state.rareValues ?? [], rng.derive("rare-values"));
  enforceMissingnessRules(table, state.missingness, rng.derive("missingness"));
}
