/**
 * A fitted tree as flat typed arrays (node i is described at index i of each array), its routing of
 * synthetic rows, and its JSON form.
 *
 * Leaves keep their donors: the response values (numeric) or codes (categorical) of the training
 * rows that ended there. Drawing a donor uniformly is synthpop's draw for both kinds of response.
 */
import type { Rng } from "../../random/rng.ts";

/** Direction of a level at a categorical split. */
export const RIGHT = 0;
export const LEFT = 1;
/** The level had no training rows in the node: synthetic rows go either way with probability ½. */
export const UNSEEN = 2;

export interface Tree {
  /** Split predictor (index into the tree's predictor list), or -1 at a leaf. */
  readonly feature: Int32Array;
  /** Numeric split: rows with x < threshold go left. */
  readonly threshold: Float64Array;
  /** Categorical split: offset of this node's per-level directions in `directions`. */
  readonly directionStart: Int32Array;
  readonly directions: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf: donors[donorStart .. donorStart + donorCount). */
  readonly donorStart: Int32Array;
  readonly donorCount: Int32Array;
  readonly donors: Float64Array;
}

export function nodeCount(tree: Tree): number {
  return tree.feature.length;
}

export function isLeaf(tree: Tree, node: number): boolean {
  return tree.feature[node] < 0;
}

/** A synthetic predictor column as routing reads it. */
export type RoutingColumn =
  | { readonly kind: "numeric"; readonly values: Float64Array }
  | { readonly kind: "categorical"; readonly codes: Int32Array };

/** The leaf synthetic row `row` falls into; unseen levels are routed with `rng`. */
export function routeRow(tree: Tree, columns: readonly RoutingColumn[], row: number, rng: Rng): number {
  let node = 0;
  for (let f = tree.feature[0]; f >= 0; f = tree.feature[node]) {
    const column = columns[f];
    let goLeft: boolean;
    if (column.kind === "numeric") goLeft = column.values[row] < tree.threshold[node];
    else {
      const direction = tree.directions[tree.directionStart[node] + column.codes[row]];
      goLeft = direction === UNSEEN ? rng.next() < 0.5 : direction === LEFT;
    }
    node = goLeft ? tree.left[node] : tree.right[node];
  }
  return node;
}

/** Uniform donor of a leaf. */
export function drawDonor(tree: Tree, leaf: number, rng: Rng): number {
  return tree.donors[tree.donorStart[leaf] + rng.int(tree.donorCount[leaf])];
}

/**
 * The tree with each leaf's donors restricted to those outside `avoid` (rare levels), so that a
 * uniform donor of a leaf is one of the leaf's distribution given a frequent level; a leaf whose
 * donors are all rare keeps them all (the shared rare-level step then replaces the draw). One pass
 * over the donors, done once per sample call rather than once per draw (a root leaf holds all of R).
 */
export function withoutDonors(tree: Tree, avoid: readonly number[]): Tree {
  // Donors of a categorical response are level codes: a flag per code up to the largest avoided.
  const flagged = new Uint8Array(avoid.reduce((a, c) => Math.max(a, c + 1), 0));
  for (const c of avoid) flagged[c] = 1;
  const isAvoided = (donor: number): boolean => donor < flagged.length && flagged[donor] === 1;
  const nNodes = tree.feature.length;
  const donorStart = new Int32Array(nNodes).fill(-1);
  const donorCount = new Int32Array(nNodes);
  const kept = new Float64Array(tree.donors.length);
  let nKept = 0;
  for (let node = 0; node < nNodes; node++) {
    if (tree.feature[node] >= 0) continue;
    const start = tree.donorStart[node];
    const count = tree.donorCount[node];
    let allowed = 0;
    for (let d = 0; d < count; d++) if (!isAvoided(tree.donors[start + d])) allowed++;
    donorStart[node] = nKept;
    donorCount[node] = allowed === 0 ? count : allowed;
    for (let d = 0; d < count; d++) {
      const donor = tree.donors[start + d];
      if (allowed === 0 || !isAvoided(donor)) kept[nKept++] = donor;
    }
  }
  return { ...tree, donorStart, donorCount, donors: kept.slice(0, nKept) };
}

/** A typed array that grows by doubling (node storage while a tree is grown). */
class Growable<A extends Int32Array | Float64Array | Uint8Array> {
  length = 0;
  constructor(
    private data: A,
    private readonly make: (capacity: number) => A,
  ) {}
  private reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const grown = this.make(Math.max(2 * this.data.length, this.length + extra));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
  push(x: number): void {
    this.reserve(1);
    this.data[this.length++] = x;
  }
  set(i: number, x: number): void {
    this.data[i] = x;
  }
  /** Appends source[rows[start..end)]. */
  pushGathered(source: ArrayLike<number>, rows: Int32Array, start: number, end: number): void {
    this.reserve(end - start);
    for (let k = start; k < end; k++) this.data[this.length++] = source[rows[k]];
  }
  pushAll(values: ArrayLike<number>): void {
    this.reserve(values.length);
    for (let i = 0; i < values.length; i++) this.data[this.length++] = values[i];
  }
  build(): A {
    return this.data.slice(0, this.length) as A;
  }
}

