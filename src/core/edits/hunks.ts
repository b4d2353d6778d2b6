// A proposal as hunks a person accepts or rejects one by one, and the line diff underneath (also used by the
// 3-way rebase). Lines are counted the way VS Code counts them: every line break starts a line, so "a\n" has two
// lines, 'a' and ''. That makes a hunk's line numbers editor line numbers, and it settles the final line break
// without a special case: a text ends with a line break exactly when its last line is empty, so the base's final
// line break stays unless an accepted hunk covers the base's last line (then the proposal's choice wins).
// Lines are compared without their line breaks: a proposal written with LF matches a CRLF file.
import { diffArrays } from 'diff';
import { detectLineBreak } from './layout';
import type { LineBreak } from './layout';

export interface Hunk {
  /** 'h0', 'h1', … in file order; the same base and proposal always give the same ids. */
  readonly id: string;
  /** 0-based line of the base where the hunk starts (for a pure insertion: the line it goes before). */
  readonly baseStart: number;
  readonly baseLines: readonly string[];
  /** 0-based line of the proposal where the hunk starts. */
  readonly proposedStart: number;
  readonly proposedLines: readonly string[];
  /** proposedLines.length and baseLines.length: the +/− counts a person sees. */
  readonly added: number;
  readonly removed: number;
}

/** A text cut at its line breaks; `breaks[i]` is the break after `lines[i]` ('' for the last line). */
export interface BrokenLines {
  readonly lines: readonly string[];
  readonly breaks: readonly string[];
}

/** Base lines [baseStart, baseEnd) became the other text's lines [otherStart, otherEnd). */
export interface LineChange {
  readonly baseStart: number;
  readonly baseEnd: number;
  readonly otherStart: number;
  readonly otherEnd: number;
}

// Myers' diff is O((N+M)·D): fast for a few dozen changes in a large file, but a file rewritten from top to bottom
// could hold the extension host for seconds. Past this budget the diff falls back to one coarse change.
const DIFF_TIMEOUT_MS = 250;

/** The text's lines (at least one) and the break after each, for \r\n, \n and a lone \r as VS Code reads them. */
export function linesOf(text: string): BrokenLines {
  const lines: string[] = [];
  const breaks: string[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  let from = 0;
  for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
    lines.push(text.slice(from, match.index));
    breaks.push(match[0]);
    from = match.index + match[0].length;
  }
  lines.push(text.slice(from));
  breaks.push('');
  return { lines, breaks };
}

/**
 * Joins lines into text. A line keeps its own break (`undefined` for a new line); a line that has none, or had
 * none because it was last, gets `lineBreak`; the last line never has one.
 */
export function joinLines(lines: readonly string[], breaks: readonly (string | undefined)[], lineBreak: string): string {
  let text = '';
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) text += (lines[i] ?? '') + (breaks[i] || lineBreak);
  return last >= 0 ? text + (lines[last] ?? '') : text;
}

/**
 * The changed ranges between two line lists, with no context: changes that touch form one range, changes with at
 * least one unchanged line between them stay separate. When the diff runs out of time, everything between the
 * common first and last lines is one change: coarse, but still exact.
 */
export function lineChanges(base: readonly string[], other: readonly string[]): LineChange[] {
  let head = 0;
  const shorter = Math.min(base.length, other.length);
  while (head < shorter && base[head] === other[head]) head++;
  let tail = 0;
  while (tail < shorter - head && base[base.length - 1 - tail] === other[other.length - 1 - tail]) tail++;
  const baseEnd = base.length - tail;
  const otherEnd = other.length - tail;
  if (head === baseEnd && head === otherEnd) return [];
  const whole: LineChange = { baseStart: head, baseEnd, otherStart: head, otherEnd };
  if (head === baseEnd || head === otherEnd) return [whole];

  const parts = diffArrays(base.slice(head, baseEnd), other.slice(head, otherEnd), { timeout: DIFF_TIMEOUT_MS });
  if (!parts) return [whole];
  const changes: LineChange[] = [];
  let b = head;
  let o = head;
  let open: { baseStart: number; otherStart: number } | undefined;
  for (const part of parts) {
    if (part.removed) {
      open ??= { baseStart: b, otherStart: o };
      b += part.count;
    } else if (part.added) {
      open ??= { baseStart: b, otherStart: o };
      o += part.count;
    } else {
      if (open) changes.push({ ...open, baseEnd: b, otherEnd: o });
      open = undefined;
      b += part.count;
      o += part.count;
    }
  }
  if (open) changes.push({ ...open, baseEnd: b, otherEnd: o });
  return compact(changes, base, other);
}

