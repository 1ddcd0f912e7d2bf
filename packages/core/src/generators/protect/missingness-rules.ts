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
import type { Rng } from "../../random/rng.ts";

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
    const candidates: { rule: MissingnessRule; rows: Uint8Array; count: number; order: number }[] = [];
    columns.forEach((a, j) => {
      if (a === b) return;
      const { states, labels } = sources[j];
      const rows = new Float64Array(labels.length);
      const present = new Float64Array(labels.length);
      for (let i = 0; i < states.length; i++) {
        rows[states[i]]++;
        if (!b.missing[i]) present[states[i]]++;
      }
      const absent = new Uint8Array(labels.length);
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
        ) {
          absentWhen.push(label);
          absent[s] = 1;
        }
      });
      if (absentWhen.length === 0) return;
      const covered = new Uint8Array(states.length);
      let count = 0;
      for (let i = 0; i < states.length; i++) if (absent[states[i]]) count += covered[i] = 1;
      candidates.push({ rule: { target: b.name, source: a.name, absentWhen }, rows: covered, count, order: j });
    });
    rules.push(...withoutRedundant(candidates));
  }
  return rules;
}

/**
 * The rules of one target that each cover MIN_SUPPORT rows of R no kept rule covers, the widest
 * first (ties: column order). Columns that code the same thing (a concept id, its source value,
 * its source concept) give rules on the same rows of R; kept together, a generator that blurs
 * their agreement puts B's ∅ in the union of their states (copula on mimic procedures: 54 % ∅
 * for 18 % in R).
 */
function withoutRedundant(
  candidates: { rule: MissingnessRule; rows: Uint8Array; count: number; order: number }[],
): MissingnessRule[] {
  const ranked = [...candidates].sort((x, y) => y.count - x.count || x.order - y.order);
  const kept: MissingnessRule[] = [];
  let covered: Uint8Array | null = null;
  for (const c of ranked) {
    let fresh = 0;
    for (let i = 0; i < c.rows.length; i++) if (c.rows[i] && !(covered && covered[i])) fresh++;
    if (fresh < MIN_SUPPORT) continue;
    kept.push(c.rule);
    covered ??= new Uint8Array(c.rows.length);
    for (let i = 0; i < c.rows.length; i++) covered[i] |= c.rows[i];
  }
  // Applied in column order, as before.
  const order = new Map(candidates.map((c) => [c.rule, c.order]));
  return kept.sort((x, y) => order.get(x)! - order.get(y)!);
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
 * Put ∅ in B where a rule says so, in place (sentinels under the mask); returns the cells of B
 * that were present where a rule holds.
 *
 * Each such value is moved, not erased, when `rng` is given: it goes to a row, drawn at random,
 * where B is ∅ and no rule of B holds, so B keeps the generator's missing rate. A generator that
 * models ∅ on its own (a copula companion, a network conditional) already draws B's ∅ at R's rate,
 * but not always in the rule's states; erasing the misplaced values added ∅ on top of it (copula on
 * mimic procedures: 18 % → 54 %). Values left once no such row remains are erased. Without `rng`
 * they are all erased. Rules of another column may hold on a moved value's row, so passes repeat
 * until nothing changes.
 */
export function enforceMissingnessRules(table: Table, rules: readonly MissingnessRule[], rng?: Rng): number {
  let total = 0;
  for (let pass = 0; pass <= rules.length; pass++) {
    const changed = enforceOnce(table, rules, rng);
    total += changed;
    if (changed === 0) break;
  }
  return total;
}

function enforceOnce(table: Table, rules: readonly MissingnessRule[], rng: Rng | undefined): number {
  let changed = 0;
  const targets = [...new Set(rules.map((r) => r.target))];
  for (const target of targets) {
    if (!table.has(target)) continue;
    const matchers = rules
      .filter((r) => r.target === target && table.has(r.source))
      .map((r) => stateMatcher(table.column(r.source), r.absentWhen));
    if (matchers.length === 0) continue;
    const b = table.column(target);
    const violations: number[] = [];
    const receivers: number[] = [];
    for (let i = 0; i < b.length; i++) {
      const ruled = matchers.some((m) => m(i));
      if (ruled && !b.missing[i]) violations.push(i);
      else if (!ruled && b.missing[i]) receivers.push(i);
    }
    changed += violations.length;
    let k = 0;
    if (rng)
      for (; k < violations.length && k < receivers.length; k++) {
        // Partial Fisher–Yates: the k-th receiver is drawn among those not yet used.
        const pick = k + rng.int(receivers.length - k);
        [receivers[k], receivers[pick]] = [receivers[pick], receivers[k]];
        moveCell(b, violations[k], receivers[k]);
      }
    for (; k < violations.length; k++) setMissing(b, violations[k]);
  }
  return changed;
}

/** B's cell of row `from` goes to row `to` (which was ∅); `from` becomes ∅. */
function moveCell(c: Column, from: number, to: number): void {
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime":
    case "boolean":
      c.values[to] = c.values[from];
      break;
    case "categorical":
      c.codes[to] = c.codes[from];
      break;
    default:
      return; // identifiers and text are never rule targets (not modelled)
  }
  c.missing[to] = 0;
  setMissing(c, from);
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