const ints = (capacity: number) => new Int32Array(capacity);

/** Growable node storage used while a tree is grown. */
export class TreeBuilder {
  private readonly feature = new Growable(new Int32Array(64), ints);
  private readonly threshold = new Growable(new Float64Array(64), (c) => new Float64Array(c));
  private readonly directionStart = new Growable(new Int32Array(64), ints);
  private readonly directions = new Growable(new Uint8Array(256), (c) => new Uint8Array(c));
  private readonly left = new Growable(new Int32Array(64), ints);
  private readonly right = new Growable(new Int32Array(64), ints);
  private readonly donorStart = new Growable(new Int32Array(64), ints);
  private readonly donorCount = new Growable(new Int32Array(64), ints);
  private readonly donors = new Growable(new Float64Array(256), (c) => new Float64Array(c));

  /** A new undetermined node; returns its index. */
  addNode(): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.directionStart.push(-1);
    this.left.push(-1);
    this.right.push(-1);
    this.donorStart.push(-1);
    this.donorCount.push(0);
    return this.feature.length - 1;
  }

  /** A leaf whose donors are source[rows[start..end)]. */
  setLeaf(node: number, source: ArrayLike<number>, rows: Int32Array, start: number, end: number): void {
    this.donorStart.set(node, this.donors.length);
    this.donorCount.set(node, end - start);
    this.donors.pushGathered(source, rows, start, end);
  }

  setNumericSplit(node: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature.set(node, feature);
    this.threshold.set(node, threshold);
    this.left.set(node, left);
    this.right.set(node, right);
  }

  setCategoricalSplit(node: number, feature: number, directions: ArrayLike<number>, left: number, right: number): void {
    this.feature.set(node, feature);
    this.directionStart.set(node, this.directions.length);
    this.directions.pushAll(directions);
    this.left.set(node, left);
    this.right.set(node, right);
  }

  build(): Tree {
    return {
      feature: this.feature.build(),
      threshold: this.threshold.build(),
      directionStart: this.directionStart.build(),
      directions: this.directions.build(),
      left: this.left.build(),
      right: this.right.build(),
      donorStart: this.donorStart.build(),
      donorCount: this.donorCount.build(),
      donors: this.donors.build(),
    };
  }
}

/**
 * A tree as JSON: each array as a list of numbers, except the categorical directions, one digit
 * per level ("0" right, "1" left, "2" unseen): a split on a many-level predictor stores a
 * direction for every level, millions on a large table, and a string is far lighter to build,
 * hold and parse than a list. Models saved with a list of directions still load.
 */
export type SavedTree = { readonly [K in Exclude<keyof Tree, "directions">]: number[] } & {
  readonly directions: string | number[];
};

/** A plain array copy (an indexed loop: Array.from iterates, several times slower on big trees). */
function listOf(values: Int32Array | Float64Array | Uint8Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}

const DIGIT_ZERO = 48;
/** Chunks keep String.fromCharCode's argument list short. */
const CHUNK = 8192;

function directionText(directions: Uint8Array): string {
  const parts: string[] = [];
  const digits = new Uint16Array(Math.min(CHUNK, directions.length));
  for (let start = 0; start < directions.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, directions.length);
    for (let i = start; i < end; i++) digits[i - start] = DIGIT_ZERO + directions[i];
    parts.push(String.fromCharCode(...digits.subarray(0, end - start)));
  }
  return parts.join("");
}

function directionCodes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - DIGIT_ZERO;
    if (d !== LEFT && d !== RIGHT && d !== UNSEEN) throw new RangeError(`cart model: invalid split direction at ${i}`);
    out[i] = d;
  }
  return out;
}

export function saveTree(tree: Tree): SavedTree {
  return {
    feature: listOf(tree.feature),
    threshold: listOf(tree.threshold),
    directionStart: listOf(tree.directionStart),
    directions: directionText(tree.directions),
    left: listOf(tree.left),
    right: listOf(tree.right),
    donorStart: listOf(tree.donorStart),
    donorCount: listOf(tree.donorCount),
    donors: listOf(tree.donors),
  };
}

export function loadTree(saved: SavedTree): Tree {
  return {
    feature: Int32Array.from(saved.feature),
    threshold: Float64Array.from(saved.threshold),
    directionStart: Int32Array.from(saved.directionStart),
    directions:
      typeof saved.directions === "string" ? directionCodes(saved.directions) : Uint8Array.from(saved.directions),
    left: Int32Array.from(saved.left),
    right: Int32Array.from(saved.right),
    donorStart: Int32Array.from(saved.donorStart),
    donorCount: Int32Array.from(saved.donorCount),
    donors: Float64Array.from(saved.donors),
  };
}
