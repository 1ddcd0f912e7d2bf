/**
 * Builds long strings from many short ones: the UTF-16 code units are copied into a growable
 * buffer and decoded once. Concatenating or joining millions of small strings instead leaves
 * millions of live pieces for the garbage collector, which costs several times the copying.
 */
const utf16 = new TextDecoder("utf-16le");

export class CharBuffer {
  private units: Uint16Array;
  private used = 0;

  constructor(capacity = 1 << 17) {
    this.units = new Uint16Array(capacity);
  }

  /** Code units held. */
  get length(): number {
    return this.used;
  }

  append(text: string): void {
    const n = text.length;
    if (this.used + n > this.units.length) this.grow(this.used + n);
    const units = this.units;
    let at = this.used;
    for (let k = 0; k < n; k++) units[at++] = text.charCodeAt(k);
    this.used = at;
  }

  /** The text held, emptying the buffer. */
  take(): string {
    const text = utf16.decode(this.units.subarray(0, this.used));
    this.used = 0;
    return text;
  }

  private grow(needed: number): void {
    let size = this.units.length * 2;
    while (size < needed) size *= 2;
    const units = new Uint16Array(size);
    units.set(this.units.subarray(0, this.used));
    this.units = units;
  }
}
