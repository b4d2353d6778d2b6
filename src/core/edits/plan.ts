// Turns the edit blocks parsed from an answer into the new text of each file, or into refusals a person can act on
// ("the text to replace appears twice…"). Blocks for one file apply in order, each to the text the ones before it
// left. Nothing here writes anything: the host shows the plan as a proposal and applies it only when accepted. The
// blocks are untrusted model output, so no input makes this throw; a block that cannot be placed is refused whole.

import { findAnchors, lineKey, splitLines } from './anchor';
import type { AnchorMatch } from './anchor';
import { detectIndent, detectLineBreak, endsWithLineBreak, inFileStyle, indentOf, reindent, sameLines, withLineBreaks } from './layout';
import type { IndentStyle, LineBreak } from './layout';
import { isBreak, movedLine, place } from './placement';
import type { FileLayout, LineChange, PlaceHints, Placement } from './placement';
import { findPlaceholder } from './placeholders';
import type { AnchorLevel, BlockPlacement, EditBlock, EditPlan, FileEdit, Refusal } from './types';

export interface PlanOptions {
  readonly fuzzyThreshold?: number;
  /** The workspace-relative path of the active editor: where blocks that name no file go. */
  readonly activePath?: string;
  /** The active editor's selection, [start, end) offsets into the text `read` returns for `activePath`. */
  readonly selection?: readonly [number, number];
}

interface FileState {
  readonly path: string;
  /** The text read at first; undefined when the file did not exist. */
  readonly original: string | undefined;
  readonly unreadable: boolean;
  /** The text after the blocks applied so far; undefined while the file does not exist. */
  text: string | undefined;
  readonly lineBreak: LineBreak;
  readonly placements: BlockPlacement[];
  /** The splices so far, to move line hints; undefined once a block replaced the text wholesale. */
  changes: LineChange[] | undefined;
  indent: IndentStyle | undefined | null;
}

/** A change's splices: undefined when the old line numbers no longer mean anything (a whole new text). */
type Outcome =
  | {
      readonly kind: 'change';
      readonly state: FileState;
      readonly text: string;
      readonly placements: readonly BlockPlacement[];
      readonly changes: readonly LineChange[] | undefined;
    }
  | { readonly kind: 'refused'; readonly refusal: Refusal };

export function planEdits(
  blocks: readonly EditBlock[],
  read: (path: string) => string | undefined,
  options: PlanOptions,
): EditPlan {
  const states = new Map<string, FileState>();
  const stateOf = (path: string): FileState => {
    let state = states.get(path);
    if (!state) {
      let original: string | undefined;
      let unreadable = false;
      try {
        const text = read(path);
        original = typeof text === 'string' ? text : undefined;
      } catch {
        unreadable = true;
      }
      const lineBreak = original === undefined ? '\n' : detectLineBreak(original);
      state = { path, original, unreadable, text: original, lineBreak, placements: [], changes: [], indent: null };
      states.set(path, state);
    }
    return state;
  };
  const planner: Planner = { stateOf, options, threshold: options.fuzzyThreshold };
  const refused: Refusal[] = [];
  for (const block of blocks) {
    let outcome: Outcome;
    try {
      outcome = planBlock(planner, block);
    } catch (error) {
      // Only a malformed block gets here; its path may be what is malformed.
      const detail = error instanceof Error ? error.message : String(error);
      outcome = refuse(block, undefined, `Parley could not plan this edit (${detail}); it was not applied.`);
    }
    if (outcome.kind === 'refused') refused.push(outcome.refusal);
    else {
      const state = outcome.state;
      state.text = outcome.text;
      state.placements.push(...outcome.placements);
      state.changes = outcome.changes && state.changes ? [...state.changes, ...outcome.changes] : undefined;
    }
  }
  const files: FileEdit[] = [];
  for (const state of states.values()) {
    if (state.text === undefined) continue;
    const proposed = finalText(state.original, state.text, state.lineBreak);
    const isNew = state.original === undefined;
    if (!isNew && proposed === state.original) continue;
    files.push({ path: state.path, base: state.original ?? '', proposed, isNew, placements: [...state.placements] });
  }
  return { files, refused };
}