// Myers finds a shortest edit, but where lines repeat ('}', blank lines) it may cut one change in two around a
// repeated line: "insert P, keep }, delete }" rather than "replace } with P". Two hunks for one change invite
// accepting half of it, so a change that can slide over the unchanged lines up to its neighbour (which leaves the
// text the same) is slid there and joined with it, as git's diff does.
function compact(changes: readonly LineChange[], base: readonly string[], other: readonly string[]): LineChange[] {
  const out: LineChange[] = [];
  for (const next of changes) {
    const prev = out.at(-1);
    const joined = prev && join(prev, next, base, other);
    if (joined) out[out.length - 1] = joined;
    else out.push(next);
  }
  return out;
}

function join(prev: LineChange, next: LineChange, base: readonly string[], other: readonly string[]): LineChange | undefined {
  const gap = next.baseStart - prev.baseEnd;
  if (slides(next, -gap, base, other)) {
    return { baseStart: prev.baseStart, baseEnd: next.baseEnd - gap, otherStart: prev.otherStart, otherEnd: next.otherEnd - gap };
  }
  if (slides(prev, gap, base, other)) {
    return { baseStart: prev.baseStart + gap, baseEnd: next.baseEnd, otherStart: prev.otherStart + gap, otherEnd: next.otherEnd };
  }
  return undefined;
}

/** Whether the change can move `by` lines (up when negative) over unchanged lines without changing either text. */
function slides(change: LineChange, by: number, base: readonly string[], other: readonly string[]): boolean {
  const step = Math.sign(by);
  for (let moved = 0; moved !== by; moved += step) {
    const onBase = sideSlides(base, change.baseStart + moved, change.baseEnd + moved, step);
    if (!onBase || !sideSlides(other, change.otherStart + moved, change.otherEnd + moved, step)) return false;
  }
  return true;
}

/** A range moves one line up when the line above it equals its last line (down: the line below, its first). */
function sideSlides(lines: readonly string[], start: number, end: number, step: number): boolean {
  if (start === end) return true;
  return step < 0 ? lines[start - 1] === lines[end - 1] : lines[start] === lines[end];
}

/** The hunks that turn `base` into `proposed`. */
export function hunksOf(base: string, proposed: string): Hunk[] {
  const from = linesOf(base).lines;
  const to = linesOf(proposed).lines;
  return lineChanges(from, to).map((change, index) => ({
    id: `h${index}`,
    baseStart: change.baseStart,
    baseLines: from.slice(change.baseStart, change.baseEnd),
    proposedStart: change.otherStart,
    proposedLines: to.slice(change.otherStart, change.otherEnd),
    added: change.otherEnd - change.otherStart,
    removed: change.baseEnd - change.baseStart,
  }));
}

/**
 * `base` with only the accepted hunks applied. Untouched lines keep their own line breaks, new lines get the
 * base's usual one (a CRLF file stays CRLF), or `lineBreak` when the base has none (an empty or one-line file: the
 * host knows the document's setting). Throws when a hunk does not fit the base (made against another text, or
 * overlapping another): writing a guess would be worse than refusing.
 */
export function applyHunks(
  base: string,
  hunks: readonly Hunk[],
  accepted: ReadonlySet<string>,
  lineBreak: LineBreak = '\n',
): string {
  const chosen = hunks.filter((hunk) => accepted.has(hunk.id)).sort((x, y) => x.baseStart - y.baseStart);
  if (chosen.length === 0) return base;
  const { lines, breaks } = linesOf(base);
  const outLines: string[] = [];
  const outBreaks: (string | undefined)[] = [];
  let at = 0;
  for (const hunk of chosen) {
    if (hunk.baseStart < at || !fits(lines, hunk)) {
      throw new Error(`Hunk ${hunk.id} does not fit the text it is applied to (line ${hunk.baseStart + 1}).`);
    }
    for (; at < hunk.baseStart; at++) {
      outLines.push(lines[at] ?? '');
      outBreaks.push(breaks[at]);
    }
    for (const line of hunk.proposedLines) {
      outLines.push(line);
      outBreaks.push(undefined);
    }
    at += hunk.baseLines.length;
  }
  for (; at < lines.length; at++) {
    outLines.push(lines[at] ?? '');
    outBreaks.push(breaks[at]);
  }
  return joinLines(outLines, outBreaks, /[\r\n]/.test(base) ? detectLineBreak(base) : lineBreak);
}

function fits(lines: readonly string[], hunk: Hunk): boolean {
  if (hunk.baseStart + hunk.baseLines.length > lines.length) return false;
  return hunk.baseLines.every((line, i) => lines[hunk.baseStart + i] === line);
}
