/**
 * Reading numbers written as text, strictly: what a CSV writer produced, in the file's decimal
 * separator. Used by inference (to classify distinct texts) and by decoding (to convert them).
 */

/** What a numeric text looks like, beyond its value. */
export interface NumberText {
  value: number;
  /** Written as a plain integer ("42", "-7"), no decimal point or exponent. */
  integerLiteral: boolean;
  /** The value is a whole number ("42", "63.0", "1e3"). */
  integral: boolean;
  /** Digits after the decimal separator as written ("63.0" → 1); 0 for integers; null with an exponent. */
  decimals: number | null;
  /** An integer literal with a leading zero ("007"): a code whose zeros a number would lose. */
  leadingZero: boolean;
  /** An integer whose magnitude exceeds 2^53: float64 would lose digits. */
  unsafeInteger: boolean;
}

const NUMBER_DOT = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;
const NUMBER_COMMA = /^\s*([+-]?)(\d*)(?:,(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** The number written in `text` with decimal separator `decimal`, or null when it is not one. */
export function readNumberText(text: string, decimal: "." | "," = "."): NumberText | null {
  const plain = plainIntegerValue(text);
  if (plain !== null) return plain;
  const m = (decimal === "," ? NUMBER_COMMA : NUMBER_DOT).exec(text);
  if (m === null) return null;
  const [, sign, intPart, fracPart, exponent] = m;
  if (intPart === "" && (fracPart === undefined || fracPart === "")) return null;
  const normalized = `${sign}${intPart === "" ? "0" : intPart}${fracPart !== undefined && fracPart !== "" ? "." + fracPart : ""}${exponent !== undefined ? "e" + exponent : ""}`;
  const value = Number(normalized);
  if (!Number.isFinite(value)) return null;
  const integerLiteral = fracPart === undefined && exponent === undefined;
  const unsafeInteger = integerLiteral && !Number.isSafeInteger(value);
  return {
    value,
    integerLiteral,
    integral: Number.isInteger(value),
    decimals: exponent !== undefined ? null : fracPart === undefined ? 0 : fracPart.length,
    leadingZero: integerLiteral && intPart.length > 1 && intPart[0] === "0",
    unsafeInteger,
  };
}

/** Fast path for the common case, an unsigned run of digits (ids, counts, codes). */
function plainIntegerValue(text: string): NumberText | null {
  const n = text.length;
  if (n === 0 || n > 15) return null;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return {
    value: Number(text),
    integerLiteral: true,
    integral: true,
    decimals: 0,
    leadingZero: n > 1 && text.charCodeAt(0) === 48,
    unsafeInteger: false,
  };
}
