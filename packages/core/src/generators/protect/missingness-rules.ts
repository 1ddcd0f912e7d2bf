/**
 * Value-dependent missingness: a field present only when another column takes some values
 * ("pregnancies" only when sex = F, a dose only when treated = yes). Generators reproduce rates
 * and joint patterns of ∅, but a copula or an interpolation blurs such a rule. At fit we record,
 * for each column B with ∅ and each categorical or boolean column A (or any column's own ∅),
 * the states of A in which B is never present in R, counting only states held by at least
 * MIN_SUPPORT rows (a handful of rows is no rule, and naming its level would describe them). On
 * output, B is set to ∅ in rows where A is in such a state; nothing is random.
 */
import type { Column } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";

/** Rows an A-state needs in R before "B is never present there" becomes a rule. */
export const MIN_SUPPORT = 10;

/** Largest chance probability of "B never present in this state" for the state to make a rule. */
export const RULE_EVIDENCE = 1e-6;

export interface MissingnessRule {
  /** B: set to ∅ when the condition holds. */
  readonly target: string;
  /** A. */
  readonly source: string;
  /** A-states where B is absent: level texts (booleans: tokens), null for ∅. */
  readonly absentWhen: readonly (string | null)[];
}

/**
 * State of each row of A: its level code, or nLevels for ∅. A numeric or date A has two states,
 * "observed" (label undefined: never a rule, the values are not levels) and ∅.
 */
function statesOf(c: Column): { states: Int32Array; labels: (string | null | undefined)[] } {
  const n = c.length;
  const states = new Int32Array(n);
  const texts = c.kind === "categorical" ? c.levels : c.kind === "boolean" ? c.tokens : [undefined];
  for (let i = 0; i < n; i++) {
    if (c.missing[i]) states[i] = texts.length;
    else states[i] = c.kind === "categorical" ? c.codes[i] : c.kind === "boolean" ? c.values[i] : 0;
  }
  return { states, labels: [...texts, null] };
}

export function learnMissingnessRules(train: Table, names: readonly string[]): MissingnessRule[] {
  const columns = names.map((n) => train.column(n));
  const targets = columns.filter((c) => {
    let m = 0;
    for (let i = 0; i < c.length; i++) m += c.missing[i];
    return m > 0 && m < c.length;
  });
  if (targets.length === 0) return [];
  const sources = columns.map(statesOf);
  const rules: MissingnessRule[] = [];
  for (const b of targets) {
    let presentTotal = 0;
    for (let i = 0; i < b.length; i++) presentTotal += 1 - b.missing[i];
    const presentRate = presentTotal / b.length;
    columns.forEach((a, j) => {
      if (a === b) return;
      const { states, labels } = sources[j];
      const rows = new Float64Array(labels.length);
      const present = new Float64Array(labels.length);
      for (let i = 0; i < states.length; i++) {
        rows[states[i]]++;
        if (!b.missing[i]) present[states[i]]++;
      }
      const absentWhen: (string | null)[] = [];
      labels.forEach((label, s) => {
        // Only level states: rules keyed on another column's ∅ compound with the generator's own
        // joint model of ∅ and inflated missing rates (copula on pbc: 25 % → 60 %).
        // A rule needs evidence: B never present in a state where chance alone would rarely hide it
        // ((1 − presence rate)^rows < RULE_EVIDENCE). A mostly-missing B absent from a small
        // state is chance, and forcing it would inflate B's missing rate.
        if (
          label !== undefined &&
          label !== null &&
          rows[s] >= MIN_SUPPORT &&
          present[s] === 0 &&
          Math.pow(1 - presentRate, rows[s]) < RULE_EVIDENCE
        )
          absentWhen.push(label);
      });
      if (absentWhen.length > 0) rules.push({ target: b.name, source: a.name, absentWhen });
    });
  }
  return rules;
}

/** Whether row i of A is in one of the states. */
function stateMatcher(a: Column, absentWhen: readonly (string | null)[]): (i: number) => boolean {
  const onMissing = absentWhen.includes(null);
  const texts = a.kind === "categorical" ? a.levels : a.kind === "boolean" ? a.tokens : [];
  const hit = texts.map((t) => absentWhen.includes(t));
  return (i) => {
    if (a.missing[i]) return onMissing;
    if (a.kind === "categorical") return hit[a.codes[i]] === true;
    if (a.kind === "boolean") return hit[a.values[i]] === true;
    return false;
  };
}

/**
 * Put ∅ in B where a rule says so, in place (sentinels under the mask); returns cells changed.
 * A new ∅ may trigger a rule on its own ∅ state, so passes repeat until nothing changes.
 */
export function enforceMissingnessRules(table: Table, rules: readonly MissingnessRule[]): number {
  let total = 0;
  for (let pass = 0; pass <= rules.length; pass++) {
    const changed = enforceOnce(table, rules);
    total += changed;
    if (changed === 0) break;
  }
  return total;
}

function enforceOnce(table: Table, rules: readonly MissingnessRule[]): number {
  let changed = 0;
  for (const rule of rules) {
    if (!table.has(rule.target) || !table.has(rule.source)) continue;
    const b = table.column(rule.target);
    const matches = stateMatcher(table.column(rule.source), rule.absentWhen);
    for (let i = 0; i < b.length; i++) {
      if (b.missing[i] || !matches(i)) continue;
      setMissing(b, i);
      changed++;
    }
  }
  return changed;
}

function setMissing(c: Column, i: number): void {
  c.missing[i] = 1;
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime":
      c.values[i] = NaN;
      break;
    case "categorical":
      c.codes[i] = -1;
      break;
    case "boolean":
      c.values[i] = 0;
      break;
    default:
      break;
  }
}
