// Timings of the exact neighbour searches, CPU (this process) and wall, with extrapolations.
// - Euclidean k-NN on projection-like Gaussian coordinates (5 and 30 dims), n x n within-table.
// - Gower (sosie) 2-NN — what DCR and NNDR need — on real Diabetes 130-US hospitals rows: the
//   first `rows` rows as "real" and the next `rows` rows as queries, every modelled column;
//   extrapolated to 100k x 100k by pairs (the pruned search is sub-quadratic, so this is pessimistic).
// Run: node --import tsx scripts/bench/knn.ts [scale] [gowerRows]
//   scale < 1 shrinks the Euclidean sizes; gowerRows defaults to 10,000.
import { readFileSync } from "node:fs";
import { Rng } from "../../packages/core/src/random/rng.ts";
import { readCsv } from "../../packages/core/src/io/csv/index.ts";
import { decodeTable, inferMetadata } from "../../packages/core/src/schema/index.ts";
import { knn } from "../../packages/core/src/neighbors/euclidean.ts";
import { GowerSpace } from "../../packages/core/src/neighbors/gower.ts";

const scale = Number(process.argv[2] ?? 1);
const gowerRows = Number(process.argv[3] ?? 10_000);
const pairs100k = 1e5 * 1e5;
const DATA = new URL("../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url).pathname;

/** Times `run` by CPU time of this process (robust when other jobs share the cores) and wall time. */
function timed(label: string, nq: number, nr: number, run: () => void): void {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wall = (performance.now() - wall0) / 1000;
  const nsPerPair = (cpuSeconds * 1e9) / (nq * nr);
  const at100k = (cpuSeconds * pairs100k) / (nq * nr);
  console.log(
    `${label.padEnd(52)} cpu ${cpuSeconds.toFixed(2).padStart(7)} s (wall ${wall.toFixed(2)} s)  ${nsPerPair.toFixed(2)} ns/pair` +
      `  -> 100k x 100k: ${at100k.toFixed(0)} s CPU, ~${(at100k / 1.92).toFixed(0)} s on 2 workers`,
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
  timed(`euclidean 20-NN ${n} within, ${dims} dims, excludeSelf`, n, n, () =>
    knn(r, n, r, n, dims, 20, { excludeSelf: true }),
  );
}

{
  const raw = readCsv(readFileSync(DATA), { source: "data.csv" });
  const table = decodeTable(raw, inferMetadata(raw).metadata);
  const ids = table.columns.filter((c) => c.kind === "identifier").map((c) => c.name);
  const modelled = table.drop(ids);
  const n = Math.min(gowerRows, Math.floor(modelled.nRows / 2));
  const real = modelled.slice(0, n);
  const synth = modelled.slice(n, 2 * n);
  const space = GowerSpace.fit(real);
  const R = space.encode(real);
  const S = space.encode(synth);
  timed(`gower 2-NN diabetes-130 ${n} x ${n}, ${space.columns.length} columns`, n, n, () => space.knn(S, R, 2));
}
