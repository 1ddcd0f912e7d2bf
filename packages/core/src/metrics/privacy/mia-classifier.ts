/**
 * `mia-classifier` (privacy-metrics.md §5.7; LOGAN black-box, Clover's detector): a gradient-boosted
 * classifier learns S (label 1) against H_ref (label 0), balanced by seeded subsampling of the
 * larger side, with encoders fitted on S ∪ H_ref; a candidate's score is P(label 1).
 * Settings are those of the fast learning profile (learn's defaults).
 */
import {
  applyEncoding,
  datasetFromTable,
  encodingOf,
  fitGbt,
  GBT_DEFAULTS,
  type GbtOptions,
} from "../../learn/index.ts";
import { Rng } from "../../random/rng.ts";
import { categoricalColumn } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import type { Metric } from "../types.ts";
import { type MiaOptions, runMia, stackTables } from "./mia-setup.ts";

export interface ClassifierAttackOptions extends MiaOptions {
  /** Overrides of the fast profile's boosting settings (e.g. fewer trees in tests). */
  readonly learner?: GbtOptions;
}

const ID = "mia-classifier";

/** A label column name that no data column uses. */
function labelName(table: Table): string {
  let name = "synthetic?";
  while (table.has(name)) name += "_";
  return name;
}

function withLabel(table: Table, name: string, label: 0 | 1): Table {
  return table.withColumn(categoricalColumn(name, new Int32Array(table.nRows).fill(label), ["0", "1"]));
}

export const miaClassifier: Metric<ClassifierAttackOptions> = {
  id: ID,
  kind: "privacy",
  membershipAttack: true,
  needs: ["real", "synthetic", "holdout"],
  optional: [],
  variants: ["sosie"],
  description: "Classifier membership attack: gradient-boosted trees trained on S against H_ref score P(synthetic)",
  compute(input, options) {
    return runMia(ID, input, options, (setup) => {
      const stream = Rng.fromSeed(setup.seed).derive(ID);
      const n = Math.min(setup.synthetic.nRows, setup.reference.nRows);
      const balanced = (t: Table, tag: string) =>
        t.nRows > n ? t.select(stream.derive("balance").derive(tag).sampleWithoutReplacement(t.nRows, n).sort()) : t;
      const train = stackTables(
        [balanced(setup.synthetic, "synthetic"), balanced(setup.reference, "reference")],
        setup.columns,
      );
      const label = labelName(train);
      const codes = new Int32Array(train.nRows);
      codes.fill(1, 0, n);
      const data = datasetFromTable(train.withColumn(categoricalColumn(label, codes, ["0", "1"])), label, {
        classes: ["0", "1"],
      });
      const model = fitGbt(data, { ...GBT_DEFAULTS, ...options?.learner }, stream.derive("refit"));
      const candidates = applyEncoding(withLabel(setup.candidates, label, 0), encodingOf(data));
      const proba = model.predict(candidates);
      return {
        scores: Float64Array.from({ length: candidates.nRows }, (_, i) => proba[i * 2 + 1]),
        notes: [
          `classifier: gradient-boosted trees (fast profile) on ${n} synthetic vs ${n} H_ref rows, encoders fitted on S ∪ H_ref`,
        ],
      };
    });
  },
};
