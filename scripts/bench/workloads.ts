/**
 * The bench's datasets: where each table comes from, how it is read, how it is split, and its
 * usual target. Files come from ../shared (read-only). Where the peers measured a table (peers.json,
 * privacy-peers/), the bench reads that very table with the peers' reading convention (kinds from
 * types.json, the empty field is the only missing text), so that ratios compare like with like.
 */
import { readFileSync } from "node:fs";
import { readCsv } from "../../packages/core/src/io/csv/index.ts";
import type { RawColumn, RawTable } from "../../packages/core/src/io/raw.ts";
import { METADATA_VERSION, decodeTable, inferMetadata, type Metadata } from "../../packages/core/src/schema/index.ts";
import type { Table } from "../../packages/core/src/table/table.ts";
import { groupIcd9 } from "./icd9.ts";

const SHARED = new URL("../../../shared/", import.meta.url).pathname;
export const PEERS_JSON = `${SHARED}bench/peers.json`;
export const PRIVACY_PEERS_DIR = `${SHARED}bench/privacy-peers/`;

/** Holdout share of the seeded split (as `sosie run`'s default). */
export const HOLDOUT_FRACTION = 0.3;

/** The column a TSTR model learns, and how the usual binary task is made from it. */
export interface TargetSpec {
  readonly column: string;
  /** When set, the task is "label is positive" against the rest (e.g. heart num > 0). */
  readonly positive?: (label: string) => boolean;
  /** How the target is described in BENCHMARKS.md. */
  readonly label: string;
}

/** How train and holdout are made. */
export type SplitSpec =
  | { readonly kind: "fraction" }
  | { readonly kind: "files" }
  /** The whole table trains, as in the peers' speed runs: no holdout, so no TSTR nor privacy figures. */
  | { readonly kind: "none" };

export interface DatasetSpec {
  readonly id: string;
  readonly title: string;
  /** Where the rows come from, for BENCHMARKS.md. */
  readonly source: string;
  readonly target: TargetSpec;
  readonly split: SplitSpec;
  /** Small enough for --quick. */
  readonly quick: boolean;
  /** Dataset key in peers.json whose workloads this one repeats (same table, same rows). */
  readonly peerKey?: string;
  /** Dataset key in privacy-peers/results.json (same train / holdout files). */
  readonly privacyPeer?: string;
  /** Only run by --privacy-peers (or when named). */
  readonly privacyPeersOnly?: boolean;
  /** Reads the files; the caller times this (CSV read and decode). */
  load(): LoadedTables;
}

export interface LoadedTables {
  readonly table: Table;
  /** Present for "files" splits. */
  readonly holdout?: Table;
}

// ---------------------------------------------------------------------------------------------
// Reading conventions.

/** peers.md convention: kinds from types.json (numerical → continuous), "" the only missing text. */
function typedMetadata(raw: RawTable, typesFile: string): Metadata {
  const types = JSON.parse(readFileSync(typesFile, "utf8")) as Record<string, string>;
  return {
    sosie: METADATA_VERSION,
    columns: raw.names.map((name) => ({ name, kind: types[name] === "numerical" ? "continuous" : "categorical" })),
    missingTokens: [""],
  };
}

function readRaw(file: string, transform?: (text: string) => string): RawTable {
  const source = file.slice(SHARED.length);
  if (transform === undefined) return readCsv(readFileSync(file), { source });
  return readCsv(transform(readFileSync(file, "utf8")), { source });
}

/**
 * `metadata` with each categorical's unseen holdout texts added after its levels (as `sosie
 * evaluate` does; importing the CLI's helper would double the child process's start-up time).
 */
function widenedMetadata(metadata: Metadata, raw: RawTable): Metadata {
  const columns = metadata.columns.map((meta) => {
    const rc = raw.columns.find((c) => c.name === meta.name);
    if (meta.kind !== "categorical" || meta.levels === undefined || rc === undefined) return meta;
    const missing = new Set(meta.missingTokens ?? metadata.missingTokens ?? [""]);
    const known = new Set(meta.levels);
    const extra = rc.dictionary.filter((text, e) => rc.counts[e] > 0 && !missing.has(text) && !known.has(text));
    return extra.length === 0 ? meta : { ...meta, levels: [...meta.levels, ...extra] };
  });
  return { ...metadata, columns };
}

