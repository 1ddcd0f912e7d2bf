/**
 * Wall and CPU time of one step, and the process's peak resident set so far. CPU time is kept
 * beside wall time because the bench machines are shared: on a loaded machine wall time grows
 * while CPU time barely moves.
 */

export interface Timing {
  readonly wall_s: number;
  readonly cpu_s: number;
}

export function timed<T>(work: () => T): { value: T; timing: Timing } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = work();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { value, timing: { wall_s: wall, cpu_s: (used.user + used.system) / 1e6 } };
}

/** Peak resident set size of this process so far, in MB (maxRSS is in KiB on Linux). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Mean and sample standard deviation (n − 1; 0 for one value); null for no value. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length < 2 ? 0 : Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd };
}
