// The anchoring ladder: where in a file does a SEARCH text the model wrote belong? Each rung forgives more than the
// one before (exact; line endings and typographic punctuation; whitespace; a fuzzy window), and the first rung that
// finds anything decides. One place is an anchor; several are refused as ambiguous, never guessed between, because a
// model that misquotes code cannot be trusted to have meant the first copy it resembles.

import { fuzzyWindows } from './fuzzy';
import type { FuzzyWindow } from './fuzzy';
import { detectLineBreak, withLineBreaks } from './layout';
import { codeTokens } from './tokens';
import type { AnchorLevel, AnchorResult, NearestCandidate } from './types';

export const DEFAULT_FUZZY_THRESHOLD = 0.85;
/** Below this, a "closest candidate" is noise rather than a hint worth showing. */
const NEAREST_FLOOR = 0.3;
/** A fuzzy match needs this much text: a short line that is merely similar is another line, not a misquoted copy. */
const FUZZY_MIN_CHARS = 20;
/** Enough to call a SEARCH ambiguous and list where; more only costs memory on pathological input. */
const MAX_MATCHES = 1000;

export interface AnchorOptions {
  /** 0..1, the similarity a fuzzy window needs; below 0.5 "similar" means little, so it is raised to 0.5. */
  readonly fuzzyThreshold?: number;
  /**
   * 1-based line of the searched text where the model says the SEARCH starts (a Roo hint, a diff's `@@`): the fuzzy
   * rung then looks only this near it, ±max(20, twice the SEARCH's lines). The other rungs ignore it; a tie between
   * their matches is the caller's to break.
   */
  readonly nearLine?: number;
}

/** How far from a hinted line the fuzzy rung still looks: a model's line numbers drift, but not across a file. */
const hintRadius = (searchLines: number): number => Math.max(20, 2 * searchLines);

export interface FindAnchorsOptions extends AnchorOptions {
  /** Match whole lines only: skip the substring rung (for diff hunks and snippet lines, which are whole lines). */
  readonly wholeLines?: boolean;
}

/**
 * One place a SEARCH text matches. A substring match covers exactly the text matched; the line-based rungs cover
 * whole lines, without the last line's line break.
 */
export interface AnchorMatch {
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  readonly similarity: number;
}

export type AnchorSearch =
  | { readonly kind: 'matches'; readonly level: AnchorLevel; readonly matches: readonly AnchorMatch[] }
  | { readonly kind: 'none'; readonly nearest: NearestCandidate | undefined };

export interface TextLines {
  /** Each line without its line break; a final line break does not start another, empty, line. */
  readonly lines: readonly string[];
  /** The offset of each line's first character. */
  readonly starts: readonly number[];
}

export function splitLines(text: string): TextLines {
  const lines: string[] = [];
  const starts: number[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  let from = 0;
  for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
    lines.push(text.slice(from, match.index));
    starts.push(from);
    from = match.index + match[0].length;
  }
  if (from < text.length) {
    lines.push(text.slice(from));
    starts.push(from);
  }
  return { lines, starts };
}

// Typographic characters that models (and word processors) put where code has ASCII.
const ASCII_FOR: ReadonlyMap<string, string> = new Map([
  ...[...'\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000'].map((c) => [c, ' '] as const),
  ...[...'\u200b\u200c\u200d\u2060\ufeff'].map((c) => [c, ''] as const),
  ...[...'\u2010\u2011\u2012\u2013\u2014\u2015\u2212'].map((c) => [c, '-'] as const),
  ...[...'\u2018\u2019\u201a\u201b\u2032'].map((c) => [c, "'"] as const),
  ...[...'\u201c\u201d\u201e\u201f\u2033'].map((c) => [c, '"'] as const),
  ['\u2026', '...'],
]);
const TYPOGRAPHIC = new RegExp(`[${[...ASCII_FOR.keys()].join('')}]`, 'g');
const NON_ASCII = /[\u0080-\uffff]/;

/** A line as the normalized rung sees it: typographic punctuation and spaces in ASCII, no trailing whitespace. */
export function normalizeLine(line: string): string {
  const ascii = NON_ASCII.test(line) ? line.replace(TYPOGRAPHIC, (c) => ASCII_FOR.get(c) ?? c) : line;
  return ascii.trimEnd();
}

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 11 || code === 12;
// Letters, digits, `_` and `$`; anything beyond ASCII counts as a letter (typographic punctuation is ASCII by now).
const isWord = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code > 127;

/**
 * A normalized line as the whitespace rung sees it: no indentation, and a space only where it separates two words,
 * since `foo(a,b)` and `foo( a, b )` differ in whitespace alone. A loop, not a regular expression: it runs on every
 * line of the file, and the expression with look-arounds was ten times slower.
 */
function flexibleLine(normalized: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  const n = normalized.length;
  while (i < n) {
    if (!isSpace(normalized.charCodeAt(i))) {
      i++;
      continue;
    }
    let after = i + 1;
    while (after < n && isSpace(normalized.charCodeAt(after))) after++;
    out += normalized.slice(from, i);
    if (out.length > 0 && after < n && isWord(out.charCodeAt(out.length - 1)) && isWord(normalized.charCodeAt(after))) out += ' ';
    from = after;
    i = after;
  }
  return from === 0 ? normalized : out + normalized.slice(from);
}

