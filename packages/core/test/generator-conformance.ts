/**
 * Conformance of a synthetic table to the real table it was fitted on (generators issue,
 * acceptance): the output keeps the metadata — names, order, kinds, ranges, domains, tokens,
 * formats and missing rates — and never copies identifiers or free text.
 *
 * Problems name the column and give counts and rates only, never a cell's value, so they may be
 * printed for any dataset (mimic-iv-demo-omop included).
 */
import {
  type Column,
  type NumericColumn,
  type TemporalColumn,
  countMissing,
  isFloatColumn,
} from "../src/table/column.ts";
import type { Table } from "../src/table/table.ts";
import { fitGenerator } from "../src/generators/registry.ts";
import type { FittedGenerator } from "../src/generators/types.ts";
import { SosieInputError } from "../src/errors.ts";

/**
 * Allowed gap between the synthetic and the real missing rate of a column: 2 points, widened for
 * small synthetic tables to 3.5 binomial standard errors of a rate p drawn over n rows
 * (n = 100 and p = 0.4 allow 0.171), since a faithful generator still draws ∅ at random.
 * Why 3.5 and not the spec's 3 for a single check: the full run (scripts/conformance-full.ts)
 * makes about 110 widened checks (19 small-table columns with ∅ × 6 generators), and at 3 σ a
 * faithful generator fails one of them about one run in four (pbc's CART drew 31.8 % against
 * 25.4 % at the run's seed: 3.0 σ, while its mean over 20 other seeds is 25.2 %). 3.5 σ is the
 * two-sided 5 % level shared over those checks (Bonferroni, 0.05 / 110); a biased generator is
 * still caught (bayesnet's 24.3 % against 18.4 % on 2,000 rows, once, was 6.8 σ).
 */
