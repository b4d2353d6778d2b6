// The fuzzy rung's search: the windows of a file's lines most like a SEARCH the model misquoted. A cheap prefilter
// slides a window of the SEARCH's length over the file and scores each position by the character trigrams it shares
// with the SEARCH (the Dice coefficient of the two multisets). The best local peaks are then aligned line by line,
// which finds each window's first and last line (lines may be missing or extra) and an edit script whose length
// scores it. Every step is bounded, so a SEARCH of thousands of lines costs milliseconds, not minutes: the host runs
// this on untrusted output.

/** The alignment lets a window drift by this share of the SEARCH's lines (lines the model dropped or added). */
const WINDOW_SLACK = 0.2;
/** At most this many lines of drift between the SEARCH and the file, however long the SEARCH. */
const MAX_SLACK = 40;
/** Up to this many SEARCH lines, the alignment compares lines by their trigrams; beyond, only by equality. */
const DETAILED_LINES = 200;
/** Peaks aligned at most; the prefilter ranks them, so the true place is among the first few. */
const MAX_CANDIDATES = 16;
/** Alignment cells (a trigram comparison counting as 20) spent on all candidates together. */
const ALIGNMENT_BUDGET = 2_000_000;
/** Up to this product of the two texts' lengths, a window's edit distance is computed exactly (about a millisecond). */
const EXACT_DISTANCE_LIMIT = 16_000_000;
/** Windows sharing fewer trigrams than this are not worth aligning. */
const PEAK_FLOOR = 0.15;
const TABLE_SIZE = 1 << 16;

export interface FuzzyWindow {
  /** 0-based first line and number of lines of the file. */
  readonly first: number;
  readonly count: number;
  /** 0..1: one minus the edit distance over the longer text. */
  readonly similarity: number;
}

/**
 * The places in the file most like the SEARCH, as lines compared by their keys (whitespace already normalized),
 * best first and not overlapping one another.
 */
export function fuzzyWindows(fileKeys: readonly string[], search: readonly string[]): FuzzyWindow[] {
  const m = search.length;
  if (fileKeys.length === 0 || m === 0) return [];
  const fileGrams = lineGrams(fileKeys);
  const searchGrams = lineGrams(search);
  const detailed = m <= DETAILED_LINES;
  const slack = Math.min(MAX_SLACK, Math.ceil(m * WINDOW_SLACK) + 2);
  const cost = m * (2 * slack + 1) * (detailed ? 20 : 1);
  const limit = Math.max(2, Math.min(MAX_CANDIDATES, Math.floor(ALIGNMENT_BUDGET / cost)));
  const ids = new Map<string, number>();
  const idOf = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  };
  const lines: AlignedLines = {
    fileKeys,
    fileIds: Int32Array.from(fileKeys, idOf),
    fileGrams,
    search,
    searchIds: Int32Array.from(search, idOf),
    searchGrams,
    detailed,
    slack,
  };
  const windows: FuzzyWindow[] = [];
  for (const peak of prefilterPeaks(fileGrams, searchGrams, m).slice(0, limit)) {
    const window = alignWindow(lines, peak);
    if (window) windows.push(window);
  }
  // Peaks near each other can align to overlapping windows: the same place, seen twice.
  windows.sort((x, y) => y.similarity - x.similarity || x.first - y.first);
  const distinct: FuzzyWindow[] = [];
  for (const window of windows) {
    const overlaps = distinct.some((kept) => window.first < kept.first + kept.count && kept.first < window.first + window.count);
    if (!overlaps) distinct.push(window);
  }
  return distinct;
}

function hash3(a: number, b: number, c: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  return (h ^ (h >>> 15)) & (TABLE_SIZE - 1);
}

/**
 * The trigram hashes of many lines in one array: one small array per line made the garbage collector the
 * bottleneck on large files. Each line is padded at both ends, so that a one-character line still has a trigram.
 */
interface LineGrams {
  readonly hashes: Int32Array;
  /** Line i's hashes are hashes[offsets[i]] up to hashes[offsets[i + 1]]. */
  readonly offsets: Int32Array;
  /** Lines' hashes sorted, made when the alignment first compares them. */
  readonly sorted: Map<number, Int32Array>;
}

function lineGrams(keys: readonly string[]): LineGrams {
  let total = 0;
  for (const key of keys) total += key.length;
  const hashes = new Int32Array(total);
  const offsets = new Int32Array(keys.length + 1);
  let at = 0;
  for (let line = 0; line < keys.length; line++) {
    const key = keys[line]!;
    offsets[line] = at;
    const n = key.length;
    let a = 1;
    let b = key.charCodeAt(0);
    for (let i = 0; i < n; i++) {
      const c = i + 1 < n ? key.charCodeAt(i + 1) : 1;
      hashes[at++] = hash3(a, b, c);
      a = b;
      b = c;
    }
  }
  offsets[keys.length] = at;
  return { hashes, offsets, sorted: new Map() };
}

