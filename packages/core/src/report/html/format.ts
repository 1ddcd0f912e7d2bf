/** Number formatting for the page: short, fixed significant digits, never an exact long real value. */
import { civilFromDays } from "../../table/temporal.ts";
import type { DistributionScale } from "../../pipeline/distributions.ts";

/** 3 significant digits (integers below 1000 as is), with thin grouping for large numbers. */
export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined) return "—";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  if (Number.isNaN(x)) return "—";
  if (x === 0) return "0";
  const rounded = Number(x.toPrecision(digits));
  if (Math.abs(rounded) >= 1e6 || Math.abs(rounded) < 1e-4) return rounded.toExponential(digits - 1);
  return rounded.toLocaleString("en-US", { maximumFractionDigits: 6 }).replace(/-/g, "−");
}

export function percent(x: number | null, digits = 1): string {
  return x === null ? "—" : `${(x * 100).toFixed(digits)} %`;
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** An axis value on a distribution's scale (days → date, seconds → date and time). */
export function scaleValue(x: number, scale: DistributionScale | undefined): string {
  if (scale === "date" || scale === "datetime") {
    const days = scale === "date" ? Math.floor(x) : Math.floor(x / 86400);
    const { year, month, day } = civilFromDays(days);
    return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  }
  return num(x, 4);
}