/** Train (and holdout) decoded with the train table's metadata, widened for unseen holdout levels. */
function decodePair(train: RawTable, metadata: Metadata, holdout?: RawTable): LoadedTables {
  const table = decodeTable(train, metadata);
  if (holdout === undefined) return { table };
  return { table, holdout: decodeTable(holdout, widenedMetadata(metadata, holdout)).pick(table.names) };
}

export function typedFiles(dir: string, trainFile: string, holdoutFile?: string): LoadedTables {
  const train = readRaw(`${dir}${trainFile}`);
  const metadata = typedMetadata(train, `${dir}types.json`);
  return decodePair(train, metadata, holdoutFile === undefined ? undefined : readRaw(`${dir}${holdoutFile}`));
}

function inferredFiles(
  trainFile: string,
  holdoutFile?: string,
  transformHoldout?: (text: string) => string,
): LoadedTables {
  const train = readRaw(trainFile);
  const metadata = inferMetadata(train).metadata;
  return decodePair(train, metadata, holdoutFile === undefined ? undefined : readRaw(holdoutFile, transformHoldout));
}

// ---------------------------------------------------------------------------------------------
// Diabetes 130-US in full, prepared by the recipe of peer-outputs/diabetes-10k (peers.md).

/** The same text column with each dictionary entry mapped, entries merged when they meet. */
function mapRawColumn(column: RawColumn, map: (text: string) => string): RawColumn {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const remap = column.dictionary.map((text) => {
    const mapped = map(text);
    let k = index.get(mapped);
    if (k === undefined) index.set(mapped, (k = dictionary.push(mapped) - 1));
    return k;
  });
  const codes = Int32Array.from(column.codes, (c) => remap[c]);
  const counts = new Int32Array(dictionary.length);
  for (let e = 0; e < column.counts.length; e++) counts[remap[e]] += column.counts[e];
  return { name: column.name, dictionary, codes, counts };
}

/** Drop the two identifiers, `?` → missing, diag_1..3 → Strack groups, `None` → `NotTested`. */
function prepareDiabetes(raw: RawTable): RawTable {
  const columns = raw.columns
    .filter((c) => c.name !== "encounter_id" && c.name !== "patient_nbr")
    .map((c) => {
      const missing = (text: string): string => (text === "?" ? "" : text);
      if (/^diag_[123]$/.test(c.name)) return mapRawColumn(c, (t) => (t === "?" ? "" : groupIcd9(t)));
      if (c.name === "max_glu_serum" || c.name === "A1Cresult")
        return mapRawColumn(c, (t) => (t === "None" ? "NotTested" : missing(t)));
      return mapRawColumn(c, missing);
    });
  return { ...raw, names: columns.map((c) => c.name), columns };
}

function diabetesFull(): LoadedTables {
  const raw = prepareDiabetes(readRaw(`${SHARED}datasets/diabetes-130-us-hospitals/data.csv`));
  return { table: decodeTable(raw, typedMetadata(raw, `${PRIVACY_PEERS_DIR}diabetes/types.json`)) };
}

// ---------------------------------------------------------------------------------------------
// The datasets, in run order: the peers' workloads first, so that a run cut short by
// --max-minutes still has the comparisons; the large tables last.

const notZero = (label: string): boolean => Number(label) !== 0;

const HEART_DIR = `${SHARED}bench/peer-outputs/heart/`;

