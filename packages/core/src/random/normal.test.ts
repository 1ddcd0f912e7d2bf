import { test } from "node:test";
import assert from "node:assert/strict";
import { erfc, normalCdf, normalPdf, normalQuantile, normalUpperTail } from "./normal.ts";

/** Relative error against a reference; exact zero only matches zero. */
function relative(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs((actual - expected) / expected);
}

// References computed to 40 significant digits with mpmath (ncdf, erfc, and Φ⁻¹ by 250-step
// bisection on ncdf), written as the nearest doubles. "Full double precision" is held to 4 ulps.
const TOLERANCE = 4 * Number.EPSILON;

test("Φ matches high-precision values in the body and far into both tails", () => {
  const cases: [number, number][] = [
    [-37, 5.725571222524577e-300],
    [-20, 2.7536241186062337e-89],
    [-10, 7.619853024160525e-24],
    [-5, 2.866515718791939e-7],
    [-1.959963984540054, 0.025000000000000012],
    [-1, 0.15865525393145705],
    [0.5, 0.6914624612740131],
    [3, 0.9986501019683699],
  ];
  for (const [x, expected] of cases)
    assert.ok(relative(normalCdf(x), expected) <= TOLERANCE, `Φ(${x}) = ${normalCdf(x)}`);
  assert.equal(normalCdf(0), 0.5);
  assert.equal(normalCdf(-Infinity), 0);
  assert.equal(normalCdf(Infinity), 1);
  assert.ok(Number.isNaN(normalCdf(NaN)));
  // The upper tail is the mirror image, exactly.
  for (const x of [-3, -0.25, 0.7, 12]) assert.equal(normalUpperTail(x), normalCdf(-x));
});

test("erfc and φ at hand-checkable points", () => {
  assert.equal(erfc(0), 1);
  assert.ok(relative(erfc(0.3), 0.6713732405408726) <= TOLERANCE);
  assert.ok(relative(erfc(2), 0.004677734981047266) <= TOLERANCE);
  assert.ok(relative(erfc(6), 2.1519736712498913e-17) <= TOLERANCE);
  assert.ok(relative(erfc(-2), 2 - 0.004677734981047266) <= TOLERANCE);
  assert.equal(erfc(30), 0);
  assert.equal(normalPdf(0), 1 / Math.sqrt(2 * Math.PI));
  assert.ok(relative(normalPdf(1), Math.exp(-0.5) / Math.sqrt(2 * Math.PI)) <= Number.EPSILON);
});

test("Φ⁻¹ matches high-precision quantiles, including p = 1e−300", () => {
  const cases: [number, number][] = [
    [1e-300, -37.0470962993612],
    [1e-10, -6.361340902404057],
    [0.001, -3.0902323061678136],
    [0.025, -1.9599639845400543],
    [0.3, -0.5244005127080408],
    [0.9, 1.2815515655446006],
    [0.975, 1.9599639845400538],
  ];
  for (const [p, expected] of cases)
    assert.ok(relative(normalQuantile(p), expected) <= TOLERANCE, `Φ⁻¹(${p}) = ${normalQuantile(p)}`);
  assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.ok(Number.isNaN(normalQuantile(-0.1)));
  assert.ok(Number.isNaN(normalQuantile(1.5)));
});

test("Φ(Φ⁻¹(p)) returns p to within a few ulps across the unit interval", () => {
  let worst = 0;
  for (let i = 1; i < 2000; i++) {
    const p = i / 2000;
    worst = Math.max(worst, relative(normalCdf(normalQuantile(p)), p));
  }
  assert.ok(worst <= 4 * Number.EPSILON, `worst relative error ${worst}`);
  // In the tail an ulp of x moves Φ by a relative x²·ε, so the round trip is held to that.
  for (const p of [1e-12, 1e-50, 1e-200]) {
    const x = normalQuantile(p);
    assert.ok(relative(normalCdf(x), p) <= 4 * (1 + x * x) * Number.EPSILON, `p = ${p}`);
  }
});
