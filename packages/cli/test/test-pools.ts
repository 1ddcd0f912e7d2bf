import { after, before } from "node:test";
import { WorkerPool } from "../src/workers/pool.ts";

/** Starts a pool of one worker and one of two before the file's tests, and closes both after. */
export function withTestPools(started: (one: WorkerPool, two: WorkerPool) => void): void {
  let pools: [WorkerPool, WorkerPool] | null = null;
  before(() => {
    pools = [WorkerPool.start(1), WorkerPool.start(2)];
    started(...pools);
  });
  after(async () => {
    if (pools !== null) await Promise.all(pools.map((p) => p.close()));
  });
}
