import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgress, formatDuration, REDRAW_INTERVAL_MS, renderBar } from "./progress.ts";

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (s: string) => chunks.push(s) } };
}

/** A clock the test moves by hand. */
function manualClock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test("without a terminal, each step is a start line and a done line with its elapsed time", async () => {
  const { chunks, stream } = recorder(false);
  const clock = manualClock();
  const progress = createProgress(stream, { now: clock.now });
  const result = await progress.step("read a.csv", (report) => {
    report(0.5);
    clock.advance(250);
    return 42;
  });
  assert.equal(result, 42);
  assert.deepEqual(
    chunks.map((c) => JSON.parse(c)),
    [
      { step: "read a.csv", status: "start" },
      { step: "read a.csv", status: "done", elapsed_ms: 250 },
    ],
  );
  assert.ok(chunks.every((c) => c.endsWith("\n")));
});

test("a failing step is reported as failed and its error propagates", async () => {
  const { chunks, stream } = recorder(false);
  const progress = createProgress(stream, { now: manualClock().now });
  await assert.rejects(
    progress.step("decode", () => {
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(JSON.parse(chunks[1]).status, "failed");
});

test("quiet progress writes nothing", async () => {
  const { chunks, stream } = recorder(true);
  const progress = createProgress(stream, { quiet: true });
  assert.equal(await progress.step("x", (report) => (report(1), "ok")), "ok");
  assert.deepEqual(chunks, []);
});

test("on a terminal the bar is redrawn at most once per interval", async () => {
  const { chunks, stream } = recorder(true);
  const clock = manualClock();
  const progress = createProgress(stream, { now: clock.now });
  await progress.step("read big.csv", (report) => {
    for (let i = 1; i <= 100; i++) {
      clock.advance(REDRAW_INTERVAL_MS / 10);
      report(i / 100);
    }
  });
  // 100 updates over 10 intervals: the first draw, about one per interval, and the final line.
  const draws = chunks.filter((c) => c.includes("█") || c.includes("░"));
  assert.ok(draws.length >= 10 && draws.length <= 12, `drew ${draws.length} times`);
  assert.match(chunks.at(-1)!, /✓ read big\.csv \(1\.0 s\)\n$/);
});

test("renderBar shows the name, a bar, the percentage and the elapsed time within the width", () => {
  const line = renderBar("read a.csv", 0.5, 1500, 80);
  assert.match(line, /^read a\.csv █+░+ {2}50% 1\.5 s$/);
  assert.ok(line.length < 80);
  assert.equal(renderBar("infer", undefined, 200, 80), "infer … 0.2 s");
  assert.ok(renderBar("x".repeat(200), 0.1, 0, 40).length < 40);
});

test("formatDuration", () => {
  assert.equal(formatDuration(400), "0.4 s");
  assert.equal(formatDuration(12_300), "12 s");
  assert.equal(formatDuration(125_000), "2 min 05 s");
});
