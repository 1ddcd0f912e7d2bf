/**
 * The real tables the established tools were measured on (../shared/bench), loaded as
 * ../shared/bench/peers.md says: kinds forced from the folder's types.json (SDV sdtypes), and the
 * empty string as the only missing token. Shared by the quality and privacy acceptance tests and
 * the one-off bench scripts.
 */
import { readFileSync } from "node:fs";
import { readCsv } from "../src/io/csv/index.ts";
import { METADATA_VERSION, decodeTable, type Metadata } from "../src/schema/index.ts";
import type { ColumnKind } from "../src/table/column.ts";
import type { Table } from "../src/table/table.ts";

const BENCH = new URL("../../../../shared/bench/", import.meta.url).pathname;

const KIND_OF_SDTYPE: Readonly<Record<string, ColumnKind>> = {
  numerical: "continuous",
  categorical: "categorical",
  datetime: "datetime",
};

/** `file` of the folder `folder` under shared/bench (e.g. "peer-outputs/heart", "real.csv"). */
export function loadPeerTable(folder: string, file = "real.csv"): Table {
  const dir = `${BENCH}${folder}`;
  const types = JSON.parse(readFileSync(`${dir}/types.json`, "utf8")) as Record<string, string>;
  const raw = readCsv(readFileSync(`${dir}/${file}`), { source: `${folder}/${file}` });
  const metadata: Metadata = {
    sosie: METADATA_VERSION,
    columns: raw.names.map((name) => ({ name, kind: KIND_OF_SDTYPE[types[name]] })),
    missingTokens: [""],
  };
  return decodeTable(raw, metadata);
}
