// Where one SEARCH text lands in a file, and what the file becomes: the ladder's matches narrowed by what the model
// said about the place (a line hint, a V4A patch's scope lines, the end of the file), then the REPLACE spliced in
// with the file's line breaks and indentation. What the model says about the place only ever narrows the matches
// or breaks a tie between them: it never places a text that does not match.

import { findAnchors, lineKey, splitLines } from './anchor';
import type { AnchorMatch } from './anchor';
import { detectIndent, inFileStyle, indentOf, reindent, withLineBreaks } from './layout';
import type { IndentStyle, LineBreak } from './layout';
import { carriesCode } from './tokens';
import type { AnchorLevel, NearestCandidate } from './types';

/** The file's layout, which the replacement is written in. */
export interface FileLayout {
  readonly lineBreak: LineBreak;
  /** The file's indentation (detected once, from the text as read). */
  readonly indent: () => IndentStyle | undefined;
}

/** What the model said about where the text goes, besides the text itself. */
export interface PlaceHints {
  /** Match whole lines only (diff hunks). */
  readonly wholeLines: boolean;
  /** 1-based line of the text being edited (moved for the edits before this one): breaks ties, narrows fuzzy. */
  readonly nearLine?: number;
  /** Lines the text comes after, outermost first. */
  readonly scope?: readonly string[];
  /** The text ends the file (its last line is the file's last non-blank one). */
  readonly atEndOfFile?: boolean;
  readonly fuzzyThreshold?: number;
}

/** A splice, as later line hints see it: the lines below [line, line + span) moved by `delta`. */
export interface LineChange {
  /** 1-based */
  readonly line: number;
  readonly span: number;
  readonly delta: number;
}

export type Placement =
  | { readonly kind: 'placed'; readonly text: string; readonly level: AnchorLevel; readonly similarity: number; readonly change: LineChange }
  | { readonly kind: 'ambiguous'; readonly lines: readonly number[] }
  | { readonly kind: 'notFound'; readonly nearest: NearestCandidate | undefined }
  /** It matches, but none of the matches is where the model said (after its scope lines, at the end of the file). */
  | { readonly kind: 'elsewhere'; readonly lines: readonly number[]; readonly where: string }
  /** A scope line the model gave is not in the file. */
  | { readonly kind: 'noScope'; readonly line: string };

/** Where a line of the file before this answer's edits is now, after the changes made so far (in order). */
export function movedLine(line: number, changes: readonly LineChange[]): number {
  let at = line;
  for (const change of changes) {
    if (at >= change.line + change.span) at += change.delta;
    else if (at >= change.line) at = change.line;
  }
  return Math.max(1, at);
}

/**
 * Anchors `search` in `text` and puts `replace` in its place, or says why it cannot. `replace` as lines (a diff
 * hunk's new side) is exactly those lines: `['']` is one blank line, where the text '' would be none.
 */
