import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../random/rng.ts";
import { RawColumnBuilder } from "./raw-column-builder.ts";

describe("RawColumnBuilder", () => {
  it("encodes ranges of a larger text like the texts themselves", () => {
    const b = new RawColumnBuilder();
    const s = "x,yy,x,,yy";
    b.addRange(s, 0, 1, 0);
    b.addRange(s, 2, 4, 1);
    b.add("x", 2);
    b.addRange(s, 7, 7, 3);
    b.addRange(s, 8, 10, 4);
    const c = b.build("c", 5);
    assert.deepEqual(c, { name: "c", dictionary: ["x", "yy", ""], codes: Int32Array.from([0, 1, 0, 2, 1]), counts: Int32Array.from([2, 2, 1]) });
  });

  it("agrees with a Map-based encoding over many distinct values (table growth and rehashing)", () => {
    const rng = Rng.fromSeed(7);
    const n = 50_000;
    const texts = Array.from({ length: n }, () => String(rng.int(20_000)) + (rng.int(3) === 0 ? " " : ""));
    const b = new RawColumnBuilder();
    texts.forEach((t, row) => b.add(t, row));
    const built = b.build("v", n);
    const index = new Map<string, number>();
    const codes = texts.map((t) => {
      if (!index.has(t)) index.set(t, index.size);
      return index.get(t)!;
    });
    assert.deepEqual(built.dictionary, [...index.keys()]);
    assert.deepEqual([...built.codes], codes);
    const counts = new Array<number>(index.size).fill(0);
    for (const c of codes) counts[c]++;
    assert.deepEqual([...built.counts], counts);
  });
});