interface Planner {
  readonly stateOf: (path: string) => FileState;
  readonly options: PlanOptions;
  readonly threshold: number | undefined;
}

function targetOf(block: EditBlock, options: PlanOptions): string | undefined {
  if (block.kind === 'snippet') return options.activePath;
  if (block.kind === 'searchReplace') return block.path ?? options.activePath;
  return block.path;
}

function refuse(block: EditBlock, path: string | undefined, reason: string, extra: Partial<Pick<Refusal, 'nearest' | 'needsTarget'>> = {}): Outcome {
  const refusal: Refusal = {
    block,
    path,
    reason,
    ...(extra.nearest ? { nearest: extra.nearest } : {}),
    ...(extra.needsTarget ? { needsTarget: true } : {}),
  };
  return { kind: 'refused', refusal };
}

function planBlock(planner: Planner, block: EditBlock): Outcome {
  // Refused before anything is read: a block whose markers are broken says nothing trustworthy about any file.
  if (block.kind === 'malformed') return refuse(block, block.path, block.reason);
  const path = targetOf(block, planner.options);
  if (path === undefined || path === '') {
    return block.kind === 'snippet'
      ? refuse(block, undefined, 'Parley could not tell where this code goes: no editor is open.', { needsTarget: true })
      : refuse(block, undefined, 'This edit names no file and no editor is open; it was not applied.');
  }
  if (path === '/dev/null') return refuse(block, path, 'Deleting a file is not supported; the edit was not applied.');
  const state = planner.stateOf(path);
  if (state.unreadable) return refuse(block, path, `Parley could not read ${path}; the edit was not applied.`);
  switch (block.kind) {
    case 'searchReplace':
      if (block.search.trim() === '') return planNewFile(block, state, block.replace);
      return planSearchReplace(planner, block, state);
    case 'wholeFile':
      return planWholeFile(block, state);
    case 'newFile':
      return planNewFile(block, state, block.text);
    case 'unifiedDiff':
      return planDiff(planner, block, state);
    case 'snippet':
      return planSnippet(planner, block, state);
  }
  // Unreachable for well-typed blocks; the parser's output is still data from outside.
  return refuse(block, path, 'Parley does not know this kind of edit; it was not applied.');
}

/** Refuses replacement text that still says "the rest stays as it was" instead of being the rest. */
function placeholderRefusal(block: EditBlock, state: FileState, text: string): Outcome | undefined {
  // Asked first without the file, which it would split into lines on every block: the answer can only be a line
  // it finds without the file too, and placeholders are rare.
  const line = findPlaceholder(text) === undefined ? undefined : findPlaceholder(text, state.text);
  if (line === undefined) return undefined;
  return refuse(block, state.path, `The edit for ${state.path} still contains "${line.trim()}" where code should be; it was not applied.`);
}

function planNewFile(block: EditBlock, state: FileState, text: string): Outcome {
  const placeholder = placeholderRefusal(block, state, text);
  if (placeholder) return placeholder;
  const current = state.text;
  if (current === undefined || current.trim() === '') return change(state, withLineBreaks(text, state.lineBreak));
  if (sameLines(current, text)) return change(state, current, [], []);
  return refuse(block, state.path, `${state.path} already exists; the new file was not created.`);
}

/** A "whole file" this much shorter than the file (in lines) is more likely the changed part of it. */
const FRAGMENT_SHARE = 0.6;
/** Below this many lines a file is small enough that a short rewrite of it is just that. */
const FRAGMENT_MIN_FILE_LINES = 10;

