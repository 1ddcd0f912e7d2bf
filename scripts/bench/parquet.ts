/**
 * Parquet (and Arrow) codec speed on a synthetic 100,000 × 50 mixed table with a fixed seed.
 * Run: node --import tsx scripts/bench/parquet.ts
 */
import { loadavg } from "node:os";
import { readParquet, writeParquet } from "../../packages/core/src/io/parquet.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import { tableFromArrow, tableToArrow } from "../../packages/core/src/table/arrow.ts";
import {
  booleanColumn,
  categoricalColumn,
  numericColumn,
  stringColumn,
  temporalColumn,
  type Column,
} from "../../packages/core/src/table/column.ts";
import { Table } from "../../packages/core/src/table/table.ts";

const ROWS = 100_000;
const REPEATS = 5;
const MISSING_RATE = 0.05;

/** Column mix: 15 continuous, 10 integer, 10 categorical, 5 boolean, 4 date, 2 datetime, 2 identifier, 2 text. */
const MIX: [kind: Column["kind"], count: number][] = [
  ["continuous", 15],
  ["integer", 10],
  ["categorical", 10],
  ["boolean", 5],
  ["date", 4],
  ["datetime", 2],
  ["identifier", 2],
  ["text", 2],
];

function syntheticColumn(kind: Column["kind"], name: string, rng: Rng): Column {
  const missing = Uint8Array.from({ length: ROWS }, () => (rng.next() < MISSING_RATE ? 1 : 0));
  const floats = (draw: () => number) => Float64Array.from({ length: ROWS }, draw);
  switch (kind) {
    case "continuous":
      return numericColumn(name, floats(() => Math.round((50 + 12 * rng.normal()) * 100) / 100), { missing, decimals: 2 });
    case "integer":
      return numericColumn(name, floats(() => rng.int(120)), { kind, missing });
    case "categorical": {
      const levels = Array.from({ length: 2 + rng.int(18) }, (_, i) => `level ${i}`);
      return categoricalColumn(name, Int32Array.from({ length: ROWS }, () => rng.int(levels.length)), levels, { missing });
    }
    case "boolean":
      return booleanColumn(name, Uint8Array.from({ length: ROWS }, () => rng.int(2)), { missing, tokens: ["No", "Yes"] });
    case "date":
      return temporalColumn(name, kind, floats(() => -7300 + rng.int(27000)), "YYYY-MM-DD", { missing });
    case "datetime":
      return temporalColumn(name, kind, floats(() => 1.6e9 + rng.int(1e8) + rng.int(1000) / 1000), "YYYY-MM-DDTHH:mm:ssZ", {
        missing,
      });
    case "identifier":
      return stringColumn(name, kind, Array.from({ length: ROWS }, () => `9${String(rng.uint32()).padStart(10, "0")}${String(rng.uint32()).padStart(8, "0")}`), {
        missing,
      });
    case "text":
      return stringColumn(name, kind, Array.from({ length: ROWS }, () => `note ${rng.uint32().toString(36)} ${rng.uint32().toString(36)}`), {
        missing,
      });
  }
}

function syntheticTable(seed: number): Table {
  const root = Rng.fromSeed(seed);
  const columns: Column[] = [];
  for (const [kind, count] of MIX)
    for (let k = 0; k < count; k++) columns.push(syntheticColumn(kind, `${kind}_${k + 1}`, root.derive(kind, k)));
  return new Table(columns);
}

interface Timing {
  wallMs: number;
  /** Process CPU time (user + system): less sensitive than wall time to other load on the machine. */
  cpuMs: number;
}

async function median(run: () => unknown): Promise<Timing> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[REPEATS >> 1];
  return { wallMs: mid(wall), cpuMs: mid(cpu) };
}

const show = (t: Timing) => `${t.wallMs.toFixed(0)} ms (CPU ${t.cpuMs.toFixed(0)} ms)`;

const buildStart = performance.now();
const table = syntheticTable(20240601);
console.log(`table: ${table.nRows} rows x ${table.nColumns} columns (built in ${(performance.now() - buildStart).toFixed(0)} ms)`);

for (const compression of ["snappy", "uncompressed"] as const) {
  const bytes = writeParquet(table, { compression });
  const write = await median(() => writeParquet(table, { compression }));
  const read = await median(() => readParquet(bytes));
  console.log(`parquet ${compression}: ${(bytes.length / 1e6).toFixed(1)} MB, writeParquet ${show(write)}, readParquet ${show(read)}`);
}

const arrow = tableToArrow(table);
const toArrow = await median(() => tableToArrow(table));
const fromArrow = await median(() => tableFromArrow(arrow));
console.log(`arrow: tableToArrow ${show(toArrow)}, tableFromArrow ${show(fromArrow)}`);
console.log(`medians of ${REPEATS} runs; load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);
