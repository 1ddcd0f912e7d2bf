/** Colours: real data always blue, holdout green, methods from a fixed palette in run order. */
export const REAL_COLOR = "#2f6db5";
export const HOLDOUT_COLOR = "#6b8e23";
const METHOD_COLORS = ["#e0762b", "#8e44ad", "#c0392b", "#16a085", "#b7950b", "#d35400", "#2c3e50", "#7f8c8d"];

export function methodColor(index: number): string {
  return METHOD_COLORS[index % METHOD_COLORS.length];
}
