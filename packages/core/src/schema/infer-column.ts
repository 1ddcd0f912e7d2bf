/**
 * Kind inference for one column, from its distinct texts and their counts (never row by row).
 * Every decision carries a human reason and a confidence; suspicious codes become warnings.
 */
import type { ColumnKind } from "../table/column.ts";
import { detectTemporalFormat, parseTemporal } from "../table/temporal.ts";
import type { ColumnMetadata } from "./metadata.ts";
import { missingTokenStrength } from "./missing-tokens.ts";
import { readNumberText, type NumberText } from "./number-text.ts";
import { levelSummary, numericSummary, type ColumnProfile } from "./profile.ts";
import { suspiciousCodeWarnings } from "./suspicious-codes.ts";

/** One distinct text of a column and the number of rows holding it. */
export interface DistinctText {
  text: string;
  count: number;
}

export interface InferColumnInput {
  name: string;
  distinct: readonly DistinctText[];
  nRows: number;
  decimal: "." | ",";
  /** Texts the user declared missing: missing whatever the column holds. */
  userMissingTokens: readonly string[];
}

/** At most this many distinct integers make a column of codes rather than a count or measure. */
const MAX_CODE_LEVELS = 10;
/** At most this many distinct non-integers (0 / 0.5 / 1) make a column of codes. */
const MAX_DECIMAL_CODE_LEVELS = 5;
/** Uniqueness proves nothing on tiny tables: below this, only an id-like name makes an identifier. */
const MIN_ROWS_FOR_UNIQUE_ID = 20;

interface KindDecision {
  kind: ColumnKind;
  reason: string;
  confidence: number;
  levels?: string[];
  tokens?: [string, string];
  format?: string;
  decimals?: number;
  warnings: string[];
  /** The column would be read as another kind but for a few values (strayTextWarning). */
  kindWarning?: string;
}

/** Splits a camelCase or separated name into lower-case words. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

function hasIdLikeName(name: string): boolean {
  const w = nameWords(name);
  const last = w[w.length - 1];
  return ["id", "ids", "uuid", "guid", "key", "nbr", "number", "nir"].includes(last) || w[0] === "id";
}

function hasCountLikeName(name: string): boolean {
  const w = nameWords(name);
  return (
    ["num", "number", "nb", "n", "count", "cnt", "nbr"].includes(w[0]) || ["count", "cnt"].includes(w[w.length - 1])
  );
}

const OMOP_CONCEPT = /_concept_id$/i;

/** Two-valued columns read as booleans: [false, true] spellings, compared case-insensitively. */
const BOOLEAN_PAIRS: readonly [string, string][] = [
  ["0", "1"],
  ["0.0", "1.0"],
  ["no", "yes"],
  ["n", "y"],
  ["false", "true"],
  ["f", "t"],
  ["non", "oui"],
  // diabetes-130 writes its "medication changed" flag as No / Ch.
  ["no", "ch"],
];

function booleanTokens(texts: readonly string[]): [string, string] | null {
  if (texts.length !== 2) return null;
  const [a, b] = texts;
  const la = a.trim().toLowerCase();
  const lb = b.trim().toLowerCase();
  for (const [f, t] of BOOLEAN_PAIRS) {
    if (la === f && lb === t) return [a, b];
    if (la === t && lb === f) return [b, a];
  }
  return null;
}

function byNumericValue(texts: string[], decimal: "." | ","): string[] {
  return [...texts].sort(
    (a, b) => readNumberText(a, decimal)!.value - readNumberText(b, decimal)!.value || (a < b ? -1 : 1),
  );
}

