// The SEARCH/REPLACE grammar every dialect shares, and the one scanner that reads it: Parley's and aider's
// `<<<<<<< SEARCH` / `=======` / `>>>>>>> REPLACE`, Cline's `------- SEARCH` / `+++++++ REPLACE`, Roo's
// `:start_line:` hints and backslash-escaped markers, and line numbers copied from a numbered listing. The scanner
// is strict on purpose: a block whose markers are broken is one refusal with the reason, never a guess at where a
// text was meant to end, since a wrong guess writes wrong code.
import type { LineHint } from './types';

export const SEARCH_MARKER = /^[ \t]*(?:<{5,}|-{5,}) (?:SEARCH|ORIGINAL)>?$/i;
export const DIVIDER = /^[ \t]*={5,}$/;
export const REPLACE_MARKER = /^[ \t]*(?:>{5,}|\+{5,}) (?:REPLACE|UPDATED)$/i;
/** What a model meant as a marker but wrote wrong: `<<-- SEARCH`, `-- SEARCH`, `-------SEARCH`, `+++ REPLACE`. */
const MARKER_LIKE = /^[ \t]*[<>=+-]{2,}[ \t]*(?:SEARCH|REPLACE|ORIGINAL|UPDATED)\b/i;
/** A divider with something invisible after it, or too short to be one. */
const DIVIDER_LIKE = /^[ \t]*={3,}[ \t]+$|^[ \t]*={3,4}$/;
/** Roo escapes content lines that would read as markers. */
const ESCAPED_MARKER = /^([ \t]*)\\((?:<{5,}|-{5,}) (?:SEARCH|ORIGINAL)>?|={5,}|(?:>{5,}|\+{5,}) (?:REPLACE|UPDATED))$/i;
const HINT = /^[ \t]*:(start|end)_line:[ \t]*(\d+)[ \t]*$/i;
const HINT_END = /^[ \t]*-{3,}[ \t]*$/;
const NUMBERED = /^[ \t]*(\d+) \| ?/;
/** Tool-call tags around a diff (Cline's `<replace_in_file>`, Roo's `<apply_diff>`): not content, not a path. */
export const WRAPPER = /^[ \t]*<\/?(?:diff|replace_in_file|apply_diff|content|args|file)>[ \t]*$/i;

/** Whether the line is, or was meant to be, a SEARCH or REPLACE marker: it makes its block an edit block. */
export function isMarkerish(line: string): boolean {
  return SEARCH_MARKER.test(line) || REPLACE_MARKER.test(line) || MARKER_LIKE.test(line);
}

/** One SEARCH/REPLACE pair: its texts (lines joined with '\n') and the lines of the body it came from. */
export interface Pair {
  /** The path named by the last path line before the pair, if any. */
  readonly path: string | undefined;
  readonly search: string;
  readonly replace: string;
  readonly hint: LineHint | undefined;
  /** Body line indices of the SEARCH marker, the divider and the REPLACE marker. */
  readonly searchLine: number;
  readonly dividerLine: number;
  readonly replaceLine: number;
}

export type PairScan =
  | { readonly kind: 'pairs'; readonly pairs: readonly Pair[]; readonly end: number }
  | { readonly kind: 'malformed'; readonly problem: string; readonly end: number };

export interface ScanOptions {
  /** The path the pairs belong to until a path line names another. */
  readonly path?: string | undefined;
  /** A line between pairs that names a file, or undefined. */
  readonly pathOf: (line: string) => string | undefined;
  /**
   * Fence-less text: the pairs end at the first line after a REPLACE marker that is neither blank, a path line
   * followed by a SEARCH marker, nor a wrapper tag. In a fence, other lines between pairs are ignored (never written).
   */
  readonly bare?: boolean;
}

/**
 * The pairs of `body` from line `start`. Any broken marker, a divider missing, a REPLACE missing (a cut-off answer),
 * or a SEARCH inside a SEARCH makes the whole scan malformed, with the problem in words.
 */
