/**
 * Fresh identifiers of the same shape as the real ones (spec generators.md §1.2): never copied,
 * never equal to a real value, unique, seeded.
 *
 * A shape replaces each character by its class (D digit, U upper, L lower; other characters are
 * kept literally, e.g. "-" in "AB-1234"), and keeps literally a character that every value of
 * that shape shares at that position (the "PAT" of "PAT-123456"; letters only). Only shapes seen at least
 * `minShapeCount` times are kept, so a rare real shape is not reproduced. Real values are remembered only as 32-bit hash
 * pairs, to exclude collisions without storing the identifiers.
 */
import type { Rng } from "../random/rng.ts";

export interface IdentifierShape {
  /** "uuid": random RFC 4122 version-4 identifiers; "pattern": character-class templates. */
  readonly style: "uuid" | "pattern";
  readonly upperHex?: boolean;
  /** Templates with their counts, most frequent first (at most 50). */
  readonly templates: readonly { template: string; count: number }[];
  /** Whether real values never start with "0" where the template starts with a digit. */
  readonly noLeadingZero: boolean;
  /** Sorted unique hashes of real values (two 32-bit FNV-1a halves packed as one float64). */
  readonly realHashes: readonly number[];
}

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MAX_TEMPLATES = 50;

function templateOf(v: string): string {
  let t = "";
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) t += "D";
    else if (c >= 65 && c <= 90) t += "U";
    else if (c >= 97 && c <= 122) t += "L";
    else if (c === 68 || c === 85 || c === 76) t += "\\" + v[i];
    else t += v[i];
  }
  return t;
}

/** Hash of a string as a float64 made of two independent 32-bit FNV-1a variants. */
export function identifierHash(v: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff); // 53 bits
}

export function learnIdentifierShape(
  values: readonly string[],
  missing: Uint8Array,
  minShapeCount = 5,
): IdentifierShape {
  const counts = new Map<string, number>();
  // Per template: the character shared by all its values at each position, or "" when they differ.
  const shared = new Map<string, string[]>();
  let nonMissing = 0;
  let uuids = 0;
  let upper = 0;
  let leadingZero = false;
  const hashes: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) continue;
    const v = values[i];
    nonMissing++;
    hashes.push(identifierHash(v));
    if (UUID_RE.test(v)) {
      uuids++;
      if (/[A-F]/.test(v)) upper++;
      continue;
    }
    if (v.charCodeAt(0) === 48 && v.length > 1) leadingZero = true;
    const t = templateOf(v);
    counts.set(t, (counts.get(t) ?? 0) + 1);
    const chars = shared.get(t);
    if (chars === undefined) shared.set(t, [...v]);
    else for (let k = 0; k < chars.length; k++) if (chars[k] !== v[k]) chars[k] = "";
  }
  hashes.sort((x, y) => x - y);
  const realHashes = hashes.filter((h, i) => i === 0 || h !== hashes[i - 1]);
  if (nonMissing > 0 && uuids === nonMissing) {
    return { style: "uuid", upperHex: upper > uuids / 2, templates: [], noLeadingZero: true, realHashes };
  }
  let templates = [...counts.entries()]
    .map(([template, count]) => ({ template, count }))
    .sort((x, y) => y.count - x.count || (x.template < y.template ? -1 : 1));
  const frequent = templates
    .filter((t) => t.count >= minShapeCount)
    .map((t) => ({ template: withSharedLiterals(t.template, shared.get(t.template)!), count: t.count }));
  // Without any frequent shape, fall back to the generic shape of the most common length.
  templates = frequent.length > 0 ? frequent : genericTemplates(templates);
  return { style: "pattern", templates: templates.slice(0, MAX_TEMPLATES), noLeadingZero: !leadingZero, realHashes };
}

/** Replace class letters by the literal character where every value shares it. */
function withSharedLiterals(template: string, chars: readonly string[]): string {
  let out = "";
  let pos = 0;
  for (let i = 0; i < template.length; i++, pos++) {
    if (template[i] === "\\") {
      out += template[i] + template[++i];
      continue;
    }
    const c = chars[pos];
    // Letters only: shared digit prefixes of sequential ids would leave too few fresh values.
    const isClass = template[i] === "U" || template[i] === "L";
    out += isClass && c !== "" ? (c === "D" || c === "U" || c === "L" ? "\\" + c : c) : template[i];
  }
  return out;
}

function genericTemplates(ts: { template: string; count: number }[]): { template: string; count: number }[] {
  if (ts.length === 0) return [{ template: "DDDDDDDD", count: 1 }];
  const byLength = new Map<number, number>();
  let allDigits = true;
  for (const t of ts) {
    const len = t.template.replace(/\\./g, "x").length;
    byLength.set(len, (byLength.get(len) ?? 0) + t.count);
    if (!/^D+$/.test(t.template)) allDigits = false;
  }
  const len = [...byLength.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  return [{ template: (allDigits ? "D" : "U").repeat(len), count: 1 }];
}

const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

function fromTemplate(template: string, noLeadingZero: boolean, rng: Rng): string {
  let s = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === "\\") {
      s += template[++i];
    } else if (c === "D") {
      s += i === 0 && noLeadingZero && template.length > 1 ? DIGITS[1 + rng.int(9)] : DIGITS[rng.int(10)];
    } else if (c === "U") s += UPPER[rng.int(26)];
    else if (c === "L") s += LOWER[rng.int(26)];
    else s += c;
  }
  return s;
}

function uuidV4(rng: Rng, upper: boolean): string {
  let s = "";
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) s += "-";
    else if (i === 14) s += "4";
    else if (i === 19) s += HEX[8 + rng.int(4)];
    else s += HEX[rng.int(16)];
  }
  return upper ? s.toUpperCase() : s;
}

function hashSetHas(sorted: readonly number[], h: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === h) return true;
    if (sorted[mid] < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** n fresh unique identifiers of the learned shape, none equal to a real one nor to one in `avoid`. */
export function generateIdentifiers(
  shape: IdentifierShape,
  n: number,
  rng: Rng,
  avoid: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = new Array(n);
  const seen = new Set<string>();
  const cum: number[] = [];
  let total = 0;
  for (const t of shape.templates) cum.push((total += t.count));
  for (let i = 0; i < n; i++) {
    for (let attempt = 0; ; attempt++) {
      let v: string;
      if (shape.style === "uuid") v = uuidV4(rng, shape.upperHex ?? false);
      else {
        const u = rng.next() * total;
        let k = 0;
        while (cum[k] <= u) k++;
        // After many collisions the template space is nearly exhausted: widen it by one digit.
        const template = shape.templates[k].template + (attempt >= 50 ? "D".repeat(1 + Math.floor(attempt / 50)) : "");
        v = fromTemplate(template, shape.noLeadingZero, rng);
      }
      if (!seen.has(v) && !avoid.has(v) && !hashSetHas(shape.realHashes, identifierHash(v))) {
        seen.add(v);
        out[i] = v;
        break;
      }
    }
  }
  return out;
}
