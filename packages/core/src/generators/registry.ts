/**
 * The list of generators. Adding one is writing its file and adding one line here: the run and
 * the CLI read what the definition declares (baseline, allPairsNeighbours, a `keepLink` parameter
 * for a method that makes one row per real row), never its name.
 */
import { SosieOptionError } from "../errors.ts";
import { Rng } from "../random/rng.ts";
import type { Table } from "../table/table.ts";
import { independent } from "./independent.ts";
import { cart } from "./cart.ts";
import { avatar } from "./avatar.ts";
import { smote } from "./smote.ts";
import { gaussianCopula } from "./gaussian-copula.ts";
import { bayesnet } from "./bayesnet.ts";
import { resolveParams } from "./params.ts";
import { privacySettings } from "./protect/preset.ts";
import type { FitContext, FittedGenerator, GeneratorDefinition, Params, SavedModel } from "./types.ts";

const GENERATORS: readonly GeneratorDefinition[] = [independent, cart, gaussianCopula, avatar, smote, bayesnet];

export function listGenerators(): readonly GeneratorDefinition[] {
  return GENERATORS;
}

export function getGenerator(id: string): GeneratorDefinition {
  const g = GENERATORS.find((x) => x.id === id);
  if (!g) throw new SosieOptionError(`unknown method "${id}" (known: ${GENERATORS.map((x) => x.id).join(", ")})`);
  return g;
}

export interface FitOptions extends Omit<FitContext, "rng"> {
  readonly seed: number | string;
  readonly params?: Params;
}

/** Resolve parameters and fit `method` on `train` with a stream derived from the seed. */
export function fitGenerator(method: string, train: Table, options: FitOptions): FittedGenerator {
  const def = getGenerator(method);
  const params = resolveParams(def.id, def.params, options.params);
  const { preset } = privacySettings(options.privacy); // checked before any work
  const rng = Rng.fromSeed(options.seed).derive(`fit:${def.id}`);
  return def.fit(train, params, { ...options, privacy: preset, rng });
}

/** Rebuild a saved model (the `toJSON()` of a fitted generator, after JSON parsing). */
export function loadModel(saved: SavedModel): FittedGenerator {
  if (saved?.format !== "sosie-model/1")
    throw new SosieOptionError(`not a Sosie model file (format ${String(saved?.format)})`);
  return getGenerator(saved.manifest.generator).load(saved);
}
