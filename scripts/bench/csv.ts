// CSV reader throughput: reads diabetes-130-us-hospitals/data.csv (19 MB, 101,766 x 50) in 1 MB
// chunks, as the CLI streams a file, several times; prints the median and best time.
// Run: node --import tsx scripts/bench/csv.ts [runs] [file]
import { readFileSync } from "node:fs";
import { CsvReader } from "../../packages/core/src/io/csv/index.ts";
import { writeCsv } from "../../packages/core/src/io/csv/index.ts";
import { numericColumn, stringColumn } from "../../packages/core/src/table/column.ts";
import { Table } from "../../packages/core/src/table/table.ts";

const runs = Number(process.argv[2] ?? 7);
const file = process.argv[3] ?? new URL("../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url).pathname;
const bytes = readFileSync(file);
const CHUNK = 1 << 20;

function readOnce(): { ms: number; cpuMs: number; rows: number; columns: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const reader = new CsvReader({ source: file });
  for (let at = 0; at < bytes.length; at += CHUNK) reader.push(bytes.subarray(at, at + CHUNK));
  const raw = reader.end();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, rows: raw.nRows, columns: raw.names.length };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Machine calibration: one charCodeAt pass over the decoded text (the floor of any JS parser). */
function baselineScan(): number {
  const text = new TextDecoder().decode(bytes);
  const start = performance.now();
  let breaks = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) breaks++;
  if (breaks < 0) throw new Error("unreachable");
  return performance.now() - start;
}

const mb = bytes.length / 1e6;
const times: number[] = [];
const cpuTimes: number[] = [];
let shape = "";
for (let r = 0; r < runs; r++) {
  const { ms, cpuMs, rows, columns } = readOnce();
  times.push(ms);
  cpuTimes.push(cpuMs);
  shape = `${rows} rows x ${columns} columns`;
  console.log(`  read run ${r + 1}: ${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms, all threads)`);
}
const med = median(times);
console.log(`read ${file.split("/").slice(-2).join("/")} (${mb.toFixed(1)} MB, ${shape}) in 1 MB chunks`);
console.log(`  first ${times[0].toFixed(0)} ms, median ${med.toFixed(0)} ms, best ${Math.min(...times).toFixed(0)} ms over ${runs} runs`);
console.log(`  ${(mb / (med / 1000)).toFixed(1)} MB/s median; median CPU time ${median(cpuTimes).toFixed(0)} ms`);
const scans = [baselineScan(), baselineScan(), baselineScan()];
console.log(`  calibration: a bare charCodeAt pass over the decoded text takes ${median(scans).toFixed(0)} ms (about 35 ms on an idle 2-core machine)`);

// Writer: a table of the same size (25 numeric, 25 text columns), written whole.
const n = 101_766;
const columns = Array.from({ length: 50 }, (_, j) =>
  j % 2 === 0
    ? numericColumn(`x${j}`, Float64Array.from({ length: n }, (_, i) => ((i * 7919 + j) % 1000) / 10))
    : stringColumn(`s${j}`, "text", Array.from({ length: n }, (_, i) => `v${(i + j) % 37}`)),
);
const table = new Table(columns);
const writeTimes: number[] = [];
let chars = 0;
for (let r = 0; r < Math.max(3, Math.floor(runs / 2)); r++) {
  const start = performance.now();
  chars = writeCsv(table).length;
  writeTimes.push(performance.now() - start);
}
const wmed = median(writeTimes);
console.log(`write ${n} x 50 (${(chars / 1e6).toFixed(1)} M chars): median ${wmed.toFixed(0)} ms, ${(chars / 1e6 / (wmed / 1000)).toFixed(1)} M chars/s`);
