export * from "./search-result.ts";
export { knn, bruteForceKnn, squaredEuclidean } from "./euclidean.ts";
export { kdTreeKnn, buildKdTree, type KdTree } from "./kd-tree.ts";
export { CategoryDictionary } from "./category-dictionary.ts";
export { type EncodedRows, type MixedRules, mixedKnn, mixedKnnBrute } from "./mixed-kernel.ts";
export { type NeighbourEngine, withNeighbourEngine, ENGINE_MIN_PAIRS } from "./engine.ts";
export { GowerSpace, type GowerColumn, type GowerFitOptions } from "./gower.ts";
export { cloverEncode, cloverDistance, cloverKnn, type CloverPair } from "./gower-clover.ts";
export {
  anonymeterEncode,
  anonymeterDistance,
  anonymeterKnn,
  type AnonymeterPair,
  type AnonymeterMissingRule,
} from "./anonymeter-distance.ts";
export { type WhitenedKde, kdeLogDensity, whiten, LOG_DENSITY_FLOOR } from "./kde.ts";
