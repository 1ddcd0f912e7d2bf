/**
 * Sequential CART, synthpop style (spec generators.md §3): columns synthesised one at a time in a
 * visit order, the first drawn from R with replacement, each later one from a classification or
 * regression tree fitted on R with the earlier columns as predictors, the value a real donor drawn
 * from the leaf. ∅ and special codes of numeric columns follow synthpop's two-column scheme.
 *
 * The model stores real values (leaf donors), so containsRealValues is true.
 */
import { captureSchema, modelledColumnNames } from "./output-schema.ts";
import { fitRecord, loadFitted, makeFitted } from "./fitted.ts";
import { privacySettings } from "./protect/preset.ts";
import { subjectColumn, subjectsOf } from "../table/subjects.ts";
import type { FittedGenerator, GeneratorDefinition } from "./types.ts";
import type { Rng } from "../random/rng.ts";
import type { ColumnSchema } from "./output-schema.ts";
import type { ProgressFn } from "./types.ts";
import { CART_PARAMS, cartOptions, cartRecord } from "./cart/options.ts";
import { fitCart } from "./cart/fit.ts";
import { drawCart } from "./cart/draw.ts";
import type { CartState } from "./cart/state.ts";

const ID = "cart";
const VERSION = "1";

function drawer(schema: readonly ColumnSchema[]) {
  return (state: CartState, nRows: number, rng: Rng, onProgress?: ProgressFn) =>
    drawCart(state, schema, nRows, rng, onProgress);
}

export const cart: GeneratorDefinition = {
  id: ID,
  version: VERSION,
  summary:
    "Sequential CART (synthpop style): each column drawn from donors in the leaf of a tree on the earlier columns.",
  params: CART_PARAMS,
  missing: "native",
  fit(train, params, context): FittedGenerator {
    const start = performance.now();
    const schema = captureSchema(train);
    const subjects = subjectsOf(train, subjectColumn(train, context.subject));
    const options = cartOptions(
      params,
      schema,
      modelledColumnNames(schema),
      privacySettings(context.privacy),
      subjects,
      context.target,
    );
    const state = fitCart(train, schema, options, subjects, context.rng, context.onProgress);
    const record = fitRecord(train, schema, context, start);
    return makeFitted({
      ...record,
      ...(record.privacy ? { privacy: { ...record.privacy, cart: cartRecord(options) } } : {}),
      generator: ID,
      version: VERSION,
      params,
      schema,
      containsRealValues: true,
      dp: null,
      state,
      draw: drawer(schema),
    });
  },
  load: (saved) => loadFitted<CartState>(saved, drawer(saved.manifest.columns)),
};