function sortedGrams(grams: LineGrams, line: number): Int32Array {
  let sorted = grams.sorted.get(line);
  if (!sorted) {
    sorted = grams.hashes.slice(grams.offsets[line], grams.offsets[line + 1]).sort();
    grams.sorted.set(line, sorted);
  }
  return sorted;
}

/** The Dice coefficient of two sorted trigram multisets. */
function diceOf(x: Int32Array, y: Int32Array): number {
  if (x.length === 0 || y.length === 0) return x.length === y.length ? 1 : 0;
  let common = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    const a = x[i]!;
    const b = y[j]!;
    if (a === b) {
      common++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return (2 * common) / (x.length + y.length);
}

/** Start lines of windows (of the SEARCH's length) that share the most trigrams with it, best first. */
function prefilterPeaks(fileGrams: LineGrams, searchGrams: LineGrams, m: number): number[] {
  const n = fileGrams.offsets.length - 1;
  const size = Math.min(m, n);
  const wanted = new Int32Array(TABLE_SIZE);
  for (const h of searchGrams.hashes) wanted[h]!++;
  const searchTotal = searchGrams.hashes.length;
  const have = new Int32Array(TABLE_SIZE);
  let overlap = 0;
  let windowTotal = 0;
  const { hashes, offsets } = fileGrams;
  const add = (line: number): void => {
    const to = offsets[line + 1]!;
    for (let at = offsets[line]!; at < to; at++) {
      const h = hashes[at]!;
      if (have[h]! < wanted[h]!) overlap++;
      have[h]!++;
    }
    windowTotal += to - offsets[line]!;
  };
  const remove = (line: number): void => {
    const to = offsets[line + 1]!;
    for (let at = offsets[line]!; at < to; at++) {
      const h = hashes[at]!;
      have[h]!--;
      if (have[h]! < wanted[h]!) overlap--;
    }
    windowTotal -= to - offsets[line]!;
  };
  const scores = new Float64Array(n - size + 1);
  const dice = (): number => (searchTotal + windowTotal === 0 ? 0 : (2 * overlap) / (searchTotal + windowTotal));
  for (let line = 0; line < size; line++) add(line);
  scores[0] = dice();
  for (let start = 1; start < scores.length; start++) {
    remove(start - 1);
    add(start + size - 1);
    scores[start] = dice();
  }
  // Local peaks only: the windows around one place all score well, and should count once.
  const radius = Math.max(1, Math.floor(m / 2));
  const before = slidingMax(scores, radius, false);
  const after = slidingMax(scores, radius, true);
  const peaks: number[] = [];
  for (let start = 0; start < scores.length; start++) {
    const score = scores[start]!;
    if (score >= PEAK_FLOOR && score > before[start]! && score >= after[start]!) peaks.push(start);
  }
  return peaks.sort((x, y) => scores[y]! - scores[x]! || x - y);
}

/**
 * For each position, the largest score among the `radius` positions before it (or after it, `reverse`), by a
 * monotonic queue: linear in the number of positions whatever the radius.
 */
function slidingMax(scores: Float64Array, radius: number, reverse: boolean): Float64Array {
  const n = scores.length;
  const out = new Float64Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let step = 0; step < n; step++) {
    const at = reverse ? n - 1 - step : step;
    while (head < tail && Math.abs(queue[head]! - at) > radius) head++;
    out[at] = head < tail ? scores[queue[head]!]! : -Infinity;
    while (head < tail && scores[queue[tail - 1]!]! <= scores[at]!) tail--;
    queue[tail++] = at;
  }
  return out;
}

interface AlignedLines {
  readonly fileKeys: readonly string[];
  readonly fileIds: Int32Array;
  readonly fileGrams: LineGrams;
  readonly search: readonly string[];
  readonly searchIds: Int32Array;
  readonly searchGrams: LineGrams;
  readonly detailed: boolean;
  readonly slack: number;
}

const PAIR = 1;
const SKIP_SEARCH = 2;
const SKIP_FILE = 3;

/**
 * The window near `peak` that best aligns with the SEARCH, line by line: free to start and end anywhere (the
 * prefilter's window may be off by a few lines), lines paired by their similarity, a missing or extra line costing
 * a little more than its length, so that a line the model rewrote entirely is paired rather than pushed out of the
 * window. Banded around the peak's diagonal: the cost is the SEARCH's length times the slack, not times the file.
 * The window's similarity is its exact edit distance from the SEARCH when that is cheap; for long texts, the length
 * of the edit script the alignment is (an upper bound on the distance, so the similarity errs low, never high).
 */