function planWholeFile(block: Extract<EditBlock, { kind: 'wholeFile' }>, state: FileState): Outcome {
  const placeholder = placeholderRefusal(block, state, block.text);
  if (placeholder) return placeholder;
  const current = state.text;
  const lines = trimBlankLines(splitLines(block.text).lines);
  const fileLines = current === undefined ? [] : trimBlankLines(splitLines(current).lines);
  if (current === undefined || fileLines.length < FRAGMENT_MIN_FILE_LINES || lines.length >= FRAGMENT_SHARE * fileLines.length) {
    return change(state, withLineBreaks(block.text, state.lineBreak));
  }
  // Models often label just the part they changed with the file's path: written as the whole file, it would
  // delete the rest. It is the part only if its first and last lines say where it goes.
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || last === undefined) return change(state, withLineBreaks(block.text, state.lineBreak));
  if (lineKey(first) === lineKey(fileLines[0]!) && lineKey(last) === lineKey(fileLines[fileLines.length - 1]!)) {
    return change(state, withLineBreaks(block.text, state.lineBreak));
  }
  const region = regionOf(current, lines, { exactish: true });
  if (!region) return refuse(block, state.path, `This code looks like part of ${state.path}, not the whole file; it was not applied.`);
  const text = replaceRegion(state, current, region.start, region.end, lines);
  return change(state, text, [{ level: region.level, similarity: region.start.similarity }]);
}

/** Without `changes`, the text is new as a whole and later line hints mean nothing. */
function change(state: FileState, text: string, placements: readonly BlockPlacement[] = [], changes?: readonly LineChange[]): Outcome {
  return { kind: 'change', state, text, placements, changes };
}

function layoutOf(state: FileState, text: string): FileLayout {
  return { lineBreak: state.lineBreak, indent: () => fileIndent(state, text) };
}

/** A hint's line moved for the earlier blocks' splices; none once a block replaced the text wholesale. */
function hintLine(state: FileState, line: number | undefined, local: readonly LineChange[] = []): number | undefined {
  if (line === undefined || !Number.isInteger(line) || line < 1 || !state.changes) return undefined;
  return movedLine(line, [...state.changes, ...local]);
}

function planSearchReplace(planner: Planner, block: Extract<EditBlock, { kind: 'searchReplace' }>, state: FileState): Outcome {
  const text = state.text;
  if (text === undefined) {
    return refuse(block, state.path, `${state.path} does not exist, so there is nothing to replace; the edit was not applied.`);
  }
  const placeholder = placeholderRefusal(block, state, block.replace);
  if (placeholder) return placeholder;
  const nearLine = hintLine(state, block.hint?.startLine);
  const placement = place(layoutOf(state, text), text, block.search, block.replace, {
    ...hintsOf(planner),
    wholeLines: false,
    ...(nearLine === undefined ? {} : { nearLine }),
  });
  if (placement.kind === 'placed') return placed(state, placement);
  return placementRefusal(block, state.path, placement, 'The text to replace');
}

function hintsOf(planner: Planner): Pick<PlaceHints, 'fuzzyThreshold'> {
  return planner.threshold === undefined ? {} : { fuzzyThreshold: planner.threshold };
}

function placed(state: FileState, placement: Extract<Placement, { kind: 'placed' }>): Outcome {
  return change(state, placement.text, [{ level: placement.level, similarity: placement.similarity }], [placement.change]);
}

function placementRefusal(block: EditBlock, path: string, placement: Exclude<Placement, { kind: 'placed' }>, subject: string): Outcome {
  if (placement.kind === 'ambiguous') {
    const count = placement.lines.length;
    return refuse(block, path, `${subject} appears ${count} times in ${path} (${lineList(placement.lines)}); the edit was not applied.`);
  }
  if (placement.kind === 'noScope') {
    return refuse(block, path, `${subject} comes after \`${placement.line}\`, which is not in ${path}; the edit was not applied.`);
  }
  if (placement.kind === 'elsewhere') {
    return refuse(block, path, `${subject} is in ${path} (${lineList(placement.lines)}) but not ${placement.where}; the edit was not applied.`);
  }
  const nearest = placement.nearest;
  if (!nearest) return refuse(block, path, `${subject} was not found in ${path}; the edit was not applied.`);
  const where = nearest.startLine === nearest.endLine ? `line ${nearest.startLine}` : `lines ${nearest.startLine}–${nearest.endLine}`;
  const percent = Math.floor(nearest.similarity * 100);
  return refuse(block, path, `${subject} was not found in ${path}; the closest is ${where} (${percent}% similar).`, { nearest });
}

