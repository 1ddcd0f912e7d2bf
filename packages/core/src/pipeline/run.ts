/**
 * `sosie run` as plain core calls: split, then for each method and each privacy preset fit,
 * sample and evaluate, then gather the Results and the frontier (utility against risk, and the
 * recommended output). Every draw derives from the one user seed: the split from "split", each
 * method's fit inside fitGenerator ("fit:<id>"), its sample from "sample:<id>", and the metrics
 * from the seed and their own ids. The streams do not depend on the preset: the presets of one
 * method differ only by their protections. A method that fails is recorded as failed; the others go on.
 * A holdout given as a table is checked first (holdout-check.ts): refused when it mostly repeats
 * the training rows, noted when a few rows do.
 */
import { SosieInputError, SosieOptionError } from "../errors.ts";
import { fitGenerator, getGenerator } from "../generators/registry.ts";
import type { AvoidIdentifiers, FitContext, ModelManifest, Params } from "../generators/types.ts";
import { hasTwoObservedValues, isModelled } from "../table/column.ts";
import { Rng } from "../random/rng.ts";
import type { Table } from "../table/table.ts";
import { defaultMethods } from "./default-methods.ts";
import { distributionPlans, distributionsOf } from "./distributions.ts";
import { evaluationPlan, evaluationTasks, type PlanOptions } from "./evaluate.ts";
import type { MetricResult } from "../metrics/types.ts";
import { splitInput } from "./split.ts";
import { checkHoldout, holdoutRepeatNote } from "./holdout-check.ts";
import { subjectColumn, subjectsOf } from "../table/subjects.ts";
import type { MethodResult, Provenance, RunOutput, RunSettings } from "./types.ts";
import { methodVerdict, utilityLight } from "./lights.ts";
import { DEFAULT_PRIVACY, PRIVACY_PRESETS, type PrivacyPreset } from "../generators/protect/preset.ts";
import { buildFrontier } from "./frontier.ts";
import {
  averageOverRuns,
  checkAttackRuns,
  defaultAttackRuns,
  hasMembershipResults,
  membershipMetricIds,
  membershipRecords,
} from "./attack-runs.ts";

/** Runs one named step; the CLI shows it as a progress bar or a JSON line. */
export type StepRunner = <T>(name: string, work: (report: (fraction: number) => void) => T) => Promise<T>;

export const runSteps: StepRunner = async (_name, work) => work(() => {});

export interface RunInputs {
  readonly input: Table;
  readonly settings: RunSettings;
  readonly provenance: Provenance;
  /** Metric choices beyond the defaults (evaluate shares them). */
  readonly evaluation?: Omit<PlanOptions, "seed" | "target" | "quasiIdentifiers" | "sensitive">;
  /** The fits' within-table neighbour search (FitContext.neighbourSearch; the CLI's worker threads). */
  readonly neighbourSearch?: FitContext["neighbourSearch"];
  /**
   * Told each warning the run's notes also hold, as it arises: a holdout repeating training rows
   * (output undefined), a fit's diagnostics and its preset's protection warnings (the output's
   * name). Never a real value. The CLI prints them on stderr.
   */
  readonly onWarning?: (message: string, output?: string) => void;
}