/** The key the whitespace rung compares a line by. */
export function lineKey(line: string): string {
  return flexibleLine(normalizeLine(line));
}

/** [first, last) of the keys without the blank ones at the start and the end. */
function coreBounds(keys: readonly string[]): [number, number] {
  let first = 0;
  let last = keys.length;
  while (first < last && keys[first] === '') first++;
  while (last > first && keys[last - 1] === '') last--;
  return [first, last];
}

/** The line breaks in text[from, to): LFs, and CRs not followed by an LF, counted with the native `indexOf`. */
function breaksBetween(text: string, from: number, to: number, hasCr: boolean): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  if (hasCr) {
    for (let at = text.indexOf('\r', from); at >= 0 && at < to; at = text.indexOf('\r', at + 1)) {
      if (text.charCodeAt(at + 1) !== 10) count++;
    }
  }
  return count;
}

/** 1-based line numbers of sorted offsets, in one pass over the text. */
function lineNumbers(text: string, offsets: readonly number[]): number[] {
  const hasCr = text.includes('\r');
  const numbers: number[] = [];
  let line = 1;
  let at = 0;
  for (const offset of offsets) {
    line += breaksBetween(text, at, offset, hasCr);
    at = offset;
    numbers.push(line);
  }
  return numbers;
}

/**
 * Every occurrence of the search as a substring. When the search starts with indentation, an occurrence that starts
 * inside a deeper line's indentation is a different line that happens to contain it; it only counts when nothing
 * better does.
 */
function exactMatches(text: string, search: string): AnchorMatch[] {
  const offsets: number[] = [];
  // An occurrence that starts or ends between the CR and the LF of one line break is not one.
  const splitsBreak = (at: number): boolean => text[at - 1] === '\r' && text[at] === '\n';
  for (let at = text.indexOf(search); at >= 0 && offsets.length < MAX_MATCHES; at = text.indexOf(search, at + 1)) {
    if (!splitsBreak(at) && !splitsBreak(at + search.length)) offsets.push(at);
  }
  let kept = offsets;
  if (offsets.length > 1 && (search[0] === ' ' || search[0] === '\t')) {
    const aligned = offsets.filter((offset) => !insideIndentation(text, offset));
    if (aligned.length > 0) kept = aligned;
  }
  const lines = lineNumbers(text, kept);
  return kept.map((start, i) => ({ start, end: start + search.length, line: lines[i] ?? 1, similarity: 1 }));
}

/** Whether only (some) whitespace of its line comes before this offset. */
function insideIndentation(text: string, offset: number): boolean {
  let at = offset - 1;
  while (at >= 0 && (text[at] === ' ' || text[at] === '\t')) at--;
  return at < offset - 1 && (at < 0 || text[at] === '\n' || text[at] === '\r');
}

/** Start indices where `search` occurs as consecutive entries of `file`. */
function lineRuns(file: readonly string[], search: readonly string[]): number[] {
  const found: number[] = [];
  const first = search[0];
  next: for (let i = 0; i + search.length <= file.length && found.length < MAX_MATCHES; i++) {
    if (file[i] !== first) continue;
    for (let k = 1; k < search.length; k++) if (file[i + k] !== search[k]) continue next;
    found.push(i);
  }
  return found;
}

function lineMatch(file: TextLines, first: number, count: number, similarity: number): AnchorMatch {
  const last = first + count - 1;
  return {
    start: file.starts[first] ?? 0,
    end: (file.starts[last] ?? 0) + (file.lines[last]?.length ?? 0),
    line: first + 1,
    similarity,
  };
}

function clampThreshold(threshold: number | undefined): number {
  if (threshold === undefined || !Number.isFinite(threshold)) return DEFAULT_FUZZY_THRESHOLD;
  return Math.min(1, Math.max(0.5, threshold));
}

