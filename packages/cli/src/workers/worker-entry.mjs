// Worker thread entry: workers do not inherit the parent's tsx loader, so register it here, then
// load the TypeScript worker. A failure to load is reported through the pool's port and signal
// (the main thread may be blocked in Atomics.wait and cannot see the worker's "error" event).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
try {
  await import("./pool-worker.ts");
} catch (error) {
  workerData.port.postMessage({ type: "fatal", message: error instanceof Error ? error.message : String(error) });
  Atomics.add(workerData.signal, 0, 1);
  Atomics.notify(workerData.signal, 0);
}