export async function runPipeline(inputs: RunInputs, step: StepRunner = runSteps): Promise<RunOutput> {
  const { input, settings, provenance } = inputs;
  const root = Rng.fromSeed(settings.seed);
  if (settings.target !== undefined && !input.has(settings.target))
    throw new SosieOptionError(`the target "${settings.target}" is not a column of the input`);

  const subject = subjectColumn(input, settings.subject);
  const split = await step("split train / holdout", () => {
    if (settings.holdout.kind === "table")
      return { train: input, holdout: settings.holdout.table, description: `the file ${settings.holdout.label}` };
    return splitInput(input, settings.holdout.fraction, root.derive("split"), settings.target, subject);
  });
  const { train, holdout } = split;
  // The holdout's rows are real too: no fresh identifier may take one of their identifiers.
  const avoidIdentifiers = identifierValues(holdout);
  const notes: string[] = [];
  // A target with one value gives no TSTR: say so up front rather than only in each output's reasons.
  if (settings.target !== undefined && !hasTwoObservedValues(input.column(settings.target))) {
    const note = `the target "${settings.target}" takes a single value: no model can be trained on it, so TSTR is not computed and outputs are ranked on quality alone`;
    notes.push(note);
    inputs.onWarning?.(note);
  }
  if (settings.holdout.kind === "table") {
    const repeats = checkHoldout(train, holdout, settings.holdout.label);
    if (repeats.repeated > 0) {
      const note = holdoutRepeatNote(repeats);
      notes.push(note);
      inputs.onWarning?.(note);
    }
  }
  let methods = settings.methods !== undefined && settings.methods.length > 0 ? [...settings.methods] : null;
  if (methods === null) {
    const defaults = defaultMethods(train.nRows);
    methods = defaults.methods;
    for (const s of defaults.skipped) notes.push(`${s.method}: ${s.reason}`);
  }
  for (const id of methods) getGenerator(id);
  const presets = runPresets(settings.privacy);

  const plan = evaluationPlan(train.nRows, {
    ...inputs.evaluation,
    seed: settings.seed,
    target: settings.target,
    quasiIdentifiers: settings.quasiIdentifiers,
    sensitive: settings.sensitive,
  });
  const attackRuns = checkAttackRuns(settings.attackRuns ?? defaultAttackRuns(train.nRows));
  // A refit's plan: the membership attacks alone.
  const miaPlan = { ...plan, utilityMetrics: [], privacyMetrics: membershipMetricIds(plan.privacyMetrics) };
  const plans = distributionPlans(train, subjectsOf(train, subject));
  const synthetic = new Map<string, Table>();
  const results: MethodResult[] = [];

  for (const method of methods)
    for (const preset of presets) {
      const output = presets.length === 1 ? method : `${method}-${preset}`;
      const label = presets.length === 1 ? method : `${method} (${preset})`;
      const definition = getGenerator(method);
      const params = withLink(
        definition.params.map((p) => p.name),
        settings.params?.[method],
      );
      const base = { output, method, preset, version: definition.version, summary: definition.summary };
      const fit = (seed: number | string, onProgress?: (fraction: number) => void) =>
        fitGenerator(method, train, {
          seed,
          privacy: preset,
          subject,
          ...(params === undefined ? {} : { params }),
          ...(settings.target === undefined ? {} : { target: settings.target }),
          ...(inputs.neighbourSearch === undefined ? {} : { neighbourSearch: inputs.neighbourSearch }),
          ...(onProgress === undefined ? {} : { onProgress }),
        });
      try {
        const model = await step(`fit ${label}`, (report) => fit(settings.seed, report));
        const warnings = fitWarnings(model.manifest);
        for (const w of warnings) inputs.onWarning?.(w, output);
        const nRows = settings.syntheticRows ?? train.nRows;
        const sample = await step(`sample ${label}`, (report) =>
          model.sample(nRows, {
            seed: String(root.derive(`sample:${method}`).key),
            onProgress: report,
            avoidIdentifiers,
          }),
        );
        const { tasks, notes: evaluationNotes } = evaluationTasks(
          { real: train, synthetic: sample.table, holdout, link: sample.link },
          plan,
        );
        const evaluation = { utility: [] as MetricResult[], privacy: [] as MetricResult[], notes: evaluationNotes };
        for (const task of tasks) {
          const records = await step(`evaluate ${label}: ${task.id}`, () => task.run());
          (task.kind === "utility" ? evaluation.utility : evaluation.privacy).push(...records);
        }
        // §5.1: the membership attacks again on refits, each with its own seeds; the verdict reads their mean.
        if (attackRuns > 1 && hasMembershipResults(evaluation.privacy)) {
          const others: MetricResult[][] = [];
          for (let run = 1; run < attackRuns; run++) {
            const tag = `attack-refit:${run}`;
            try {
              others.push(
                await step(`evaluate ${label}: membership attacks, run ${run + 1} of ${attackRuns}`, () => {
                  const refit = fit(String(root.derive(tag).key)).sample(nRows, {
                    seed: String(root.derive(`${tag}:sample:${method}`).key),
                    avoidIdentifiers,
                  });
                  const { tasks: attacks } = evaluationTasks(
                    { real: train, synthetic: refit.table, holdout, link: refit.link },
                    { ...miaPlan, seed: String(root.derive(`${tag}:metrics`).key) },
                  );
                  return membershipRecords(attacks.flatMap((t) => t.run()));
                }),
              );
            } catch (error) {
              // The released output stands; its attack figures average the runs that ran.
              const message = error instanceof Error ? error.message : String(error);
              evaluation.notes.push(
                `membership attack run ${run + 1} of ${attackRuns} failed: ${message.slice(0, 200)}`,
              );
            }
          }
          evaluation.privacy = averageOverRuns(evaluation.privacy, others);
        }
        synthetic.set(output, sample.table);
        results.push({
          ...base,
          status: "ok",
          error: null,
          guard: sample.guard ?? null,
          params: model.manifest.params,
          dp: model.manifest.dp,
          modelHoldsRealValues: model.manifest.containsRealValues,
          linked: sample.link !== undefined,
          syntheticRows: sample.table.nRows,
          utility: evaluation.utility,
          privacy: evaluation.privacy,
          utilityScore: utilityLight(evaluation.utility).score,
          verdict: methodVerdict(evaluation.utility, evaluation.privacy),
          distributions: distributionsOf(sample.table, plans),
          // The fit's diagnostics (k below 5, a stratification refused) and its protection warnings first; never a real value.
          notes: [...warnings, ...evaluation.notes],
        });
      } catch (error) {
        // One method failing (bad parameters for this data, or a bug) must not lose the others.
        const message = error instanceof Error ? error.message : String(error);
        const expected = error instanceof SosieOptionError || error instanceof SosieInputError;
        results.push(failedMethod(base, expected ? message : `internal error: ${message.slice(0, 200)}`));
      }
    }

  return {
    results: {
      format: "sosie-run/1",
      provenance: { ...provenance, holdout: split.description },
      sizes: { input: input.nRows, train: train.nRows, holdout: holdout.nRows },
      columns: input.columns.map((c) => ({ name: c.name, kind: c.kind, evaluated: isModelled(c) })),
      realDistributions: distributionsOf(train, plans),
      holdoutDistributions: distributionsOf(holdout, plans),
      presets,
      methods: results,
      frontier: buildFrontier(results, settings.target !== undefined),
      evaluation: {
        utilityMetrics: plan.utilityMetrics,
        privacyMetrics: plan.privacyMetrics,
        bootstrap: plan.bootstrap,
        maxRows: plan.maxRows,
        privacyMaxRows: plan.privacyMaxRows,
        attackRuns,
      },
      notes,
    },
    synthetic,
  };
}

