/**
 * The modelled table as the avatar sees it (spec generators.md §2.2 steps 1–2): numeric columns
 * with ∅ replaced by the mean and a "missing" companion, categorical and boolean columns as
 * modalities (∅ is one) in order of first appearance in R. The slots are laid out in the order of
 * the projection's scaled columns, so a reconstructed scaled row can be read back slot by slot;
 * `checkScaledNames` verifies that layout against the fitted projection.
 */
import {
  type Column,
  type FloatColumn,
  booleanColumn,
  categoricalColumn,
  isFloatColumn,
  numericColumn,
  temporalColumn,
} from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import { columnScale } from "../../transform/column-scale.ts";

export interface NumericSlot {
  readonly source: FloatColumn;
  /** Values with ∅ replaced by the mean. */
  readonly values: Float64Array;
  readonly mean: number;
  /** Population sd of the imputed values (0 → 1). */
  readonly sd: number;
  /** Offset of this column in the scaled space. */
  readonly offset: number;
  /** Index in `modals` of the "missing" companion, or −1 when the column has no ∅ in R. */
  readonly companion: number;
}

export interface ModalSlot {
  /** The categorical or boolean column, or the numeric column a companion describes. */
  readonly source: Column;
  readonly isCompanion: boolean;
  /** Modality index of each row of R (order of first appearance). */
  readonly modality: Int32Array;
  readonly shares: Float64Array;
  /**
   * What each modality writes: a level code (categorical), 0/1 (boolean; companion: 1 = missing),
   * or −1 for ∅.
   */
  readonly outputs: Int32Array;
  /** Scaled column names as the projection writes them. */
  readonly names: readonly string[];
  readonly offset: number;
  /** The modality that writes ∅ (categorical ∅, companion "yes"), or −1 when R has none. */
  readonly missingModality: number;
}

export interface Layout {
  readonly nRows: number;
  readonly numerics: readonly NumericSlot[];
  readonly modals: readonly ModalSlot[];
  /** Number of scaled columns. */
  readonly nScaled: number;
  /** Source columns in table order: [slot type, index in numerics or modals]. */
  readonly columns: readonly (readonly ["numeric" | "modal", number])[];
  /**
   * Row-major copies for the barycentre, which reads whole neighbour rows at random: n x
   * numerics.length imputed values, and n x modals.length modality indices.
   */
  readonly rowNumerics: Float64Array;
  readonly rowModalities: Int32Array;
}

function rowMajor(
  n: number,
  numerics: readonly NumericSlot[],
  modals: readonly ModalSlot[],
): Pick<Layout, "rowNumerics" | "rowModalities"> {
  const a = numerics.length;
  const b = modals.length;
  const rowNumerics = new Float64Array(n * a);
  const rowModalities = new Int32Array(n * b);
  numerics.forEach((slot, s) => {
    for (let i = 0; i < n; i++) rowNumerics[i * a + s] = slot.values[i];
  });
  modals.forEach((slot, s) => {
    for (let i = 0; i < n; i++) rowModalities[i * b + s] = slot.modality[i];
  });
  return { rowNumerics, rowModalities };
}

function numericSlot(c: FloatColumn, offset: number): Omit<NumericSlot, "companion"> {
  const { mean, sd } = columnScale(c);
  const values = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) values[i] = c.missing[i] ? mean : c.values[i];
  return { source: c, values, mean, sd, offset };
}

/** Modalities by first appearance of each row's key; `output` says what a key writes back. */
function modalSlot(
  source: Column,
  isCompanion: boolean,
  rowKey: (i: number) => string,
  output: (key: string) => number,
  name: (key: string) => string,
  offset: number,
): ModalSlot {
  const n = source.length;
  const index = new Map<string, number>();
  const counts: number[] = [];
  const modality = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = rowKey(i);
    let m = index.get(key);
    if (m === undefined) {
      m = counts.length;
      index.set(key, m);
      counts.push(0);
    }
    counts[m]++;
    modality[i] = m;
  }
  const keys = [...index.keys()];
  const outputs = Int32Array.from(keys, output);
  return {
    source,
    isCompanion,
    modality,
    shares: Float64Array.from(counts, (c) => c / n),
    outputs,
    names: keys.map(name),
    offset,
    missingModality: outputs.indexOf(isCompanion ? 1 : -1),
  };
}

/** Key of the ∅ modality; level keys are prefixed with "=" so a level written "∅" cannot collide. */
const MISSING = "∅";

