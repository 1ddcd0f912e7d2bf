import { type Column, selectRows, sliceRows } from "./column.ts";

/**
 * A table: named columns of equal length, in order. Immutable by convention: operations return
 * new tables (sharing buffers where they can) rather than mutating this one.
 */
export class Table {
  readonly columns: readonly Column[];
  readonly nRows: number;
  private readonly index: Map<string, number>;

  constructor(columns: readonly Column[], nRows?: number) {
    this.columns = columns;
    this.nRows = nRows ?? (columns.length > 0 ? columns[0].length : 0);
    this.index = new Map();
    columns.forEach((c, i) => {
      if (c.length !== this.nRows)
        throw new RangeError(`column "${c.name}" has ${c.length} rows, expected ${this.nRows}`);
      if (this.index.has(c.name)) throw new RangeError(`duplicate column name "${c.name}"`);
      this.index.set(c.name, i);
    });
  }

  get nColumns(): number {
    return this.columns.length;
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  /** The column called `name`; throws when absent. */
  column(name: string): Column {
    const i = this.index.get(name);
    if (i === undefined) throw new RangeError(`no column "${name}"`);
    return this.columns[i];
  }

  columnIndex(name: string): number {
    return this.index.get(name) ?? -1;
  }

  /** Rows by index (any order, repeats allowed): a gathered copy. */
  select(rows: ArrayLike<number>): Table {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (!(r >= 0 && r < this.nRows) || r !== Math.floor(r)) throw new RangeError(`row index ${r} out of range`);
    }
    return new Table(
      this.columns.map((c) => selectRows(c, rows)),
      rows.length,
    );
  }

  /** Rows [start, end): views on the same buffers, no copy. */
  slice(start: number, end: number = this.nRows): Table {
    const s = Math.max(0, Math.min(start, this.nRows));
    const e = Math.max(s, Math.min(end, this.nRows));
    return new Table(
      this.columns.map((c) => sliceRows(c, s, e)),
      e - s,
    );
  }

  /** Only the named columns, in the given order. */
  pick(names: readonly string[]): Table {
    return new Table(
      names.map((n) => this.column(n)),
      this.nRows,
    );
  }

  /** All columns but the named ones. */
  drop(names: readonly string[]): Table {
    const out = new Set(names);
    return new Table(
      this.columns.filter((c) => !out.has(c.name)),
      this.nRows,
    );
  }

  /** This table with `col` replacing the column of the same name, or appended if new. */
  withColumn(col: Column): Table {
    const i = this.index.get(col.name);
    const cols = [...this.columns];
    if (i === undefined) cols.push(col);
    else cols[i] = col;
    return new Table(cols, this.nRows);
  }
}