function lineList(lines: readonly number[]): string {
  const unique = [...new Set(lines)].sort((a, b) => a - b);
  const shown = unique.slice(0, 6).join(', ') + (unique.length > 6 ? ', …' : '');
  return unique.length === 1 ? `line ${shown}` : `lines ${shown}`;
}

function fileIndent(state: FileState, text: string): IndentStyle | undefined {
  if (state.indent === null) state.indent = detectIndent(splitLines(state.original ?? text).lines);
  return state.indent;
}

function planDiff(planner: Planner, block: Extract<EditBlock, { kind: 'unifiedDiff' }>, state: FileState): Outcome {
  const hunks = block.hunks.map((hunk) => {
    const before: string[] = [];
    const after: string[] = [];
    for (const line of hunk.lines) {
      // "\ No newline at end of file" describes the line above; the file's own ending is kept anyway.
      if (line.startsWith('\\')) continue;
      const marker = line[0];
      const body = marker === ' ' || marker === '-' || marker === '+' ? line.slice(1) : line;
      if (marker !== '+') before.push(body);
      if (marker !== '-') after.push(body);
    }
    return { oldStart: hunk.oldStart, scope: hunk.scope, atEndOfFile: hunk.atEndOfFile, before, after };
  });
  const added = hunks.flatMap((hunk) => hunk.after).join('\n');
  const placeholder = placeholderRefusal(block, state, added);
  if (placeholder) return placeholder;
  if (hunks.length === 0) return refuse(block, state.path, `The diff for ${state.path} has no changes in it; nothing was applied.`);
  // A diff from /dev/null, or one with nothing but added lines, creates the file; for a file that has text, lines
  // added with nothing to place them by go nowhere (only the end of the file, when the diff says so, is a place).
  if (hunks.every((hunk) => hunk.before.length === 0)) {
    // Even a file of blank lines has lines that added ones go before or after: only an empty one is filled.
    const existing = state.text !== undefined && state.text !== '';
    if (!existing) return planNewFile(block, state, added);
    if (hunks.length === 1 && hunks[0]?.atEndOfFile) return change(state, appended(state.text ?? '', hunks[0].after, state.lineBreak));
    return refuse(block, state.path, `The diff for ${state.path} only adds lines and does not say where they go; it was not applied.`);
  }
  let text = state.text;
  if (text === undefined) return refuse(block, state.path, `${state.path} does not exist, so the diff cannot be applied; it was not applied.`);
  const placements: BlockPlacement[] = [];
  const changes: LineChange[] = [];
  for (const [index, hunk] of hunks.entries()) {
    const subject = hunks.length === 1 ? 'The text the diff replaces' : `The text hunk ${index + 1} of the diff replaces`;
    if (hunk.before.every((line) => line.trim() === '')) {
      return refuse(block, state.path, `${subject} is only blank lines, so Parley cannot tell where it goes in ${state.path}; the edit was not applied.`);
    }
    // The header's line numbers count in the file before the earlier hunks (and blocks) applied.
    const nearLine = hintLine(state, hunk.oldStart > 0 ? hunk.oldStart : undefined, changes);
    const placement = place(layoutOf(state, text), text, hunk.before.join('\n'), hunk.after, {
      ...hintsOf(planner),
      wholeLines: true,
      ...(nearLine === undefined ? {} : { nearLine }),
      ...(hunk.scope ? { scope: hunk.scope } : {}),
      ...(hunk.atEndOfFile ? { atEndOfFile: true } : {}),
    });
    if (placement.kind !== 'placed') return placementRefusal(block, state.path, placement, subject);
    text = placement.text;
    placements.push({ level: placement.level, similarity: placement.similarity });
    changes.push(placement.change);
  }
  return change(state, text, placements, changes);
}

