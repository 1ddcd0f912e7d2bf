import { test } from "node:test";
import assert from "node:assert/strict";
import { rocAuc } from "../../learn/index.ts";
import { downsampleRoc, rankScores, rocSummary, tprAtFpr } from "./roc.ts";

const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not ${expected} ± ${tol}`);

// §5.1 hint: members [0.9, 0.8, 0.3], non-members [0.7, 0.3, 0.1].
const scores = [0.9, 0.8, 0.3, 0.7, 0.3, 0.1];
const members = [1, 1, 1, 0, 0, 0];

test("§5.1 hint: AUC = 7.5/9, ROC vertices with the tie diagonal, TPR@10% = 2/3, advantage 2/3 at 0.8", () => {
  const ranked = rankScores(scores, members);
  const s = rocSummary(ranked);
  close(s.auc, 7.5 / 9);
  close(s.auc, rocAuc(members, scores));
  const points = Array.from(s.fpr, (f, i) => [f, s.tpr[i]]);
  const expected = [
    [0, 0],
    [0, 1 / 3],
    [0, 2 / 3],
    [1 / 3, 2 / 3],
    [2 / 3, 1],
    [1, 1],
  ];
  assert.equal(points.length, expected.length);
  points.forEach(([f, t], i) => {
    close(f, expected[i][0]);
    close(t, expected[i][1]);
  });
  close(tprAtFpr(s.fpr, s.tpr, 0.1), 2 / 3);
  close(s.advantage, 2 / 3);
  // The advantage is reached once the groups down to score 0.8 are labelled "member".
  assert.equal(scores[ranked.order[ranked.groupEnd[s.advantageGroups - 1] - 1]], 0.8);
  // Top half (0.9, 0.8, 0.7) labelled member: 2 true members, 2 true non-members of 6.
  close(s.accuracyAtMedian, 4 / 6);
});

test("TPR inside the tie diagonal is interpolated; a vertical rise returns its top", () => {
  const s = rocSummary(rankScores(scores, members));
  close(tprAtFpr(s.fpr, s.tpr, 0.5), 2 / 3 + 0.5 * (1 / 3)); // halfway along (1/3, 2/3) → (2/3, 1)
  close(tprAtFpr(s.fpr, s.tpr, 0), 2 / 3);
  close(tprAtFpr(s.fpr, s.tpr, 1), 1);
});

test("weights act as repeated candidates (bootstrap counts)", () => {
  const ranked = rankScores(scores, members);
  const weighted = rocSummary(ranked, [2, 0, 1, 1, 0, 3]);
  const expanded = rocSummary(rankScores([0.9, 0.9, 0.3, 0.7, 0.1, 0.1, 0.1], [1, 1, 1, 0, 0, 0, 0]));
  close(weighted.auc, expanded.auc);
  close(weighted.advantage, expanded.advantage);
  close(weighted.accuracyAtMedian, expanded.accuracyAtMedian);
  close(tprAtFpr(weighted.fpr, weighted.tpr, 0.1), tprAtFpr(expanded.fpr, expanded.tpr, 0.1));
});

test("the report curve is a fixed grid of (fpr, tpr) pairs from (0, ·) to (1, 1)", () => {
  const curve = downsampleRoc(rocSummary(rankScores(scores, members)));
  assert.equal(curve[0].fpr, 0);
  close(curve[0].tpr, 2 / 3);
  assert.deepEqual(curve.at(-1), { fpr: 1, tpr: 1 });
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i].tpr >= curve[i - 1].tpr);
});