export function scanPairs(body: readonly string[], start: number, options: ScanOptions): PairScan {
  const pairs: Pair[] = [];
  let path = options.path;
  let i = start;
  for (; i < body.length; i++) {
    const line = body[i] ?? '';
    if (SEARCH_MARKER.test(line)) {
      const pair = scanPair(body, i, path);
      if (pair.kind === 'malformed') return pair;
      pairs.push(pair.pair);
      i = pair.pair.replaceLine;
      continue;
    }
    const stray = strayProblem(line);
    if (stray !== undefined) return { kind: 'malformed', problem: stray, end: i + 1 };
    if (line.trim() === '' || WRAPPER.test(line)) continue;
    const named = options.pathOf(line);
    const startsPair = named !== undefined && SEARCH_MARKER.test(nextContentLine(body, i + 1) ?? '');
    if (options.bare && !startsPair) break;
    // Text between two pairs of a fence belongs to neither: the model lost track of its markers.
    if (!startsPair && pairs.length > 0 && nextSearch(body, i + 1)) {
      return { kind: 'malformed', problem: `has text between two of its pairs (${quoted(line)}) that belongs to neither`, end: i + 1 };
    }
    if (named !== undefined) path = named;
  }
  return { kind: 'pairs', pairs, end: i };
}

function nextSearch(body: readonly string[], from: number): boolean {
  for (let i = from; i < body.length; i++) if (SEARCH_MARKER.test(body[i] ?? '')) return true;
  return false;
}

function nextContentLine(body: readonly string[], from: number): string | undefined {
  for (let i = from; i < body.length; i++) if ((body[i] ?? '').trim() !== '') return body[i];
  return undefined;
}

/** Why a marker-like line outside a pair is a problem, or undefined when it is not marker-like. */
function strayProblem(line: string): string | undefined {
  const shown = quoted(line);
  if (DIVIDER.test(line)) return `has a ${shown} divider with no SEARCH marker before it`;
  if (REPLACE_MARKER.test(line)) return `has a ${shown} marker with no SEARCH marker before it`;
  if (MARKER_LIKE.test(line)) return `has ${shown}, which is not a well-formed marker (five or more <, -, > or +, one space, then SEARCH or REPLACE)`;
  return undefined;
}

function quoted(line: string): string {
  const text = line.trim().length > 40 ? `${line.trim().slice(0, 40)}…` : line.trim();
  return `\`${text}\``;
}

type PairResult = { readonly kind: 'pair'; readonly pair: Pair } | { readonly kind: 'malformed'; readonly problem: string; readonly end: number };

