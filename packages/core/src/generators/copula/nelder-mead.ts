/**
 * Nelder–Mead simplex minimisation for small smooth problems (the truncated-normal likelihood):
 * standard coefficients (reflect 1, expand 2, contract ½, shrink ½), a fixed iteration cap and a
 * relative tolerance on the spread of function values, so its result is deterministic.
 */
export function minimize(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  steps: readonly number[],
  maxIterations = 500,
): number[] {
  const n = start.length;
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += steps[i];
    simplex.push(p);
  }
  let values = simplex.map(f);
  const along = (from: number[], to: number[], t: number): number[] => from.map((x, i) => x + t * (to[i] - x));
  for (let it = 0; it < maxIterations; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
    const sorted = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    simplex.splice(0, simplex.length, ...sorted);
    if (Math.abs(values[n] - values[0]) <= 1e-12 * (Math.abs(values[0]) + 1e-12)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k] += simplex[i][k] / n;
    const worst = simplex[n];
    const reflected = along(worst, centroid, 2);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = along(worst, centroid, 3);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(worst, centroid, 1.5) : along(worst, centroid, 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n])) [simplex[n], values[n]] = [contracted, fc];
      else
        for (let i = 1; i <= n; i++) {
          simplex[i] = along(simplex[0], simplex[i], 0.5);
          values[i] = f(simplex[i]);
        }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[best]) best = i;
  return simplex[best];
}