function alignWindow(lines: AlignedLines, peak: number): FuzzyWindow | undefined {
  const { fileKeys, fileIds, fileGrams, search, searchIds, searchGrams, detailed, slack } = lines;
  const m = search.length;
  const low = Math.max(0, peak - slack);
  const high = Math.min(fileKeys.length, peak + m + slack);
  const width = high - low;
  const offset = peak - low;
  const band = 2 * slack + 1;
  const lowAt = (i: number): number => (i === 0 ? 0 : Math.max(0, i + offset - slack));
  const highAt = (i: number): number => (i === 0 ? width : Math.min(width, i + offset + slack));
  const weight = (key: string): number => Math.max(1, key.length);
  const gap = (key: string): number => 1.25 * weight(key);
  const moves = new Uint8Array(m * band);
  let previous = new Float64Array(width + 1);
  let current = new Float64Array(width + 1);
  for (let i = 1; i <= m; i++) {
    const searchKey = search[i - 1]!;
    const searchGap = gap(searchKey);
    const from = lowAt(i);
    const to = highAt(i);
    const previousFrom = lowAt(i - 1);
    const previousTo = highAt(i - 1);
    const above = (j: number): number => (j >= previousFrom && j <= previousTo ? previous[j]! : -Infinity);
    for (let j = from; j <= to; j++) {
      let best = above(j) - searchGap;
      let move = SKIP_SEARCH;
      if (j >= 1) {
        const fileLine = low + j - 1;
        const fileKey = fileKeys[fileLine]!;
        const same =
          searchIds[i - 1] === fileIds[fileLine] ? 1 : detailed ? diceOf(sortedGrams(searchGrams, i - 1), sortedGrams(fileGrams, fileLine)) : 0;
        const pair = above(j - 1) + ((2 * same - 1) * (weight(searchKey) + weight(fileKey))) / 2;
        if (pair >= best) {
          best = pair;
          move = PAIR;
        }
        const skipFile = j - 1 >= from ? current[j - 1]! - gap(fileKey) : -Infinity;
        if (skipFile > best) {
          best = skipFile;
          move = SKIP_FILE;
        }
      }
      current[j] = best;
      moves[(i - 1) * band + (j - from)] = move;
    }
    [previous, current] = [current, previous];
  }
  let end = -1;
  for (let j = Math.max(1, lowAt(m)); j <= highAt(m); j++) {
    if (previous[j]! > -Infinity && (end < 0 || previous[j]! > previous[end]!)) end = j;
  }
  if (end < 0) return undefined;

  const pairs: number[] = [];
  let gapLength = 0;
  let i = m;
  let j = end;
  while (i > 0) {
    const move = moves[(i - 1) * band + (j - lowAt(i))];
    if (move === PAIR) {
      pairs.push(i - 1, low + j - 1);
      i--;
      j--;
    } else if (move === SKIP_SEARCH) {
      gapLength += search[i - 1]!.length + 1;
      i--;
    } else {
      gapLength += fileKeys[low + j - 1]!.length + 1;
      j--;
    }
  }
  if (end <= j) return undefined;
  const first = low + j;
  const count = end - j;
  const windowText = fileKeys.slice(first, first + count).join('\n');
  const searchText = search.join('\n');
  let distance: number;
  if (windowText.length * searchText.length <= EXACT_DISTANCE_LIMIT) distance = editDistance(windowText, searchText);
  else {
    distance = gapLength;
    for (let k = 0; k < pairs.length; k += 2) distance += editDistance(search[pairs[k]!]!, fileKeys[pairs[k + 1]!]!);
  }
  const longer = Math.max(1, windowText.length, searchText.length);
  return { first, count, similarity: Math.max(0, 1 - distance / longer) };
}

/**
 * Levenshtein distance by Myers' bit-parallel algorithm (G. Myers, "A fast bit-vector algorithm for approximate
 * string matching based on dynamic programming", 1999), 32 characters of the shorter text per machine word, so
 * that even a long minified line costs little.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const [text, pattern] = a.length >= b.length ? [a, b] : [b, a];
  const m = pattern.length;
  if (m === 0) return text.length;
  const blocks = Math.ceil(m / 32);
  const equal = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    const code = pattern.charCodeAt(i);
    let bits = equal.get(code);
    if (!bits) {
      bits = new Int32Array(blocks);
      equal.set(code, bits);
    }
    bits[i >> 5]! |= 1 << (i & 31);
  }
  const none = new Int32Array(blocks);
  const plus = new Int32Array(blocks).fill(-1);
  const minus = new Int32Array(blocks);
  const lastHigh = 1 << ((m - 1) & 31);
  let score = m;
  for (let j = 0; j < text.length; j++) {
    const eqs = equal.get(text.charCodeAt(j)) ?? none;
    // The distance along the top row grows by one per text character: the carry into the first block.
    let carry = 1;
    for (let k = 0; k < blocks; k++) {
      let eq = eqs[k]!;
      const pv = plus[k]!;
      const mv = minus[k]!;
      const xv = eq | mv;
      if (carry < 0) eq |= 1;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      const high = k === blocks - 1 ? lastHigh : 1 << 31;
      const out = ph & high ? 1 : mh & high ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (carry < 0) mh |= 1;
      else if (carry > 0) ph |= 1;
      plus[k] = mh | ~(xv | ph);
      minus[k] = ph & xv;
      carry = out;
    }
    score += carry;
  }
  return score;
}
