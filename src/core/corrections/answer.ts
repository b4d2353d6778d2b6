// The corrected answer: the model's own answer with the person's accepted text in place of the model's, so that
// what a model is later trained on is its own words and format, changed only where the person changed the result.
// Where a change cannot be placed with certainty, the answer is rebuilt instead: its prose, then SEARCH/REPLACE
// blocks made from the diff between the file as it was and as the person accepted it.
import { fenced } from '../context/items';
import { findAnchors } from '../edits/anchor';
import { hunksOf, joinLines, lineChanges, linesOf } from '../edits/hunks';
import type { Hunk } from '../edits/hunks';
import { detectIndent, detectLineBreak, indentOf, reindent } from '../edits/layout';
import type { IndentStyle } from '../edits/layout';
import { isMarkerish, scanPairs } from '../edits/markers';
import { closingLine, FENCE } from '../edits/parse';

/** One file of a proposal: the model's text for it and the text the person ended with. */
export interface FileOutcome {
  readonly modelText: string;
  readonly finalText: string;
}

/** Blocks that are never the file's text: diffs (their lines carry +/- prefixes) and commands or output. */
const NOT_FILE_TEXT = new Set(['diff', 'patch', 'udiff', 'sh', 'bash', 'zsh', 'shell', 'console', 'terminal', 'powershell', 'pwsh', 'cmd', 'output', 'log']);

/** How many lines of context may be added around a change to find it in the answer, and how far it may slide. */
const MAX_CONTEXT = 4;
const MAX_SLIDE = 3;
/** How many tries to make a rebuilt SEARCH unique before taking the whole file as SEARCH. */
const MAX_SEARCH_CONTEXT = 20;

interface Fence {
  /** Line of the opening fence. */
  readonly open: number;
  /** Line of the closing fence (lines.length when the block is never closed). */
  readonly close: number;
  readonly language: string | undefined;
}

/** [start, end) lines of the answer that hold file text the model wrote: REPLACE sections, whole files, snippets. */
interface Region {
  readonly start: number;
  readonly end: number;
}

/** A change of the model's text: its lines [from, to) became the final text's lines [finalFrom, finalTo). */
interface Stretch {
  readonly from: number;
  readonly to: number;
  readonly finalFrom: number;
  readonly finalTo: number;
}

/** Answer lines [start, end) are to be replaced by `lines`. */
interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly lines: readonly string[];
}

/**
 * The answer with each file's final text in place of the model's, or undefined when some change cannot be found
 * exactly once in the answer's code (in a REPLACE section, a whole-file block or a snippet, never in a SEARCH).
 * Lines are matched without their indentation, and the person's lines are indented the way the model's were in
 * the answer.
 */
export function correctInPlace(answer: string, files: readonly FileOutcome[]): string | undefined {
  const { lines, breaks } = linesOf(answer);
  const keys = lines.map((line) => line.trim());
  const regions = fencesOf(lines).flatMap((fence) => regionsOf(lines, fence));
  const replacements: Replacement[] = [];
  for (const file of files) {
    // A final line break is the planner's business (it keeps the file's ending), not the answer's.
    const model = contentLines(file.modelText);
    const final = contentLines(file.finalText);
    const modelStyle = detectIndent(model);
    for (const change of lineChanges(model, final)) {
      const stretch = { from: change.baseStart, to: change.baseEnd, finalFrom: change.otherStart, finalTo: change.otherEnd };
      const found = locate({ lines, keys, regions }, model, final, modelStyle, stretch);
      if (!found) return undefined;
      replacements.push(found);
    }
  }
  if (replacements.length === 0) return answer;
  replacements.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < replacements.length; i++) {
    const previous = replacements[i - 1]!;
    const next = replacements[i]!;
    // Two changes on the same answer lines, or two insertions at one place, have no one right order.
    const touching = next.start === previous.end && (previous.start === previous.end || next.start === next.end);
    if (next.start < previous.end || touching) return undefined;
  }
  const outLines = [...lines];
  const outBreaks: (string | undefined)[] = [...breaks];
  for (const { start, end, lines: replacement } of [...replacements].reverse()) {
    outLines.splice(start, end - start, ...replacement);
    outBreaks.splice(start, end - start, ...replacement.map(() => undefined));
  }
  return joinLines(outLines, outBreaks, detectLineBreak(answer));
}

