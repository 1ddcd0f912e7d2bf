/**
 * Subjects: rare values and leaf sizes are counted in distinct subjects, not rows, so that one
 * patient with many rows cannot make a value look common; the run's split keeps a subject's rows
 * on one side. The subject of a row is its value in the subject column (subjectColumn): the one
 * declared (metadata role "subject"), else the one identifier column that can be told apart as the
 * person key. Without one, every row is its own subject.
 */
import { SosieOptionError } from "../errors.ts";
import type { Column } from "./column.ts";
import type { Table } from "./table.ts";

export interface Subjects {
  /** Subject index of each row. */
  readonly ofRow: Int32Array;
  readonly count: number;
  /** The column that keyed them; null: every row is its own subject. */
  readonly column?: string | null;
}

/** Names that say "the person": patient_nbr, person_id, subject, IPP, NIR (BEN_NIR_PSA), ... */
const PERSON_KEY = /patient|person|subject|individ|beneficiar|member|(^|_)(ipp|nir|pat)(_|$|id)/i;

function repeats(c: Column & { kind: "identifier" | "text" }): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < c.length; i++) {
    if (c.missing[i]) continue;
    if (seen.has(c.values[i])) return true;
    seen.add(c.values[i]);
  }
  return false;
}

/**
 * The column whose value names a row's person. `declared` (a metadata role) wins; else the only
 * identifier column; else, among several, the only one whose values repeat (a table of encounters
 * keyed by encounter_id and patient_nbr), or the only repeating one with a person-like name. Null
 * when nothing tells it: every row is then its own subject.
 */
export function subjectColumn(table: Table, declared?: string | null): string | null {
  if (declared === null) return null;
  if (declared !== undefined) {
    if (!table.has(declared)) throw new SosieOptionError(`the subject column "${declared}" is not in the table`);
    return declared;
  }
  const ids = table.columns.filter((c): c is Column & { kind: "identifier" } => c.kind === "identifier");
  if (ids.length <= 1) return ids[0]?.name ?? null;
  const repeating = ids.filter(repeats);
  if (repeating.length === 1) return repeating[0].name;
  const named = repeating.filter((c) => PERSON_KEY.test(c.name));
  return named.length === 1 ? named[0].name : null;
}

/** The text a row's subject key is compared as; a missing key makes the row a subject of its own. */
function keyOf(c: Column, i: number): string {
  switch (c.kind) {
    case "identifier":
    case "text":
      return c.values[i];
    case "categorical":
      return String(c.codes[i]);
    default:
      return String(c.values[i]);
  }
}

/** Subjects of `table`'s rows, keyed by `column` (default: subjectColumn(table)). */
export function subjectsOf(table: Table, column: string | null = subjectColumn(table)): Subjects {
  const n = table.nRows;
  const ofRow = new Int32Array(n);
  if (column === null) {
    for (let i = 0; i < n; i++) ofRow[i] = i;
    return { ofRow, count: n, column: null };
  }
  const c = table.column(column);
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    // A row with no key is a subject of its own.
    const key = c.missing[i] ? `\u0000${i}` : keyOf(c, i);
    let s = index.get(key);
    if (s === undefined) index.set(key, (s = index.size));
    ofRow[i] = s;
  }
  return { ofRow, count: index.size, column };
}

/** Rows grouped by subject (a stable counting sort), computed once per Subjects. */
const rowsBySubject = new WeakMap<Subjects, Int32Array>();

function groupedRows(subjects: Subjects): Int32Array {
  let rows = rowsBySubject.get(subjects);
  if (!rows) {
    const next = new Int32Array(subjects.count + 1);
    for (let i = 0; i < subjects.ofRow.length; i++) next[subjects.ofRow[i] + 1]++;
    for (let s = 1; s <= subjects.count; s++) next[s] += next[s - 1];
    rows = new Int32Array(subjects.ofRow.length);
    for (let i = 0; i < subjects.ofRow.length; i++) rows[next[subjects.ofRow[i]]++] = i;
    rowsBySubject.set(subjects, rows);
  }
  return rows;
}

/**
 * Distinct subjects per key: keys[i] is row i's key in [0, nKeys) or −1 (not counted). Rows are
 * visited subject by subject, so a key counts a subject once when its last counted subject differs.
 */
export function distinctSubjectCounts(keys: ArrayLike<number>, nKeys: number, subjects: Subjects): Float64Array {
  const counts = new Float64Array(nKeys);
  if (subjects.count === subjects.ofRow.length) {
    // One row per subject: a plain count.
    for (let i = 0; i < keys.length; i++) if (keys[i] >= 0) counts[keys[i]]++;
    return counts;
  }
  const lastSubject = new Int32Array(nKeys).fill(-1);
  const rows = groupedRows(subjects);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const k = keys[i];
    if (k < 0) continue;
    const s = subjects.ofRow[i];
    if (lastSubject[k] === s) continue;
    lastSubject[k] = s;
    counts[k]++;
  }
  return counts;
}

/** The values of `values` held by at least k subjects (rows where `skip` is true left out), ascending. */
export function valuesHeldBy(
  values: Float64Array,
  k: number,
  subjects: Subjects,
  skip: (row: number) => boolean = () => false,
): number[] {
  const index = new Map<number, number>();
  const keys = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (skip(i)) {
      keys[i] = -1;
      continue;
    }
    let key = index.get(values[i]);
    if (key === undefined) index.set(values[i], (key = index.size));
    keys[i] = key;
  }
  const counts = distinctSubjectCounts(keys, index.size, subjects);
  const out: number[] = [];
  for (const [value, key] of index) if (counts[key] >= k) out.push(value);
  return out.sort((a, b) => a - b);
}