export function missingRateTolerance(p: number, n: number): number {
  return Math.max(0.02, 3.5 * Math.sqrt((p * (1 - p)) / n));
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * Problems of `synthetic` against `real`; empty when it conforms. `suppressed`: columns the
 * privacy preset leaves out as ∅ by design (every level rare; the model's privacy record names
 * them), whose missing rate is not the generator's to keep.
 */
export function checkConformance(real: Table, synthetic: Table, suppressed: readonly string[] = []): string[] {
  const problems: string[] = [];
  const realNames = real.names;
  const synthNames = synthetic.names;
  if (realNames.join("\u0000") !== synthNames.join("\u0000")) {
    const absent = realNames.filter((n) => !synthetic.has(n));
    const extra = synthNames.filter((n) => !real.has(n));
    if (absent.length > 0) problems.push(`columns absent from the synthetic table: ${absent.join(", ")}`);
    if (extra.length > 0) problems.push(`columns not in the real table: ${extra.join(", ")}`);
    if (absent.length === 0 && extra.length === 0) problems.push(`column order differs: ${synthNames.join(", ")}`);
  }
  for (const r of real.columns) {
    if (!synthetic.has(r.name)) continue;
    const s = synthetic.column(r.name);
    if (s.kind !== r.kind) {
      problems.push(`${r.name}: kind ${s.kind}, real ${r.kind}`);
      continue;
    }
    if (!suppressed.includes(r.name)) checkMissingRate(r, s, problems);
    checkValues(r, s, problems);
  }
  return problems;
}

function checkMissingRate(r: Column, s: Column, problems: string[]): void {
  // Free text is never learned: generators write it as ∅ by design (finishTable), so its rate is
  // not the generator's to keep; what matters for text is that nothing is copied (checkValues).
  if (r.kind === "text" || s.length === 0 || r.length === 0) return;
  const mr = countMissing(r);
  const ms = countMissing(s);
  const p = mr / r.length;
  const q = ms / s.length;
  const tol = missingRateTolerance(p, s.length);
  if (Math.abs(q - p) > tol)
    problems.push(
      `${r.name}: missing ${ms}/${s.length} (${pct(q)}), real ${mr}/${r.length} (${pct(p)}), tolerance ${pct(tol)}`,
    );
}

function checkValues(r: Column, s: Column, problems: string[]): void {
  switch (r.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      if (!isFloatColumn(s)) return;
      // s has r's kind (checked by the caller), hence the casts.
      if (r.kind === "date" || r.kind === "datetime") {
        if ((s as TemporalColumn).format !== r.format) problems.push(`${r.name}: temporal format changed`);
      } else if ((s as NumericColumn).decimals !== (r as NumericColumn).decimals)
        problems.push(`${r.name}: written decimals changed`);
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < r.length; i++) {
        if (r.missing[i]) continue;
        if (r.values[i] < min) min = r.values[i];
        if (r.values[i] > max) max = r.values[i];
      }
      const values = s.values;
      // Dates are whole days; integers whole numbers.
      const integral = r.kind === "integer" || r.kind === "date";
      let outside = 0;
      let fractional = 0;
      let nonFinite = 0;
      for (let i = 0; i < s.length; i++) {
        if (s.missing[i]) continue;
        const v = values[i];
        if (!Number.isFinite(v)) nonFinite++;
        else {
          if (v < min || v > max) outside++;
          if (integral && !Number.isInteger(v)) fractional++;
        }
      }
      if (nonFinite > 0) problems.push(`${r.name}: ${nonFinite} non-finite values not marked missing`);
      if (outside > 0)
        problems.push(
          min <= max
            ? `${r.name}: ${outside}/${s.length} values outside the real [min, max]`
            : `${r.name}: ${outside} values where the real column is entirely missing`,
        );
      if (fractional > 0)
        problems.push(
          `${r.name}: ${fractional}/${s.length} non-integral values in a${r.kind === "integer" ? "n integer" : " date"} column`,
        );
      return;
    }
    case "categorical": {
      if (s.kind !== "categorical") return;
      if (s.ordered !== r.ordered) problems.push(`${r.name}: ordered flag changed`);
      // The domain is the levels observed in the real table (what the generator was fitted on).
      const observed = new Set<string>();
      for (let i = 0; i < r.length; i++) if (!r.missing[i]) observed.add(r.levels[r.codes[i]]);
      const inDomain = s.levels.map((l) => observed.has(l));
      let foreign = 0;
      for (let i = 0; i < s.length; i++) if (!s.missing[i] && !inDomain[s.codes[i]]) foreign++;
      if (foreign > 0)
        problems.push(`${r.name}: ${foreign}/${s.length} values outside the ${observed.size} real levels`);
      return;
    }
    case "boolean": {
      if (s.kind !== "boolean") return;
      if (s.tokens[0] !== r.tokens[0] || s.tokens[1] !== r.tokens[1])
        problems.push(`${r.name}: boolean tokens changed`);
      return;
    }
    case "identifier":
    case "text": {
      if (s.kind !== "identifier" && s.kind !== "text") return;
      const realValues = new Set<string>();
      for (let i = 0; i < r.length; i++) if (!r.missing[i]) realValues.add(r.values[i]);
      const seen = new Set<string>();
      let copied = 0;
      let repeated = 0;
      for (let i = 0; i < s.length; i++) {
        if (s.missing[i]) continue;
        const v = s.values[i];
        if (realValues.has(v)) copied++;
        if (seen.has(v)) repeated++;
        else seen.add(v);
      }
      if (copied > 0)
        problems.push(
          `${r.name}: ${copied}/${s.length} ${r.kind === "text" ? "texts" : "identifiers"} equal to a real value`,
        );
      // Identifiers are regenerated unique; repeated free text is not itself a leak.
      if (r.kind === "identifier" && repeated > 0) problems.push(`${r.name}: ${repeated} repeated identifiers`);
      return;
    }
  }
}

/**
 * A model at the default preset, or at "off" where the preset refuses a table with fewer subjects
 * than its k (mimic's cdm_source.csv has one row): that refusal is the clear error such a table
 * gets, and the conformance of the generator is still checked on it.
 */
export function fitDefaultOrOff(method: string, real: Table, seed: number): FittedGenerator {
  try {
    return fitGenerator(method, real, { seed });
  } catch (e) {
    if (!(e instanceof SosieInputError && e.code === "too-few-subjects") || real.nRows >= 5) throw e;
    return fitGenerator(method, real, { seed, privacy: "off" });
  }
}