/** A fitted model's diagnostics and its preset's protection warnings, each once. */
export function fitWarnings(manifest: ModelManifest): string[] {
  return [...new Set([...(manifest.warnings ?? []), ...(manifest.privacy?.warnings ?? [])])];
}

/** Linked generators keep their link in memory for the privacy metrics unless told otherwise. */
function withLink(paramNames: readonly string[], params: Params | undefined): Params | undefined {
  if (!paramNames.includes(LINK_PARAM) || params?.[LINK_PARAM] !== undefined) return params;
  return { ...params, [LINK_PARAM]: true };
}

const LINK_PARAM = "keepLink";

/** The presets to run, in the canonical order strict, balanced, off; the default alone when none is named. */
export function runPresets(named: readonly PrivacyPreset[] | undefined): PrivacyPreset[] {
  if (named === undefined || named.length === 0) return [DEFAULT_PRIVACY];
  for (const p of named)
    if (!PRIVACY_PRESETS.includes(p))
      throw new SosieOptionError(`privacy must be one of ${PRIVACY_PRESETS.join(", ")}, got ${JSON.stringify(p)}`);
  return PRIVACY_PRESETS.filter((p) => named.includes(p));
}

type MethodBase = Pick<MethodResult, "output" | "method" | "preset" | "version" | "summary">;

function failedMethod(base: MethodBase, message: string): MethodResult {
  return {
    ...base,
    status: "failed",
    error: message,
    guard: null,
    params: {},
    dp: null,
    modelHoldsRealValues: false,
    linked: false,
    syntheticRows: 0,
    utility: [],
    privacy: [],
    utilityScore: null,
    verdict: methodVerdict([], []),
    distributions: [],
    notes: [],
  };
}

/** Per identifier column of `table`, its values (∅ left out). */
function identifierValues(table: Table): AvoidIdentifiers {
  const out = new Map<string, Set<string>>();
  for (const c of table.columns) {
    if (c.kind !== "identifier") continue;
    const values = new Set<string>();
    for (let i = 0; i < c.length; i++) if (!c.missing[i]) values.add(c.values[i]);
    out.set(c.name, values);
  }
  return out;
}