export function place(layout: FileLayout, text: string, search: string, replace: string | readonly string[], hints: PlaceHints): Placement {
  const found = findAnchors(text, search, {
    wholeLines: hints.wholeLines,
    ...(hints.fuzzyThreshold === undefined ? {} : { fuzzyThreshold: hints.fuzzyThreshold }),
    ...(hints.nearLine === undefined ? {} : { nearLine: hints.nearLine }),
  });
  if (found.kind === 'none') return { kind: 'notFound', nearest: found.nearest };
  let matches = found.matches;
  const wheres: string[] = [];
  if (hints.scope && hints.scope.length > 0) {
    const floor = scopeFloor(text, hints.scope);
    if (typeof floor === 'string') return { kind: 'noScope', line: floor };
    matches = matches.filter((m) => m.line > floor);
    wheres.push(`after ${hints.scope.map((line) => `\`${line.trim()}\``).join(' and ')}`);
  }
  if (hints.atEndOfFile) {
    matches = matches.filter((m) => text.slice(m.end).trim() === '');
    wheres.push('at the end of the file');
  }
  if (matches.length === 0) return { kind: 'elsewhere', lines: found.matches.map((m) => m.line), where: wheres.join(' and ') };
  let match: AnchorMatch | undefined = matches.length === 1 ? matches[0] : undefined;
  if (!match && hints.nearLine !== undefined) match = nearestTo(matches, hints.nearLine);
  if (!match) return { kind: 'ambiguous', lines: matches.map((m) => m.line) };
  // A SEARCH that quotes whole lines without the first one's indentation matches after it, as text: it is those
  // whole lines, and the REPLACE goes in at their indentation (else a second line, or a deletion, goes wrong).
  const dedented = !atLineStart(text, match.start) && atLineEnd(text, match.end) && /^[ \t]*$/.test(text.slice(lineStartOf(text, match.start), match.start));
  if (dedented) match = { ...match, start: lineStartOf(text, match.start) };
  const forgiving = dedented || found.level === 'whitespace' || found.level === 'fuzzy';
  const spliced = splice(layout, text, match, search, replace, forgiving);
  return { kind: 'placed', ...spliced, level: found.level, similarity: match.similarity };
}

/** The offset where the line holding `at` starts. */
function lineStartOf(text: string, at: number): number {
  let start = at;
  while (start > 0 && !isBreak(text, start - 1)) start--;
  return start;
}

/**
 * The 1-based line of the last scope line, each found (by its whitespace-flexible key) after the one before; or
 * the first scope line that is not there.
 */
function scopeFloor(text: string, scope: readonly string[]): number | string {
  const keys = splitLines(text).lines.map(lineKey);
  let floor = 0;
  for (const line of scope) {
    const key = lineKey(line);
    if (key === '') continue;
    const at = keys.indexOf(key, floor);
    if (at < 0) return line.trim();
    floor = at + 1;
  }
  return floor;
}

function nearestTo(matches: readonly AnchorMatch[], line: number): AnchorMatch | undefined {
  const byDistance = [...matches].sort((a, b) => Math.abs(a.line - line) - Math.abs(b.line - line));
  const [first, second] = byDistance;
  if (!first || (second && Math.abs(second.line - line) === Math.abs(first.line - line))) return undefined;
  return first;
}

export const isBreak = (text: string, at: number): boolean => text[at] === '\n' || text[at] === '\r';
const atLineStart = (text: string, at: number): boolean =>
  at === 0 || text[at - 1] === '\n' || (text[at - 1] === '\r' && text[at] !== '\n');
const atLineEnd = (text: string, at: number): boolean => at === text.length || isBreak(text, at);

/** The length of the line break ending just before `at` (0 when there is none). */
function breakBefore(text: string, at: number): number {
  if (text[at - 1] === '\n') return text[at - 2] === '\r' ? 2 : 1;
  return text[at - 1] === '\r' ? 1 : 0;
}

const breaksIn = (text: string): number => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * A block's text as lines, the way the parser writes them: joined with line breaks and no break after the last,
 * so a final break is a final blank line. An empty text is no lines: an empty REPLACE deletes.
 */
function linesOf(text: string): string[] {
  return text === '' ? [] : text.split(/\r\n|\r|\n/);
}

/**
 * Replaces the matched region. A region of whole lines is replaced by whole lines joined with the file's line
 * break; the break after the region stays, so the file keeps its ending. Replacing lines with none removes them
 * together with one line break. A region that starts or ends inside a line is replaced as text.
 */
function splice(
  layout: FileLayout,
  text: string,
  match: AnchorMatch,
  search: string,
  replaceText: string | readonly string[],
  forgiving: boolean,
): { readonly text: string; readonly change: LineChange } {
  const replace = typeof replaceText === 'string' ? replaceText : replaceText.join('\n');
  const { start, end } = match;
  const cut = (from: number, to: number, inserted: string): { text: string; change: LineChange } => ({
    text: text.slice(0, from) + inserted + text.slice(to),
    change: { line: match.line, span: breaksIn(text.slice(start, end)) + 1, delta: breaksIn(inserted) - breaksIn(text.slice(from, to)) },
  });
  if (!atLineStart(text, start) || !atLineEnd(text, end)) {
    // The break a SEARCH starts or ends with is the file's own: keep it when REPLACE, not empty, forgot it.
    let replacement = replace;
    if (replacement !== '' && /[\r\n]$/.test(search) && !/[\r\n]$/.test(replacement)) replacement += '\n';
    if (replacement !== '' && /^[\r\n]/.test(search) && !/^[\r\n]/.test(replacement)) replacement = '\n' + replacement;
    return cut(start, end, withLineBreaks(replacement, layout.lineBreak));
  }
  const searchLines = linesOf(search);
  let lines = typeof replaceText === 'string' ? linesOf(replace) : [...replaceText];
  if (forgiving) lines = withoutBlankEdges(lines, searchLines);
  const modelStyle = detectIndent(searchLines, lines);
  const region = splitLines(text.slice(start, end)).lines;
  if (forgiving) {
    const measured = indentMapping(searchLines, region, lines);
    if (measured) lines = remapIndent(lines, measured);
    else {
      const [modelLine, fileLine] = referencePair(searchLines, region);
      lines = reindent(lines, { modelIndent: indentOf(modelLine), modelStyle, fileIndent: indentOf(fileLine), fileStyle: layout.indent() });
    }
  }
  const own = new Set(region);
  // Reading the whole file's style costs milliseconds on a large file: not when the lines replaced indent one way
  // (tabs, or spaces) and the new lines the same way.
  const kinds = indentKinds(region);
  const added = indentKinds(lines.filter((line) => !own.has(line)));
  if (forgiving || kinds.size !== 1 || [...added].some((kind) => !kinds.has(kind))) {
    lines = inFileStyle(lines, layout.indent(), modelStyle?.unit, own);
  }
  if (lines.length > 0) return cut(start, end, lines.join(layout.lineBreak));
  // Removes the lines with the line break after them, or before them at the end of the file.
  if (end < text.length) return cut(start, end + (text.startsWith('\r\n', end) ? 2 : 1), '');
  return cut(start - breakBefore(text, start), end, '');
}

/** File indentation width = scale × model width + offset, in one kind of character (spaces, or tabs). */
interface IndentMapping {
  readonly scale: number;
  readonly offset: number;
  readonly tabs: boolean;
}

/**
 * How the model's indentation maps onto the file's, measured on the lines the SEARCH matched (line for line, when
 * the match has as many lines as the SEARCH): a constant offset (the block quoted a level too deep or too shallow)
 * or a scale (two spaces a level where the file has four), when every pair of code lines agrees on it. Guessing the
 * model's step from its own lines is the fallback: a REPLACE that steps back out and in again reads as a step of
 * twice the real one. Undefined when the pairs disagree, or model and file indent with different characters.
 */
function indentMapping(searchLines: readonly string[], region: readonly string[], replace: readonly string[]): IndentMapping | undefined {
  let first = 0;
  let last = searchLines.length;
  while (first < last && searchLines[first]!.trim() === '') first++;
  while (last > first && searchLines[last - 1]!.trim() === '') last--;
  const quoted = searchLines.slice(first, last);
  if (quoted.length !== region.length) return undefined;
  const pairs: [number, number][] = [];
  const kinds = new Set<string>();
  const kindOf = (indent: string): void => {
    for (const c of new Set(indent)) kinds.add(c);
  };
  for (let i = 0; i < quoted.length; i++) {
    const model = quoted[i]!;
    const file = region[i]!;
    if (!carriesCode(model) || file.trim() === '') continue;
    const [modelIndent, fileIndent] = [indentOf(model), indentOf(file)];
    kindOf(modelIndent);
    kindOf(fileIndent);
    pairs.push([modelIndent.length, fileIndent.length]);
  }
  for (const line of replace) if (line.trim() !== '') kindOf(indentOf(line));
  if (pairs.length === 0 || kinds.size > 1) return undefined;
  const tabs = kinds.has('\t');
  const [low, high] = pairs.reduce(([a, b], pair) => [pair[0] < a[0] ? pair : a, pair[0] > b[0] ? pair : b], [pairs[0]!, pairs[0]!]);
  const scale = high[0] === low[0] ? 1 : (high[1] - low[1]) / (high[0] - low[0]);
  const offset = low[1] - scale * low[0];
  if (scale <= 0 || pairs.some(([model, file]) => Math.abs(scale * model + offset - file) > 1e-9)) return undefined;
  return { scale, offset, tabs };
}

function remapIndent(lines: readonly string[], { scale, offset, tabs }: IndentMapping): string[] {
  return lines.map((line) => {
    if (line.trim() === '') return '';
    const indent = indentOf(line);
    const width = Math.max(0, Math.round(scale * indent.length + offset));
    return (tabs ? '\t' : ' ').repeat(width) + line.slice(indent.length);
  });
}

/** Which kinds of indentation the lines start with: a tab, or two spaces or more. */
function indentKinds(lines: readonly string[]): Set<'tab' | 'space'> {
  const kinds = new Set<'tab' | 'space'>();
  for (const line of lines) {
    if (line.startsWith('\t')) kinds.add('tab');
    else if (line.startsWith('  ')) kinds.add('space');
  }
  return kinds;
}

/**
 * The lines whose indentation the model's and the file's are compared by: the SEARCH's first line with code on it
 * (a blank line or the star line closing a comment says nothing about the code's depth), and that line in the file (the first with
 * its key, else the region's first line with code).
 */
function referencePair(searchLines: readonly string[], regionLines: readonly string[]): [string, string] {
  const nonBlank = (line: string): boolean => line.trim() !== '';
  const model = searchLines.find(carriesCode) ?? searchLines.find(nonBlank) ?? '';
  const key = lineKey(model);
  const file = regionLines.find((line) => nonBlank(line) && lineKey(line) === key) ?? regionLines.find(carriesCode) ?? regionLines.find(nonBlank) ?? '';
  return [model, file];
}

/** The rungs that ignore a SEARCH's blank first and last lines matched without them: REPLACE's matching ones go too. */
function withoutBlankEdges(lines: readonly string[], searchLines: readonly string[]): string[] {
  const blankRun = (from: readonly string[]): number => {
    let count = 0;
    while (count < from.length && from[count]!.trim() === '') count++;
    return count;
  };
  const leading = Math.min(blankRun(searchLines), blankRun(lines));
  const rest = lines.slice(leading);
  const trailing = Math.min(blankRun([...searchLines].reverse()), blankRun([...rest].reverse()));
  return rest.slice(0, rest.length - trailing);
}