/** Every place the SEARCH matches at the first rung of the ladder that matches anything. */
export function findAnchors(fileText: string, search: string, options: FindAnchorsOptions = {}): AnchorSearch {
  if (search.trim() === '') return { kind: 'none', nearest: undefined };
  if (!options.wholeLines) {
    const exact = exactMatches(fileText, search);
    if (exact.length > 0) return { kind: 'matches', level: 'exact', matches: exact };
  }
  // A SEARCH written with LF for a CRLF file, still matched as a substring (it may start or end mid-line).
  const lineBreak = detectLineBreak(fileText);
  if (!options.wholeLines && lineBreak !== '\n' && /\r|\n/.test(search)) {
    const rebroken = exactMatches(fileText, withLineBreaks(search, lineBreak));
    if (rebroken.length > 0) return { kind: 'matches', level: 'normalized', matches: rebroken };
  }
  const file = splitLines(fileText);
  // Lines as the parser joins them: a final line break is a final blank line, which must match one.
  const searchLines = search.split(/\r\n|\r|\n/);
  const runsAt = (level: AnchorLevel, fileKeys: readonly string[], searchKeys: readonly string[]): AnchorSearch | undefined => {
    const runs = lineRuns(fileKeys, searchKeys);
    if (runs.length === 0) return undefined;
    return { kind: 'matches', level, matches: runs.map((first) => lineMatch(file, first, searchKeys.length, 1)) };
  };
  if (options.wholeLines) {
    const exact = runsAt('exact', file.lines, searchLines);
    if (exact) return exact;
  }
  const fileNormal = file.lines.map(normalizeLine);
  const normal = runsAt('normalized', fileNormal, searchLines.map(normalizeLine));
  if (normal) return normal;

  const fileFlexible = fileNormal.map(flexibleLine);
  const searchKeys = searchLines.map(lineKey);
  const [first, last] = coreBounds(searchKeys);
  const searchCore = searchKeys.slice(first, last);
  if (searchCore.length === 0) return { kind: 'none', nearest: undefined };
  const flexible = runsAt('whitespace', fileFlexible, searchCore);
  if (flexible) return flexible;

  const lines = { file, fileNormal, fileKeys: fileFlexible, searchNormal: searchLines.slice(first, last).map(normalizeLine), searchKeys: searchCore };
  return fuzzy(lines, clampThreshold(options.fuzzyThreshold), options.nearLine);
}

interface FuzzyLines {
  readonly file: TextLines;
  /** The file's and the SEARCH's lines normalized (for their tokens) and as keys (for the similarity). */
  readonly fileNormal: readonly string[];
  readonly fileKeys: readonly string[];
  readonly searchNormal: readonly string[];
  readonly searchKeys: readonly string[];
}

/** Whether a line has a letter or digit: a line without one (`}`, `);`, blank) is one a window may leave out. */
const hasContent = (key: string): boolean => /[\p{L}\p{N}_$]/u.test(key);

/**
 * The fuzzy rung: windows similar enough to the SEARCH, no longer than it (a longer window replaces a line the
 * SEARCH never showed), shorter only by lines with nothing but punctuation, and with the SEARCH's identifiers and
 * literals in the same order. When none qualifies, the closest window is still offered as a hint.
 */
function fuzzy(lines: FuzzyLines, threshold: number, nearLine: number | undefined): AnchorSearch {
  const { file, fileNormal, fileKeys, searchNormal, searchKeys } = lines;
  const m = searchKeys.length;
  let windows: FuzzyWindow[];
  if (nearLine === undefined) windows = fuzzyWindows(fileKeys, searchKeys);
  else {
    // Only the part of the file near the hint is searched, so that better-looking places elsewhere cannot crowd
    // the hinted one out of the candidates.
    const at = nearLine - 1;
    const radius = hintRadius(m);
    const low = Math.max(0, at - radius);
    const high = Math.min(fileKeys.length, Math.max(low, at + radius + m));
    windows = fuzzyWindows(fileKeys.slice(low, high), searchKeys)
      .map((w) => ({ ...w, first: w.first + low }))
      .filter((w) => Math.abs(w.first - at) <= radius);
  }
  const mayMatch = searchKeys.join('\n').length >= FUZZY_MIN_CHARS;
  const fewest = searchKeys.filter(hasContent).length;
  let tokens: readonly string[] | undefined;
  const sameTokens = (w: FuzzyWindow): boolean => {
    tokens ??= codeTokens(searchNormal);
    const found = codeTokens(fileNormal.slice(w.first, w.first + w.count));
    return found.length === tokens.length && found.every((token, i) => token === tokens![i]);
  };
  const matches = windows
    .filter((w) => mayMatch && w.similarity >= threshold && w.count <= m && w.count >= fewest && sameTokens(w))
    .sort((x, y) => x.first - y.first)
    .map((w) => lineMatch(file, w.first, w.count, w.similarity));
  if (matches.length > 0) return { kind: 'matches', level: 'fuzzy', matches };
  let best = windows[0];
  // A hint far from anything alike still deserves the closest place in the whole file.
  if (nearLine !== undefined && (!best || best.similarity < NEAREST_FLOOR)) best = fuzzyWindows(fileKeys, searchKeys)[0];
  if (!best || best.similarity < NEAREST_FLOOR) return { kind: 'none', nearest: undefined };
  const nearest = {
    startLine: best.first + 1,
    endLine: best.first + best.count,
    text: file.lines.slice(best.first, best.first + best.count).join('\n'),
    similarity: best.similarity,
  };
  return { kind: 'none', nearest };
}

/** Places the SEARCH in the file: one place found, several refused as ambiguous, or none with the closest candidate. */
export function anchor(fileText: string, search: string, options?: AnchorOptions): AnchorResult {
  const result = findAnchors(fileText, search, options);
  if (result.kind === 'none') return { kind: 'notFound', nearest: result.nearest };
  const [only, ...others] = result.matches;
  if (only && others.length === 0) {
    return { kind: 'found', start: only.start, end: only.end, level: result.level, similarity: only.similarity };
  }
  return { kind: 'ambiguous', level: result.level, lines: result.matches.map((match) => match.line) };
}
