import type { RawColumn } from "../raw.ts";

/**
 * Dictionary-encodes one column while rows arrive: the codes per row and the count per distinct
 * text, in typed arrays that grow by doubling.
 *
 * Fields are looked up as ranges of the text being parsed, in an open-addressing hash table of
 * our own: a repeated value (the common case) costs a hash and a comparison, and only a new
 * distinct value is cut out as a string. A Map would need a substring for every field.
 */
export class RawColumnBuilder {
  private readonly dictionary: string[] = [];
  /** Per code: the hash of its text. */
  private hashes = new Int32Array(64);
  private counts = new Int32Array(64);
  private codes = new Int32Array(1024);
  /** Hash table: code + 1, 0 for an empty slot; its size is a power of two, at most half full. */
  private slots = new Int32Array(128);

  /** Records the text `s[start, end)` as the value of row `row` (rows arrive in order, each once). */
  addRange(s: string, start: number, end: number, row: number): void {
    this.addHashed(s, start, end, hashRange(s, start, end), row);
  }

  /** `addRange` when the caller has already computed `hashRange(s, start, end)` (while scanning). */
  addHashed(s: string, start: number, end: number, rawHash: number, row: number): void {
    const h = mixBits(rawHash);
    const dictionary = this.dictionary;
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = h & mask;
    let code: number;
    while (true) {
      const entry = slots[slot];
      if (entry === 0) {
        code = this.insert(ownCopy(s, start, end), h, slot);
        break;
      }
      if (this.hashes[entry - 1] === h && equalsRange(dictionary[entry - 1], s, start, end)) {
        code = entry - 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
    this.counts[code]++;
    if (row === this.codes.length) this.codes = grow(this.codes);
    this.codes[row] = code;
  }

  /** Records `text` as the value of row `row`. */
  add(text: string, row: number): void {
    this.addRange(text, 0, text.length, row);
  }

  /** The finished column, with arrays trimmed to `nRows` rows and the dictionary size. */
  build(name: string, nRows: number): RawColumn {
    return {
      name,
      dictionary: this.dictionary,
      codes: this.codes.slice(0, nRows),
      counts: this.counts.slice(0, this.dictionary.length),
    };
  }

  private insert(text: string, hash: number, slot: number): number {
    const code = this.dictionary.length;
    this.dictionary.push(text);
    if (code === this.hashes.length) {
      this.hashes = grow(this.hashes);
      this.counts = grow(this.counts);
    }
    this.hashes[code] = hash;
    this.slots[slot] = code + 1;
    if (2 * (code + 1) > this.slots.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.dictionary.length; code++) {
      let slot = this.hashes[code] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over UTF-16 code units: the hash before `mixBits`, computed char by char. */
export const HASH_SEED = 0x811c9dc5 | 0;

export function hashStep(h: number, charCode: number): number {
  return Math.imul(h ^ charCode, 0x01000193);
}

export function hashRange(s: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let k = start; k < end; k++) h = hashStep(h, s.charCodeAt(k));
  return h;
}

/** Final avalanche (from MurmurHash3) so that the low bits used as slot index depend on every char. */
function mixBits(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * `s.slice(start, end)` that does not keep `s` alive: V8 returns long slices as views on their
 * parent, and a dictionary entry would then pin a whole decoded chunk (1 MB) in memory. Slicing
 * a fresh concatenation makes the view's parent a copy the size of the entry.
 */
function ownCopy(s: string, start: number, end: number): string {
  return end - start < 13 ? s.slice(start, end) : (" " + s.slice(start, end)).slice(1);
}

function equalsRange(text: string, s: string, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) !== s.charCodeAt(start + k)) return false;
  return true;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
