/**
 * Missing-value tokens. Some texts mean "missing" wherever they appear ("", "NA", "?"); others
 * are missing only when they are out of shape with the column's other values: "None" is a real
 * level of diabetes-130's `max_glu_serum` ("not measured") but a missing marker in a numeric
 * column. The decision is per column, and the reason is recorded.
 */

/** Texts read as missing in any column. */
export const STRONG_MISSING_TOKENS: readonly string[] = ["", "NA", "N/A", "n/a", "#N/A", "NULL", "null", "NaN", "nan", "?"];

/** Texts read as missing only where the other values are numbers, dates or booleans. */
export const WEAK_MISSING_TOKENS: readonly string[] = ["None", "none", "na", "-", "."];

const STRONG = new Set(STRONG_MISSING_TOKENS);
const WEAK = new Set(WEAK_MISSING_TOKENS);

/** How a text relates to the missing-token lists (surrounding spaces ignored). */
export function missingTokenStrength(text: string): "strong" | "weak" | null {
  // Fast exit for the common case: longer than any token and not padded with spaces.
  if (text.length > 4 && text.charCodeAt(0) > 32 && text.charCodeAt(text.length - 1) > 32) return null;
  const t = text.trim();
  if (STRONG.has(t)) return "strong";
  if (WEAK.has(t)) return "weak";
  return null;
}