export function buildLayout(table: Table): Layout {
  const numerics: NumericSlot[] = [];
  const modals: ModalSlot[] = [];
  const columns: ["numeric" | "modal", number][] = [];
  let offset = 0;
  for (const c of table.columns) {
    if (isFloatColumn(c)) {
      const base = numericSlot(c, offset);
      offset++;
      let companion = -1;
      if (c.missing.includes(1)) {
        const slot = modalSlot(
          c,
          true,
          (i) => (c.missing[i] ? "yes" : "no"),
          (key) => (key === "yes" ? 1 : 0),
          (key) => `${c.name} is missing=${key}`,
          offset,
        );
        companion = modals.length;
        modals.push(slot);
        offset += slot.names.length;
      }
      columns.push(["numeric", numerics.length]);
      numerics.push({ ...base, companion });
    } else if (c.kind === "categorical" || c.kind === "boolean") {
      const levelCode = c.kind === "categorical" ? new Map(c.levels.map((l, i) => [l, i])) : null;
      const slot = modalSlot(
        c,
        false,
        c.kind === "categorical"
          ? (i) => (c.missing[i] ? MISSING : `=${c.levels[c.codes[i]]}`)
          : (i) => (c.missing[i] ? MISSING : c.values[i] ? "=true" : "=false"),
        (key) => (key === MISSING ? -1 : levelCode ? levelCode.get(key.slice(1))! : key === "=true" ? 1 : 0),
        (key) => (key === MISSING ? `${c.name}=∅` : `${c.name}${key}`),
        offset,
      );
      columns.push(["modal", modals.length]);
      modals.push(slot);
      offset += slot.names.length;
    } else throw new RangeError(`column "${c.name}" of kind ${c.kind} is not modelled by the avatar`);
  }
  return { nRows: table.nRows, numerics, modals, nScaled: offset, columns, ...rowMajor(table.nRows, numerics, modals) };
}

/** Throws when the projection's scaled columns are not this layout (an internal inconsistency). */
export function checkScaledNames(layout: Layout, scaledNames: readonly string[]): void {
  const names = new Array<string>(layout.nScaled);
  for (const s of layout.numerics) names[s.offset] = s.source.name;
  for (const s of layout.modals) s.names.forEach((name, m) => (names[s.offset + m] = name));
  if (names.length !== scaledNames.length || names.some((name, j) => name !== scaledNames[j]))
    throw new Error("avatar: the projection's scaled columns do not match the avatar layout");
}

/**
 * Decoded avatars back to columns of the modelled table: numeric values (∅ where the companion
 * decoded to "yes") and modalities written as level codes, booleans or ∅.
 */
export function columnsFromDecoded(
  layout: Layout,
  numericValues: readonly Float64Array[],
  modalities: readonly Int32Array[],
  nRows: number,
): Table {
  const out: Column[] = [];
  for (const [type, index] of layout.columns) {
    if (type === "numeric") {
      const slot = layout.numerics[index];
      const missing = new Uint8Array(nRows);
      if (slot.companion >= 0) {
        const companion = layout.modals[slot.companion];
        const decoded = modalities[slot.companion];
        for (let i = 0; i < nRows; i++) missing[i] = companion.outputs[decoded[i]] === 1 ? 1 : 0;
      }
      const values = numericValues[index].slice();
      const c: Column = slot.source;
      if (c.kind === "continuous" || c.kind === "integer")
        out.push(
          numericColumn(c.name, values, {
            kind: c.kind,
            missing,
            ...(c.decimals !== undefined ? { decimals: c.decimals } : {}),
          }),
        );
      else if (c.kind === "date" || c.kind === "datetime")
        out.push(temporalColumn(c.name, c.kind, values, c.format, { missing }));
    } else {
      const slot = layout.modals[index];
      const decoded = modalities[index];
      const missing = new Uint8Array(nRows);
      const codes = new Int32Array(nRows);
      for (let i = 0; i < nRows; i++) {
        const code = slot.outputs[decoded[i]];
        if (code < 0) missing[i] = 1;
        else codes[i] = code;
      }
      const c = slot.source;
      if (c.kind === "categorical")
        out.push(categoricalColumn(c.name, codes, c.levels, { missing, ordered: c.ordered }));
      else if (c.kind === "boolean")
        out.push(booleanColumn(c.name, Uint8Array.from(codes), { missing, tokens: c.tokens }));
      else throw new RangeError(`column "${c.name}" is not categorical`);
    }
  }
  return new Table(out, nRows);
}