function scanPair(body: readonly string[], searchLine: number, path: string | undefined): PairResult {
  let i = searchLine + 1;
  const hint: { startLine?: number; endLine?: number } = {};
  // Roo's hints come right after the marker, then an optional `-------` ends them.
  let sawHint = false;
  for (; i < body.length; i++) {
    const match = HINT.exec(body[i] ?? '');
    if (!match) break;
    sawHint = true;
    const value = Number(match[2]);
    if (match[1]?.toLowerCase() === 'start') hint.startLine = value;
    else hint.endLine = value;
  }
  // Roo's `-------` closes its hints; without hints it is taken as Roo's too, unless REPLACE starts with the same line
  // (then it is content on both sides, a Markdown rule say), which is decided once the divider is known.
  const ruled = sawHint ? HINT_END.test(body[i] ?? '') : /^[ \t]*-{7}[ \t]*$/.test(body[i] ?? '');
  if (ruled) i++;
  const firstText = i;
  const dividers: number[] = [];
  for (; i < body.length; i++) {
    const line = body[i] ?? '';
    if (REPLACE_MARKER.test(line)) break;
    if (DIVIDER.test(line)) {
      dividers.push(i);
      continue;
    }
    if (SEARCH_MARKER.test(line)) {
      const problem = dividers.length === 0 ? 'has a SEARCH marker inside another SEARCH (the first has no ======= divider)' : 'has no REPLACE marker before the next SEARCH';
      return { kind: 'malformed', problem, end: i };
    }
    if (MARKER_LIKE.test(line)) return { kind: 'malformed', problem: `has ${quoted(line)}, which is not a well-formed marker (five or more <, -, > or +, one space, then SEARCH or REPLACE)`, end: i + 1 };
    if (DIVIDER_LIKE.test(line)) return { kind: 'malformed', problem: `has a divider line ${quoted(line)} that is not exactly five or more = (trailing spaces or too short)`, end: i + 1 };
  }
  if (i >= body.length) {
    const problem = dividers.length === 0 ? 'has no ======= divider and no REPLACE marker (the answer may have been cut off)' : 'has no REPLACE marker (the answer may have been cut off)';
    return { kind: 'malformed', problem, end: i };
  }
  if (dividers.length === 0) return { kind: 'malformed', problem: 'has no ======= divider between its SEARCH and REPLACE texts', end: i + 1 };
  // Dividers inside the texts (a Markdown heading underline) mirror each other: the middle one splits them. An even
  // number cannot be told apart.
  if (dividers.length % 2 === 0) return { kind: 'malformed', problem: `has ${dividers.length} ======= dividers in one pair, so where its SEARCH text ends is unclear`, end: i + 1 };
  const dividerLine = dividers[(dividers.length - 1) / 2] ?? -1;
  const mirrored = ruled && !sawHint && (body[dividerLine + 1] ?? '').trim() === (body[firstText - 1] ?? '').trim();
  const searchLines = body.slice(mirrored ? firstText - 1 : firstText, dividerLine).map(unescape);
  const replaceLines = body.slice(dividerLine + 1, i).map(unescape);
  const numbered = withoutLineNumbers(searchLines, replaceLines);
  if (numbered.kind === 'malformed') return { kind: 'malformed', problem: numbered.problem, end: i + 1 };
  const startLine = hint.startLine ?? numbered.firstNumber;
  const lineHint: LineHint | undefined =
    startLine === undefined ? undefined : hint.endLine === undefined ? { startLine } : { startLine, endLine: hint.endLine };
  return {
    kind: 'pair',
    pair: {
      path,
      search: numbered.search.join('\n'),
      replace: numbered.replace.join('\n'),
      hint: lineHint,
      searchLine,
      dividerLine,
      replaceLine: i,
    },
  };
}

function unescape(line: string): string {
  const escaped = ESCAPED_MARKER.exec(line);
  return escaped ? `${escaped[1] ?? ''}${escaped[2] ?? ''}` : line;
}

type Numbered =
  | { readonly kind: 'plain'; readonly search: readonly string[]; readonly replace: readonly string[]; readonly firstNumber: number | undefined }
  | { readonly kind: 'malformed'; readonly problem: string };

/**
 * SEARCH lines copied from a numbered listing (`12 | code`) lose their numbers when every non-blank one has one and
 * they count up by one; the REPLACE lines then lose theirs when every non-blank one has one. Some numbered and some
 * not, in a REPLACE, leaves the text unknown.
 */
function withoutLineNumbers(search: readonly string[], replace: readonly string[]): Numbered {
  const numbers = numbersOf(search);
  if (numbers === undefined || numbers.length === 0 || !numbers.every((n, k) => k === 0 || n === (numbers[k - 1] ?? 0) + 1)) {
    return { kind: 'plain', search, replace, firstNumber: undefined };
  }
  const strip = (lines: readonly string[]): string[] => lines.map((line) => (line.trim() === '' ? '' : line.replace(NUMBERED, '')));
  const replaceNumbers = numbersOf(replace);
  const numberedReplace = replace.filter((line) => NUMBERED.test(line)).length;
  if (replaceNumbers === undefined && numberedReplace > 0) {
    return { kind: 'malformed', problem: 'has line numbers on some of its REPLACE lines but not on others, so the new text is unclear' };
  }
  return { kind: 'plain', search: strip(search), replace: replaceNumbers === undefined ? replace : strip(replace), firstNumber: numbers[0] };
}

/** The line numbers of the non-blank lines when every one of them has one; undefined otherwise. */
function numbersOf(lines: readonly string[]): number[] | undefined {
  const numbers: number[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const match = NUMBERED.exec(line);
    if (!match) return undefined;
    numbers.push(Number(match[1]));
  }
  return numbers;
}
