/**
 * The network degree k (generators.md §5.1): a number, or `auto`, the largest k ≤ 4 with
 * n·ε2 / (2·(d − k)·C_k) ≥ θ = 4, where C_k = (median domain size)^(k+1). Public quantities
 * only. Without a budget (ε2 infinite) auto is 4. Never more than d − 1.
 */
import { SosieOptionError } from "../../errors.ts";

export const AUTO_THETA = 4;

export function parseDegree(raw: unknown): number | "auto" {
  const text = typeof raw === "number" ? String(raw) : raw;
  if (text === "auto") return "auto";
  if (typeof text === "string" && /^\d+$/.test(text.trim())) return Number(text.trim());
  throw new SosieOptionError(`parameter "k" of method bayesnet: expected a non-negative integer or "auto"`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
}

export function autoDegree(n: number, epsilon2: number, domainSizes: readonly number[]): number {
  const d = domainSizes.length;
  if (d <= 1) return 0;
  const m = median(domainSizes);
  for (let k = Math.min(4, d - 1); k >= 1; k--) {
    const useful = (n * epsilon2) / (2 * (d - k) * m ** (k + 1));
    if (useful >= AUTO_THETA) return k;
  }
  return 0;
}

export function resolveDegree(k: number | "auto", n: number, epsilon2: number, domainSizes: readonly number[]): number {
  const d = domainSizes.length;
  const chosen = k === "auto" ? autoDegree(n, epsilon2, domainSizes) : k;
  return Math.max(0, Math.min(chosen, d - 1));
}
