/**
 * Subjects: rare values and leaf sizes are counted in distinct subjects, not rows, so that one
 * patient with many rows cannot make a value look common. The subject of a row is its value in
 * the table's identifier column when there is exactly one; otherwise every row is its own subject.
 */
import type { Table } from "../../table/table.ts";

export interface Subjects {
  /** Subject index of each row. */
  readonly ofRow: Int32Array;
  readonly count: number;
}

export function subjectsOf(table: Table): Subjects {
  const ids = table.columns.filter((c) => c.kind === "identifier");
  const n = table.nRows;
  const ofRow = new Int32Array(n);
  if (ids.length !== 1 || ids[0].kind !== "identifier") {
    for (let i = 0; i < n; i++) ofRow[i] = i;
    return { ofRow, count: n };
  }
  const column = ids[0];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    // A row with no identifier is a subject of its own.
    const key = column.missing[i] ? `\u0000${i}` : column.values[i];
    let s = index.get(key);
    if (s === undefined) index.set(key, (s = index.size));
    ofRow[i] = s;
  }
  return { ofRow, count: index.size };
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