/** A text's lines without the empty last one a final line break leaves. */
function contentLines(text: string): string[] {
  const lines = [...linesOf(text).lines];
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface AnswerLines {
  readonly lines: readonly string[];
  /** Each line trimmed, for matching without regard to indentation. */
  readonly keys: readonly string[];
  readonly regions: readonly Region[];
}

/**
 * Where a change goes in the answer. The model's lines of the change are looked for first alone, then with more
 * and more unchanged lines around them until exactly one place matches; a change next to equal lines may sit one
 * or more lines higher or lower with the same effect ("}" added after "}"), so those placements are tried too.
 */
function locate(
  answer: AnswerLines,
  model: readonly string[],
  final: readonly string[],
  modelStyle: IndentStyle | undefined,
  stretch: Stretch,
): Replacement | undefined {
  for (let distance = 0; distance <= MAX_SLIDE; distance++) {
    for (const by of distance === 0 ? [0] : [-distance, distance]) {
      const moved = slid(stretch, by, model, final);
      if (!moved) continue;
      const found = locateAt(answer, model, final, modelStyle, moved);
      if (found) return found;
    }
  }
  return undefined;
}

/** The same change `by` lines higher (negative) or lower, when every step passes over a line equal on both ends. */
function slid(stretch: Stretch, by: number, model: readonly string[], final: readonly string[]): Stretch | undefined {
  let { from, to, finalFrom, finalTo } = stretch;
  const step = Math.sign(by);
  for (let moved = 0; moved !== by; moved += step) {
    if (step < 0) {
      if (from === 0 || finalFrom === 0) return undefined;
      if (from < to && model[from - 1] !== model[to - 1]) return undefined;
      if (finalFrom < finalTo && final[finalFrom - 1] !== final[finalTo - 1]) return undefined;
    } else {
      if (to >= model.length || finalTo >= final.length) return undefined;
      if (from < to && model[from] !== model[to]) return undefined;
      if (finalFrom < finalTo && final[finalFrom] !== final[finalTo]) return undefined;
    }
    from += step;
    to += step;
    finalFrom += step;
    finalTo += step;
  }
  return { from, to, finalFrom, finalTo };
}

function locateAt(
  answer: AnswerLines,
  model: readonly string[],
  final: readonly string[],
  modelStyle: IndentStyle | undefined,
  stretch: Stretch,
): Replacement | undefined {
  const length = stretch.to - stretch.from;
  for (let k = 0; k <= MAX_CONTEXT; k++) {
    const shapes = k === 0 ? [[0, 0]] : [[k, k], [k, 0], [0, k]];
    let anyHit = false;
    for (const [wantBefore = 0, wantAfter = 0] of shapes) {
      const before = Math.min(wantBefore, stretch.from);
      const after = Math.min(wantAfter, model.length - stretch.to);
      const needle = model.slice(stretch.from - before, stretch.to + after);
      if (needle.length === 0) continue;
      const hits = matches(answer, needle);
      anyHit ||= hits.length > 0;
      const hit = hits.length === 1 ? hits[0] : undefined;
      if (!hit) continue;
      const start = hit.at + before;
      const lines = final.slice(stretch.finalFrom, stretch.finalTo);
      return { start, end: start + length, lines: indentedLike(lines, needle, answer, hit, modelStyle) };
    }
    // The change alone is nowhere in the answer's code: no context added to it will be either.
    if (k === 0 && length > 0 && !anyHit) return undefined;
  }
  return undefined;
}

interface Hit {
  readonly at: number;
  readonly region: Region;
}

/**
 * Where the needle's lines stand, without regard to indentation, inside one region. When several places match
 * that way but exactly one matches character for character, that one is meant.
 */
function matches(answer: AnswerLines, needle: readonly string[]): Hit[] {
  const wanted = needle.map((line) => line.trim());
  const hits: Hit[] = [];
  for (const region of answer.regions) {
    for (let at = region.start; at + wanted.length <= region.end; at++) {
      if (wanted.every((key, i) => answer.keys[at + i] === key)) hits.push({ at, region });
    }
  }
  if (hits.length <= 1) return hits;
  const exact = hits.filter((hit) => needle.every((line, i) => answer.lines[hit.at + i] === line));
  return exact.length === 1 ? exact : hits;
}

/** The person's lines moved from the file's indentation to the indentation the model's lines have in the answer. */
function indentedLike(
  lines: readonly string[],
  needle: readonly string[],
  answer: AnswerLines,
  hit: Hit,
  modelStyle: IndentStyle | undefined,
): string[] {
  const reference = needle.findIndex((line) => line.trim() !== '');
  if (reference < 0) return [...lines];
  return reindent(lines, {
    modelIndent: indentOf(needle[reference] ?? ''),
    modelStyle,
    fileIndent: indentOf(answer.lines[hit.at + reference] ?? ''),
    fileStyle: detectIndent(answer.lines.slice(hit.region.start, hit.region.end)),
  });
}

/** The fenced blocks of an answer, closed where the answer parser closes them (its closingLine). */
function fencesOf(lines: readonly string[]): Fence[] {
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    const [, indent = '', marker = '', info = ''] = open ?? [];
    if (open === null || (marker.startsWith('`') && info.includes('`'))) continue;
    const close = closingLine(lines, i, indent, marker);
    const language = info.trim().split(/\s+/)[0]?.toLowerCase();
    fences.push({ open: i, close, language: language === '' ? undefined : language });
    i = close;
  }
  return fences;
}

