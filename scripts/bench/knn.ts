// Single-thread timings of the exact neighbour searches, with the extrapolation to 100k x 100k
// (brute force: time grows with queries x references). Synthetic data from fixed seeds.
// Run: node --import tsx scripts/bench/knn.ts [scale]   (scale < 1 shrinks every size, for a quick look)
import { Rng } from "../../packages/core/src/random/rng.ts";
import { categoricalColumn, numericColumn } from "../../packages/core/src/table/column.ts";
import { Table } from "../../packages/core/src/table/table.ts";
import { knn } from "../../packages/core/src/neighbors/euclidean.ts";
import { GowerSpace } from "../../packages/core/src/neighbors/gower.ts";

const scale = Number(process.argv[2] ?? 1);
const pairs100k = 1e5 * 1e5;

/** Times `run` by CPU time of this process (robust when other jobs share the cores) and wall time. */
function timed(label: string, nq: number, nr: number, run: () => void): void {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wall = (performance.now() - wall0) / 1000;
  const at100k = (cpuSeconds * pairs100k) / (nq * nr);
  console.log(
    `${label.padEnd(44)} cpu ${cpuSeconds.toFixed(2).padStart(7)} s (wall ${wall.toFixed(2)} s)  -> 100k x 100k: ` +
      `${at100k.toFixed(0)} s single thread, ~${(at100k / 1.92).toFixed(0)} s on 2 workers (1.92x, stack.md)`,
  );
}

function gaussian(rng: Rng, n: number, dims: number): Float64Array {
  // Decreasing variance per axis, like projected coordinates.
  return Float64Array.from({ length: n * dims }, (_, i) => rng.normal() * Math.sqrt(1 / (1 + (i % dims))));
}

for (const dims of [5, 30]) {
  const n = Math.round(50_000 * scale);
  const rng = Rng.fromSeed(2024 + dims);
  const q = gaussian(rng, n, dims);
  const r = gaussian(rng, n, dims);
  timed(`euclidean 5-NN ${n} x ${n}, ${dims} dims`, n, n, () => knn(q, n, r, n, dims, 5));
}

/** 50 columns shaped like diabetes-130: 10 numeric (counts and ages), 40 categoricals, mostly skewed. */
function mixed(rng: Rng, n: number): Table {
  const cols = [];
  for (let c = 0; c < 10; c++) {
    const v = new Float64Array(n);
    const m = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      v[i] = Math.floor(rng.exponential() * (2 + 3 * c));
      m[i] = rng.next() < 0.01 ? 1 : 0;
    }
    cols.push(numericColumn(`n${c}`, v, { kind: "integer", missing: m }));
  }
  for (let c = 0; c < 40; c++) {
    const nLevels = c < 5 ? 20 + c * 10 : 2 + (c % 4);
    const levels = Array.from({ length: nLevels }, (_, l) => `v${l}`);
    const codes = new Int32Array(n);
    const skew = c < 5 ? 0.15 : 0.6 + (c % 3) * 0.15;
    for (let i = 0; i < n; i++) codes[i] = rng.next() < skew ? 0 : rng.int(nLevels);
    cols.push(categoricalColumn(`c${c}`, codes, levels));
  }
  return new Table(cols);
}

{
  const n = Math.round(20_000 * scale);
  const rng = Rng.fromSeed(77);
  const real = mixed(rng, n);
  const synth = mixed(rng, n);
  const space = GowerSpace.fit(real);
  const R = space.encode(real);
  const S = space.encode(synth);
  timed(`gower 1-NN ${n} x ${n}, 50 mixed columns`, n, n, () => space.knn(S, R, 1));
}
