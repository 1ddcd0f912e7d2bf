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
  if (ids.length !== 1 || (ids[0].kind !== "identifier")) {
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

/**
 * Distinct subjects per key: keys[i] is row i's key in [0, nKeys) or −1 (not counted).
 */
export function distinctSubjectCounts(keys: ArrayLike<number>, nKeys: number, subjects: Subjects): Float64Array {
  const counts = new Float64Array(nKeys);
  const seen = new Set<number>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k < 0) continue;
    const pair = k * subjects.count + subjects.ofRow[i];
    if (seen.has(pair)) continue;
    seen.add(pair);
    counts[k]++;
  }
  return counts;
}