/** The lines of a block that are file text: its REPLACE sections, or its whole body when it has no markers. */
function regionsOf(lines: readonly string[], fence: Fence): Region[] {
  const start = fence.open + 1;
  const end = fence.close;
  const body = lines.slice(start, end);
  if (!body.some(isMarkerish)) {
    const diffLike = body.some((line) => /^@@+ -\d/.test(line)) || body.some((line, i) => line.startsWith('--- ') && (body[i + 1] ?? '').startsWith('+++ '));
    return fence.language !== undefined && NOT_FILE_TEXT.has(fence.language) || diffLike ? [] : [{ start, end }];
  }
  const scan = scanPairs(body, 0, { pathOf: () => undefined });
  // A broken block is refused by the planner, so none of it is file text.
  if (scan.kind === 'malformed') return [];
  return scan.pairs.map((pair) => ({ start: start + pair.dividerLine + 1, end: start + pair.replaceLine }));
}

/** The answer without its code blocks: the explanation, blank runs collapsed. */
export function proseOf(answer: string): string {
  const lines = answer.split(/\r\n|\r|\n/);
  const inCode = new Set<number>();
  for (const fence of fencesOf(lines)) for (let i = fence.open; i <= fence.close; i++) inCode.add(i);
  return lines
    .filter((_, i) => !inCode.has(i))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A fenced block labelled with the language and path holding SEARCH/REPLACE pairs that turn `base` into
 * `accepted`, each SEARCH with the fewest lines of context that make it match exactly once; an empty SEARCH for a new
 * (empty) file. '' when the two texts have the same lines.
 */
export function editBlocksFor(path: string, languageId: string, base: string, accepted: string): string {
  const from = contentLines(base);
  const to = contentLines(accepted);
  const info = languageId.trim() === '' ? path : `${languageId.trim()} ${path}`;
  if (from.every((line) => line.trim() === '')) {
    // A new file, or one of blank lines only (no SEARCH could find a place in it), which the planner replaces whole.
    if (from.join('\n') === to.join('\n')) return '';
    // The planner ends a new file with a line break, so a blank last line must be written as one more.
    return fenced(info, pairText([], to.at(-1) === '' ? [...to, ''] : to));
  }
  const hunks = hunksOf(from.join('\n'), to.join('\n'));
  if (hunks.length === 0) return '';
  const finalBreak = /[\r\n]$/.test(base);
  // The planner applies the pairs in order, each to the text the ones before left; so each SEARCH is made unique
  // in that text. A change whose SEARCH cannot be is joined with the window before it, and with none left, the
  // whole file is the SEARCH (which always matches once).
  const windows: Window[] = [];
  for (let next = 0; next < hunks.length; ) {
    const hunk = hunks[next]!;
    let span: Window = { start: hunk.baseStart, end: hunk.baseStart + hunk.removed, delta: hunk.added - hunk.removed };
    next++;
    for (;;) {
      const found = uniqueWindow(from, to, finalBreak, windows, span, hunks.slice(next));
      if (found) {
        windows.push(found.window);
        next += found.absorbed;
        break;
      }
      const previous = windows.pop();
      if (!previous) return fenced(info, pairText(from, to));
      span = { start: previous.start, end: Math.max(previous.end, span.end), delta: previous.delta + span.delta };
    }
  }
  // Every change before a window lies in an earlier window, so the window's accepted lines are its base lines
  // shifted by what those changes added.
  let shift = 0;
  const pairs = windows.map(({ start, end, delta }) => {
    const pair = pairText(from.slice(start, end), to.slice(start + shift, end + shift + delta));
    shift += delta;
    return pair;
  });
  return fenced(info, pairs.join('\n'));
}

/** Base lines [start, end) and how many lines the changes in them add (negative: remove). */
interface Window {
  readonly start: number;
  readonly end: number;
  readonly delta: number;
}

function pairText(search: readonly string[], replace: readonly string[]): string {
  return ['<<<<<<< SEARCH', ...search, '=======', ...replace, '>>>>>>> REPLACE'].join('\n');
}

/**
 * The span with the least context (both sides, or one side at the ends of the file or next to the window before)
 * whose lines the anchoring ladder finds exactly once in the text as the earlier windows left it, which is not
 * only blank lines, and whose REPLACE reads back as written; undefined when none is.
 */
function uniqueWindow(
  from: readonly string[],
  to: readonly string[],
  finalBreak: boolean,
  windows: readonly Window[],
  span: Window,
  later: readonly Hunk[],
): { readonly window: Window; readonly absorbed: number } | undefined {
  const floor = windows.at(-1)?.end ?? 0;
  const shift = windows.reduce((sum, w) => sum + w.delta, 0);
  const current = [...to.slice(0, floor + shift), ...from.slice(floor)].join('\n') + (finalBreak ? '\n' : '');
  for (let k = 0; k <= MAX_SEARCH_CONTEXT; k++) {
    const start = Math.max(floor, span.start - k);
    let end = Math.min(from.length, span.end + k);
    // Context that reaches into a later change takes that change in: a window holds whole changes only.
    let delta = span.delta;
    let absorbed = 0;
    for (let hunk = later[0]; hunk && hunk.baseStart < end; hunk = later[++absorbed]) {
      end = Math.max(end, hunk.baseStart + hunk.removed);
      delta += hunk.added - hunk.removed;
    }
    const lines = from.slice(start, end);
    const replace = to.slice(start + shift, end + shift + delta);
    // A REPLACE of one blank line reads back as an empty REPLACE, which deletes.
    const readsBack = !(replace.length === 1 && replace[0] === '');
    if (readsBack && lines.some((line) => line.trim() !== '')) {
      const found = findAnchors(current, lines.join('\n'));
      if (found.kind === 'matches' && found.matches.length === 1) return { window: { start, end, delta }, absorbed };
    }
    if (start === floor && end === from.length) break;
  }
  return undefined;
}