export const DATASETS: readonly DatasetSpec[] = [
  {
    id: "heart-whole",
    title: "Heart disease, Cleveland, whole table (the peers' workload)",
    source: "peer-outputs/heart/real.csv (types.json), all 303 rows train; no holdout",
    target: { column: "num", positive: notZero, label: "num > 0" },
    split: { kind: "none" },
    quick: true,
    peerKey: "heart",
    load: () => typedFiles(HEART_DIR, "real.csv"),
  },
  {
    id: "heart",
    title: "Heart disease, Cleveland",
    source: "peer-outputs/heart/real.csv (types.json); seeded 70 / 30 split stratified on num",
    target: { column: "num", positive: notZero, label: "num > 0" },
    split: { kind: "fraction" },
    quick: true,
    load: () => typedFiles(HEART_DIR, "real.csv"),
  },
  {
    id: "pima",
    title: "Pima Indians diabetes",
    source: "privacy-peers/pima train.csv / holdout.csv (types.json)",
    target: { column: "diabetes", label: "diabetes" },
    split: { kind: "files" },
    quick: true,
    privacyPeer: "pima",
    load: () => typedFiles(`${PRIVACY_PEERS_DIR}pima/`, "train.csv", "holdout.csv"),
  },
  {
    id: "heart-failure",
    title: "Heart failure clinical records",
    source: "privacy-peers/heart-failure train.csv / holdout.csv (types.json)",
    target: { column: "DEATH_EVENT", label: "DEATH_EVENT" },
    split: { kind: "files" },
    quick: true,
    privacyPeer: "heart-failure",
    load: () => typedFiles(`${PRIVACY_PEERS_DIR}heart-failure/`, "train.csv", "holdout.csv"),
  },
  {
    id: "breast-cancer",
    title: "Breast cancer Wisconsin",
    source: "datasets/breast-cancer-wisconsin/data.csv (kinds inferred); seeded 70 / 30 split stratified on class",
    target: { column: "class", label: "class" },
    split: { kind: "fraction" },
    quick: true,
    load: () => inferredFiles(`${SHARED}datasets/breast-cancer-wisconsin/data.csv`),
  },
  {
    id: "ican-aneurysm",
    title: "ICAN aneurysm (avatar release)",
    source: "datasets/ican-aneurysm/avatars.csv (kinds inferred); seeded 70 / 30 split stratified on rupture",
    target: { column: "rupture", label: "rupture" },
    split: { kind: "fraction" },
    quick: false,
    load: () => inferredFiles(`${SHARED}datasets/ican-aneurysm/avatars.csv`),
  },
  {
    id: "diabetes-10k",
    title: "Diabetes 130-US, 10,000 rows (the peers' table)",
    source: "privacy-peers/diabetes train.csv (= peer-outputs/diabetes-10k/real.csv) / holdout.csv (types.json)",
    target: { column: "readmitted", positive: (label) => label === "<30", label: "readmitted = <30" },
    split: { kind: "files" },
    quick: false,
    peerKey: "diabetes-10k",
    privacyPeer: "diabetes",
    load: () => typedFiles(`${PRIVACY_PEERS_DIR}diabetes/`, "train.csv", "holdout.csv"),
  },
  {
    id: "adult-10k",
    title: "Adult, 10,000 / 5,000 (privacy-peers split)",
    source: "privacy-peers/adult train.csv / holdout.csv (types.json)",
    target: { column: "income", label: "income" },
    split: { kind: "files" },
    quick: false,
    privacyPeer: "adult",
    privacyPeersOnly: true,
    load: () => typedFiles(`${PRIVACY_PEERS_DIR}adult/`, "train.csv", "holdout.csv"),
  },
  {
    id: "diabetes-full",
    title: "Diabetes 130-US in full, whole table (the peers' workload)",
    source:
      "datasets/diabetes-130-us-hospitals/data.csv, all 101,766 rows train, prepared as peer-outputs/diabetes-10k; no holdout",
    target: { column: "readmitted", positive: (label) => label === "<30", label: "readmitted = <30" },
    split: { kind: "none" },
    quick: false,
    peerKey: "diabetes-full",
    load: diabetesFull,
  },
  {
    id: "adult",
    title: "Adult (census income), official split",
    source:
      "datasets/adult data.csv train / test.csv holdout (kinds inferred on train; trailing '.' of test labels removed)",
    target: { column: "income", label: "income" },
    split: { kind: "files" },
    quick: false,
    load: () =>
      inferredFiles(`${SHARED}datasets/adult/data.csv`, `${SHARED}datasets/adult/test.csv`, (text) =>
        text.replace(/\.(\r?\n|$)/g, "$1"),
      ),
  },
];

export function getDataset(id: string): DatasetSpec {
  const d = DATASETS.find((x) => x.id === id);
  if (d === undefined) throw new Error(`unknown dataset "${id}" (known: ${DATASETS.map((x) => x.id).join(", ")})`);
  return d;
}

/** The datasets a bench run covers: named ones, or the quick / full default set. */
export function selectDatasets(options: {
  quick: boolean;
  names?: readonly string[];
  privacyPeers: boolean;
}): DatasetSpec[] {
  if (options.names !== undefined && options.names.length > 0) return options.names.map(getDataset);
  return DATASETS.filter((d) => {
    if (options.quick && !d.quick) return false;
    if (d.privacyPeersOnly) return options.privacyPeers;
    return true;
  });
}