function byCodeUnit(texts: string[]): string[] {
  return [...texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** "1 decimal", "3 decimals", "varying decimals". */
function plural(n: number | undefined, noun: string): string {
  if (n === undefined) return `varying ${noun}s`;
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The number of decimals every text shares, when it is above 0. */
function sharedDecimals(nums: readonly NumberText[]): number | undefined {
  const d = nums[0].decimals;
  if (d === null || d === 0) return undefined;
  return nums.every((n) => n.decimals === d) ? d : undefined;
}

/** Which distinct texts of the column are missing tokens, and why. */
function splitMissing(input: InferColumnInput): { present: DistinctText[]; missing: DistinctText[]; notes: string[] } {
  const user = new Set(input.userMissingTokens);
  const present: DistinctText[] = [];
  const missing: DistinctText[] = [];
  const weak: DistinctText[] = [];
  for (const d of input.distinct) {
    if (d.count === 0) continue;
    const strength = user.has(d.text) ? "strong" : missingTokenStrength(d.text);
    if (strength === "strong") missing.push(d);
    else if (strength === "weak") weak.push(d);
    else present.push(d);
  }
  const notes: string[] = [];
  if (weak.length === 0) return { present, missing, notes };
  // A weak token ("None", "-") is missing only where it is out of shape with the other values.
  const texts = present.map((d) => d.text);
  const numeric = texts.length > 0 && texts.every((t) => readNumberText(t, input.decimal) !== null);
  const temporal = !numeric && texts.length > 0 && detectTemporalFormat(texts, { columnName: input.name }) !== null;
  const shown = weak.map((d) => JSON.stringify(d.text.trim())).join(", ");
  if (numeric || temporal) {
    missing.push(...weak);
    notes.push(`${shown} read as missing: the other values are ${numeric ? "numbers" : "dates"}`);
  } else {
    present.push(...weak);
    if (texts.length > 0)
      notes.push(`${shown} kept as a level: the other values are words, so it may be a real category`);
  }
  return { present, missing, notes };
}

function decideKind(input: InferColumnInput, present: readonly DistinctText[], nPresent: number): KindDecision {
  const name = input.name;
  const texts = present.map((d) => d.text);
  const k = texts.length;
  const idName = hasIdLikeName(name);
  const uniqueEveryRow = k === nPresent && nPresent === input.nRows;
  const bigEnoughForUnique = nPresent >= MIN_ROWS_FOR_UNIQUE_ID;
  const manyDistinct = k >= 20 && k >= 0.1 * nPresent;

  if (k === 0)
    return {
      kind: "categorical",
      reason: "no value present: categorical with no levels",
      confidence: 0.3,
      levels: [],
      warnings: [],
    };

  if (OMOP_CONCEPT.test(name)) {
    const allInt = texts.every((t) => readNumberText(t, input.decimal)?.integerLiteral === true);
    return {
      kind: "categorical",
      reason: "OMOP concept id: categorical code",
      confidence: 0.9,
      levels: allInt ? byNumericValue(texts, input.decimal) : byCodeUnit(texts),
      warnings: [],
    };
  }

  const nums = texts.map((t) => readNumberText(t, input.decimal));
  const allNumeric = nums.every((n) => n !== null);
  const numbers = nums as NumberText[];

  if (allNumeric && numbers.every((n) => n.integerLiteral) && texts.every((t) => /^\d{8}$/.test(t))) {
    const t = detectTemporalFormat(texts, { columnName: name });
    if (t !== null) return { kind: t.kind, reason: t.reason, confidence: t.confidence, format: t.format, warnings: [] };
  }
  if (!allNumeric) {
    const t = detectTemporalFormat(texts, { columnName: name });
    if (t !== null) return { kind: t.kind, reason: t.reason, confidence: t.confidence, format: t.format, warnings: [] };
  }

  const tokens = booleanTokens(texts);
  if (tokens !== null)
    return {
      kind: "boolean",
      reason: `values ${tokens[0]}/${tokens[1]}: boolean`,
      confidence: 0.95,
      tokens,
      warnings: [],
    };

  if (allNumeric && numbers.some((n) => n.unsafeInteger)) {
    if (idName || (uniqueEveryRow && bigEnoughForUnique) || manyDistinct)
      return {
        kind: "identifier",
        reason: "integers beyond 2^53 (64-bit keys), kept as text: identifier",
        confidence: 0.9,
        warnings: [],
      };
    return {
      kind: "categorical",
      reason: "integers beyond 2^53, kept as text: categorical codes",
      confidence: 0.7,
      levels: byCodeUnit(texts),
      warnings: [],
    };
  }

  if (allNumeric && !numbers.some((n) => n.leadingZero)) return decideNumeric(input, texts, numbers, present, nPresent);
  const decision = decideText(input, texts, present, nPresent, allNumeric);
  const stray = allNumeric
    ? null
    : strayTextWarning(present, nPresent, decision.kind, (t) => readNumberText(t, input.decimal) !== null);
  return stray === null ? decision : { ...decision, warnings: [stray, ...decision.warnings], kindWarning: stray };
}

/** A date or a date-time in the usual orders and separators (its format is settled elsewhere). */
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A column of numbers or dates but for a stray text or two ("unknown", "2021-02-30") is read as a
 * category, an identifier or free text, and every generator then treats it so: the output of a
 * BMI column with one "unknown" among 300 values was one constant level. Such a column gets a
 * warning (counts only, never the texts) that generate and run print. Also dates that look alike
 * but no single format reads (date-only mixed with date-times).
 */
function strayTextWarning(
  present: readonly DistinctText[],
  nPresent: number,
  kind: ColumnKind,
  isNumber: (text: string) => boolean,
): string | null {
  for (const [what, fits] of [
    ["numbers", isNumber],
    ["dates", (t: string) => DATE_LIKE.test(t.trim())],
  ] as const) {
    let oddRows = 0;
    let oddTexts = 0;
    for (const d of present)
      if (!fits(d.text)) {
        oddRows += d.count;
        oddTexts++;
      }
    if (oddRows === 0 && what === "dates")
      return `every value looks like a date, but no single format reads them all (an impossible date, date-only mixed with date-time, or several patterns): read as ${kind}; correct the odd values or declare the format in the metadata`;
    if (oddRows > 0 && oddTexts <= 3 && oddRows <= Math.max(1, 0.02 * nPresent))
      return `${nPresent - oddRows} of ${nPresent} values are ${what} and ${oddRows} ${oddRows === 1 ? "is" : "are"} not, so the column is read as ${kind}: correct ${oddRows === 1 ? "it" : "them"}, or declare the kind and ${oddRows === 1 ? "that text" : "those texts"} as missing in the metadata (missingTokens, nullable)`;
  }
  return null;
}

function decideNumeric(
  input: InferColumnInput,
  texts: string[],
  numbers: NumberText[],
  present: readonly DistinctText[],
  nPresent: number,
): KindDecision {
  const k = texts.length;
  const name = input.name;
  const idName = hasIdLikeName(name);
  const uniqueEveryRow = k === nPresent && nPresent === input.nRows;
  const decimals = sharedDecimals(numbers);
  const integral = numbers.every((n) => n.integral);
  const literal = numbers.every((n) => n.integerLiteral);
  if (integral && literal && idName && (uniqueEveryRow || (k >= 20 && k >= 0.1 * nPresent)))
    return {
      kind: "identifier",
      reason: uniqueEveryRow
        ? "id-like name, unique on every row: identifier"
        : "id-like name and high cardinality: identifier",
      confidence: 0.9,
      warnings: [],
    };
  if (integral && literal && uniqueEveryRow && nPresent >= MIN_ROWS_FOR_UNIQUE_ID)
    return { kind: "identifier", reason: "integers unique on every row: identifier", confidence: 0.75, warnings: [] };
  // Identifiers are settled: only measures and codes are worth a look for suspicious values.
  const warnings = suspiciousCodeWarnings(
    numbers.map((n) => n.value),
    present.map((d) => d.count),
  );
  // Whole numbers beyond 2^53 written with an exponent ("7.19e16") are measures, not exact integers.
  const beyondSafe = numbers.some((n) => Math.abs(n.value) > Number.MAX_SAFE_INTEGER);
  if (integral && beyondSafe)
    return {
      kind: "continuous",
      reason: "numbers beyond 2^53 written with an exponent: continuous",
      confidence: 0.7,
      warnings,
    };
  if (integral) {
    const asWritten = literal ? "integer" : `integer codes written with ${plural(decimals, "decimal")}`;
    if (idName && !hasCountLikeName(name))
      return {
        kind: "categorical",
        reason: `${asWritten} with an id-like name and ${plural(k, "distinct value")}: categorical codes`,
        confidence: 0.8,
        levels: byNumericValue(texts, input.decimal),
        warnings: [],
      };
    if (k <= MAX_CODE_LEVELS && nPresent >= 2 * k && !hasCountLikeName(name))
      return {
        kind: "categorical",
        reason: `${asWritten} with ${plural(k, "distinct value")}: categorical`,
        confidence: k <= 5 ? 0.8 : 0.65,
        levels: byNumericValue(texts, input.decimal),
        warnings,
      };
    const reason = literal
      ? hasCountLikeName(name) && k <= MAX_CODE_LEVELS
        ? "integers with a count-like name: integer"
        : "integers: integer"
      : `whole numbers written with ${plural(decimals, "decimal")}: integer`;
    return { kind: "integer", reason, confidence: 0.85, ...(decimals !== undefined ? { decimals } : {}), warnings };
  }
  if (k <= MAX_DECIMAL_CODE_LEVELS && nPresent >= 20 * k)
    return {
      kind: "categorical",
      reason: `numbers with only ${k} distinct values: categorical`,
      confidence: 0.6,
      levels: byNumericValue(texts, input.decimal),
      warnings,
    };
  return {
    kind: "continuous",
    reason:
      decimals !== undefined
        ? `decimal numbers with ${plural(decimals, "decimal")}: continuous`
        : "decimal numbers: continuous",
    confidence: 0.9,
    ...(decimals !== undefined ? { decimals } : {}),
    warnings,
  };
}

function decideText(
  input: InferColumnInput,
  texts: string[],
  present: readonly DistinctText[],
  nPresent: number,
  allNumeric: boolean,
): KindDecision {
  const k = texts.length;
  const idName = hasIdLikeName(input.name);
  const uniqueEveryRow = k === nPresent && nPresent === input.nRows;
  let totalLength = 0;
  let withSpace = 0;
  for (const d of present) {
    totalLength += d.text.length * d.count;
    if (/\s\S/.test(d.text.trim())) withSpace += d.count;
  }
  const meanLength = totalLength / nPresent;
  const varied = k >= 0.5 * nPresent;
  const proseLike = meanLength >= 30 || (meanLength >= 15 && withSpace >= 0.5 * nPresent);
  const codes = allNumeric ? "numeric codes with leading zeros" : "strings";
  if (proseLike && varied)
    return {
      kind: "text",
      reason: `long varied ${codes} (mean length ${Math.round(meanLength)}): free text`,
      confidence: 0.75,
      warnings: [],
    };
  if (idName && (uniqueEveryRow || (k >= 20 && k >= 0.1 * nPresent)))
    return {
      kind: "identifier",
      reason: uniqueEveryRow
        ? `${codes} with an id-like name, unique on every row: identifier`
        : `${codes} with an id-like name and high cardinality: identifier`,
      confidence: 0.85,
      warnings: [],
    };
  if (uniqueEveryRow && nPresent >= MIN_ROWS_FOR_UNIQUE_ID)
    return { kind: "identifier", reason: `${codes} unique on every row: identifier`, confidence: 0.8, warnings: [] };
  const warnings: string[] = [];
  if (k > 100 && k > 0.2 * nPresent) warnings.push(`high cardinality: ${k} distinct values`);
  return {
    kind: "categorical",
    reason: `${codes} with ${plural(k, "distinct value")}: categorical`,
    confidence: k <= 50 ? 0.85 : 0.7,
    levels: allNumeric ? byNumericValue(texts, input.decimal) : byCodeUnit(texts),
    warnings,
  };
}

/** The inferred metadata and profile of one column. */
export function inferColumn(input: InferColumnInput): { column: ColumnMetadata; profile: ColumnProfile } {
  const { present, missing, notes } = splitMissing(input);
  const nMissing = missing.reduce((s, d) => s + d.count, 0);
  const nPresent = present.reduce((s, d) => s + d.count, 0);
  const d = decideKind(input, present, nPresent);
  const warnings = [...notes, ...d.warnings];
  if (present.length === 0) warnings.push("every value is missing");
  else if (present.length === 1) warnings.push("constant column: a single distinct value");

  const column: ColumnMetadata = { name: input.name, kind: d.kind };
  if (d.levels !== undefined) column.levels = d.levels;
  if (d.kind === "categorical") column.ordered = false;
  if (d.tokens !== undefined) column.tokens = d.tokens;
  if (d.format !== undefined) column.format = d.format;
  if (d.decimals !== undefined) column.decimals = d.decimals;
  column.missingTokens = byCodeUnit(missing.map((m) => m.text));
  column.nullable = nMissing > 0;
  column.inferred = { reason: d.reason, confidence: d.confidence };
  if (warnings.length > 0) column.warnings = warnings;

  const profile: ColumnProfile = {
    name: input.name,
    kind: d.kind,
    reason: d.reason,
    confidence: d.confidence,
    nRows: input.nRows,
    nMissing,
    nDistinct: present.length,
    warnings,
    ...(d.kindWarning === undefined ? {} : { kindWarning: d.kindWarning }),
  };
  addSummary(profile, d, present, input.decimal);
  return { column, profile };
}

function addSummary(
  profile: ColumnProfile,
  d: KindDecision,
  present: readonly DistinctText[],
  decimal: "." | ",",
): void {
  const counts = present.map((p) => p.count);
  let values: number[] | null = null;
  if (d.kind === "continuous" || d.kind === "integer")
    values = present.map((p) => readNumberText(p.text, decimal)!.value);
  else if ((d.kind === "date" || d.kind === "datetime") && d.format !== undefined) {
    const kind = d.kind;
    const format = d.format;
    values = present.map((p) => parseTemporal(p.text, kind, format) ?? NaN);
  }
  if (values !== null) {
    const s = numericSummary(values, counts);
    if (s !== null) Object.assign(profile, s);
  }
  if (d.kind === "categorical" || d.kind === "boolean")
    Object.assign(profile, levelSummary(present.map((p) => ({ level: p.text, count: p.count }))));
}