/** `lines` after the last line of `text`, keeping whether the text ended with a line break. */
function appended(text: string, lines: readonly string[], lineBreak: LineBreak): string {
  const ends = endsWithLineBreak(text);
  return (ends ? text : text + lineBreak) + lines.join(lineBreak) + (ends ? lineBreak : '');
}

function planSnippet(planner: Planner, block: Extract<EditBlock, { kind: 'snippet' }>, state: FileState): Outcome {
  const text = state.text;
  const path = state.path;
  const noPlace = (): Outcome => refuse(block, path, `Parley could not tell where this code goes in ${path}.`, { needsTarget: true });
  if (text === undefined) return noPlace();
  const placeholder = placeholderRefusal(block, state, block.text);
  if (placeholder) return placeholder;
  const lines = trimBlankLines(splitLines(block.text).lines);
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || last === undefined) return noPlace();
  const modelStyle = detectIndent(lines);
  const selection = planner.options.selection;
  // Offsets into the text as it was read: once an earlier block changed the file, they point elsewhere.
  if (selection && text === state.original && validRange(selection, text.length)) {
    return change(state, replaceSelection(state, text, selection, lines, modelStyle));
  }
  const region = regionOf(text, lines, { exactish: false, ...(planner.threshold === undefined ? {} : { fuzzyThreshold: planner.threshold }) });
  if (!region) return noPlace();
  return change(state, replaceRegion(state, text, region.start, region.end, lines), [{ level: region.level, similarity: region.start.similarity }]);
}

/**
 * Where lines of code with no place of their own go: their first line once in the file, and their last line the
 * one line below it that matches, or, when the lines are one block (the first line's block closes at the last),
 * the line closing that block. A first line found only fuzzily is not enough when `exactish`.
 */
function regionOf(
  text: string,
  lines: readonly string[],
  how: { readonly exactish: boolean; readonly fuzzyThreshold?: number },
): { readonly start: AnchorMatch; readonly end: { readonly end: number }; readonly level: AnchorLevel } | undefined {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const opening = findAnchors(text, first, { wholeLines: true, ...(how.fuzzyThreshold === undefined ? {} : { fuzzyThreshold: how.fuzzyThreshold }) });
  if (opening.kind === 'none' || opening.matches.length !== 1 || (how.exactish && opening.level === 'fuzzy')) return undefined;
  const start = opening.matches[0]!;
  const level = opening.level;
  if (lines.length === 1) return { start, end: start, level };
  const depth = indentWidth(first);
  const closer = lines.findIndex((line, i) => i > 0 && line.trim() !== '' && indentWidth(line) <= depth);
  if (closer === lines.length - 1) {
    const closing = findClosingLine(text, start, first, last);
    return closing ? { start, end: closing, level } : undefined;
  }
  // Several blocks (or none closed): a last line like `}` is everywhere, and the first one below would cut the
  // region short and leave the rest of the old code behind.
  const file = splitLines(text);
  const wanted = lineKey(last);
  const below: number[] = [];
  for (let line = start.line; line < file.lines.length; line++) if (lineKey(file.lines[line]!) === wanted) below.push(line);
  if (below.length !== 1) return undefined;
  const at = below[0]!;
  return { start, end: { end: (file.starts[at] ?? 0) + (file.lines[at]?.length ?? 0) }, level };
}

/** The lines from `start` to `end` replaced by the model's lines, indented like the first of them. */
function replaceRegion(state: FileState, text: string, start: AnchorMatch, end: { readonly end: number }, lines: readonly string[]): string {
  const modelStyle = detectIndent(lines);
  const fileFirst = splitLines(text.slice(start.start, start.end)).lines[0] ?? '';
  const fileStyle = fileIndent(state, text);
  const replacement = inFileStyle(
    reindent(lines, { modelIndent: indentOf(lines[0] ?? ''), modelStyle, fileIndent: indentOf(fileFirst), fileStyle }),
    fileStyle,
    modelStyle?.unit,
  );
  return text.slice(0, start.start) + replacement.join(state.lineBreak) + text.slice(end.end);
}

