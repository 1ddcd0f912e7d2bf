export * from "./matrix.ts";
export { symmetricEigen, signMakingLargestPositive, type SymmetricEigen } from "./eigen.ts";
export { thinSvd, type ThinSvd } from "./svd.ts";
export { cholesky, solveLower, solveUpperTransposed, type CholeskyResult } from "./cholesky.ts";
export { repairCorrelation, DEFAULT_EIGENVALUE_FLOOR, type CorrelationRepair } from "./correlation-repair.ts";
