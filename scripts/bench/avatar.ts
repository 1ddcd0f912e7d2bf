// Avatar fit + sample on Diabetes 130-US hospitals (identifiers excluded), single thread: the
// generator's own path (fitAvatar, then sample n rows), with the neighbour search timed apart.
// Run: node --import tsx scripts/bench/avatar.ts [rows] [param=value ...]
//   rows: leading rows of data.csv to use (default: all 101,766); params as for `--param`.
// CPU time is printed next to wall time: the machine is shared, CPU time is the steadier figure.
import { readFileSync } from "node:fs";
import { readCsv } from "../../packages/core/src/io/csv/index.ts";
import { decodeTable, inferMetadata } from "../../packages/core/src/schema/index.ts";
import { resolveParams } from "../../packages/core/src/generators/params.ts";
import { type AvatarState, avatar, fitAvatar } from "../../packages/core/src/generators/avatar.ts";
import { type NeighbourSearch, sequentialSearch } from "../../packages/core/src/generators/avatar/neighbours.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";

const DATA = new URL("../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url).pathname;
const args = process.argv.slice(2);
const rows = args[0] !== undefined && !args[0].includes("=") ? Number(args[0]) : Infinity;
const given = Object.fromEntries(args.filter((a) => a.includes("=")).map((a) => a.split("=", 2)));

interface Clock {
  wall: number;
  cpu: number;
}
const seconds = (c: Clock) => `wall ${c.wall.toFixed(2).padStart(7)} s   cpu ${c.cpu.toFixed(2).padStart(7)} s`;

function timed<T>(run: () => T): [T, Clock] {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = run();
  const cpu = process.cpuUsage(cpu0);
  return [out, { wall: (performance.now() - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 }];
}

const [table, load] = timed(() => {
  const raw = readCsv(readFileSync(DATA), { source: "data.csv" });
  return decodeTable(raw, inferMetadata(raw).metadata);
});
console.log(`read + infer + decode             ${seconds(load)}`);
const ids = table.columns.filter((c) => c.kind === "identifier").map((c) => c.name);
const train = table.slice(0, Math.min(rows, table.nRows)).drop(ids);
console.log(
  `${train.nRows} rows x ${train.nColumns} columns (dropped ${ids.join(", ")}); params ${JSON.stringify(given)}`,
);

const searchClock: Clock = { wall: 0, cpu: 0 };
const inner = sequentialSearch();
const search: NeighbourSearch = (coords, k) => {
  const [found, c] = timed(() => inner(coords, k));
  searchClock.wall += c.wall;
  searchClock.cpu += c.cpu;
  return found;
};
const params = resolveParams("avatar", avatar.params, given);
const [model, fit] = timed(() => fitAvatar(train, params, { rng: Rng.fromSeed(1) }, { search }));
const [, sample] = timed(() => model.sample(train.nRows, { seed: 2 }));
const rest = { wall: fit.wall - searchClock.wall, cpu: fit.cpu - searchClock.cpu };
console.log(`fit: projection, layout, copies   ${seconds(rest)}`);
console.log(`fit: neighbour search + floor     ${seconds(searchClock)}`);
console.log(`sample ${train.nRows} avatars, finished    ${seconds(sample)}`);
console.log(
  `fit + sample                      ${seconds({ wall: fit.wall + sample.wall, cpu: fit.cpu + sample.cpu })}`,
);
const d = (model.toJSON().state as AvatarState).diagnostics;
// prepareAvatar asks the projection for the first ncp axes only (maxComponents): on wide tables the
// partial eigensolver computes just those.
console.log(
  `${d.projection}, ${d.nComponents} axes computed, variance share on ${d.ncp}: ${d.varianceShareOnNcpAxes.toFixed(3)}; warnings: ${d.warnings.length}`,
);