function trimBlankLines(lines: readonly string[]): readonly string[] {
  let first = 0;
  let last = lines.length;
  while (first < last && lines[first]!.trim() === '') first++;
  while (last > first && lines[last - 1]!.trim() === '') last--;
  return lines.slice(first, last);
}

function validRange(range: readonly [number, number], length: number): boolean {
  const [start, end] = range;
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= length;
}

/**
 * The line where the snippet's last line is in the file: below its first line, with the same words, and indented
 * the same way relative to the first (deeper, level or shallower), without leaving the block the first line is in.
 * Several such lines are told apart only when one of them is the line that closes the first line's own block (the
 * first line below it indented no deeper, where a closing `}` sits); otherwise the region is not known.
 */
function findClosingLine(text: string, opening: AnchorMatch, first: string, last: string): { start: number; end: number } | undefined {
  const file = splitLines(text);
  const firstLine = opening.line - 1;
  const depth = indentWidth(file.lines[firstLine] ?? '');
  const wantedKey = lineKey(last);
  const wantedSide = Math.sign(indentWidth(last) - indentWidth(first));
  const candidates: number[] = [];
  let closer: number | undefined;
  for (let line = firstLine + 1; line < file.lines.length; line++) {
    const content = file.lines[line]!;
    if (content.trim() === '') continue;
    const width = indentWidth(content);
    if (width < depth) break;
    if (closer === undefined && width <= depth) closer = line;
    if (Math.sign(width - depth) === wantedSide && lineKey(content) === wantedKey) candidates.push(line);
  }
  const chosen = candidates.length === 1 ? candidates[0] : closer !== undefined && candidates.includes(closer) ? closer : undefined;
  if (chosen === undefined) return undefined;
  const start = file.starts[chosen] ?? 0;
  return { start, end: start + (file.lines[chosen]?.length ?? 0) };
}

function indentWidth(line: string): number {
  let width = 0;
  for (const c of indentOf(line)) width += c === '\t' ? 4 : 1;
  return width;
}

/**
 * The selection replaced by the snippet, indented like the selection's first line. A selection that starts after
 * code on its line keeps that code and the snippet continues it; one that ends at the start of a line keeps that
 * line on its own.
 */
function replaceSelection(
  state: FileState,
  text: string,
  selection: readonly [number, number],
  lines: readonly string[],
  modelStyle: IndentStyle | undefined,
): string {
  let [start, end] = selection;
  if (text[end - 1] === '\r' && text[end] === '\n') end++;
  let lineStart = start;
  while (lineStart > 0 && !isBreak(text, lineStart - 1)) lineStart--;
  const lineEnd = text.slice(lineStart).search(/\r|\n|$/) + lineStart;
  const lineIndent = indentOf(text.slice(lineStart, lineEnd));
  const beforeOnLine = text.slice(lineStart, start);
  const afterCode = beforeOnLine.trim() !== '';
  if (!afterCode) start = lineStart;
  const fileStyle = fileIndent(state, text);
  const replaced = inFileStyle(
    reindent(lines, { modelIndent: indentOf(lines[0] ?? ''), modelStyle, fileIndent: lineIndent, fileStyle }),
    fileStyle,
    modelStyle?.unit,
  );
  if (afterCode && replaced.length > 0) replaced[0] = replaced[0]!.trimStart();
  const endsAtLineStart = isBreak(text, end - 1);
  const replacement = replaced.join(state.lineBreak) + (endsAtLineStart ? state.lineBreak : '');
  return text.slice(0, start) + replacement + text.slice(end);
}

/** The file ends with a line break exactly when it did; a new (or empty) file ends with one. */
function finalText(original: string | undefined, text: string, lineBreak: LineBreak): string {
  if (text === '') return text;
  const wantsBreak = original === undefined || original === '' || endsWithLineBreak(original);
  if (wantsBreak && !endsWithLineBreak(text)) return text + lineBreak;
  if (!wantsBreak && endsWithLineBreak(text)) return text.replace(/(\r\n|\r|\n)$/, '');
  return text;
}
