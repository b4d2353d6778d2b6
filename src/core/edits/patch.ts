// Reads OpenAI's V4A patches (the apply_patch format of Codex and of the GPT-4.1 prompting guide) into edit blocks:
//
//   *** Begin Patch
//   *** Update File: src/app.py        a unifiedDiff block; each `@@` chunk is a hunk
//   @@ class App                       `@@ text` lines say what the chunk comes after (its scope), outermost first
//   @@     def greet(self):
//   -        print("Hi")
//   +        print("Hello")
//   *** End of File                    (optional) the chunk ends the file
//   *** Add File: notes.txt            a newFile block from the '+' lines
//   +hello
//   *** Delete File: old.txt           refused: deleting is not supported
//   *** End Patch
//
// The reader is strict where a guess could write the wrong thing: a patch that is cut off, names no file, or has a
// line that fits nowhere is refused whole, so a broken patch is never half applied. It is lenient only where the
// meaning is plain: padding around marker lines, blank lines between sections, a blank context line whose leading
// space was lost, the whole patch indented (as in a Markdown list), a unified diff's `@@ -N,M +N,M @@` header.
import type { BlockSource, DiffHunk, EditBlock } from './types';

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';
const END_OF_FILE = '*** End of File';
const SECTION = /^\*\*\* (Update|Add|Delete) File:(.*)$/;
const MOVE = /^\*\*\* Move to:(.*)$/;
/** `@@` alone, or `@@ text`: text is a line the chunk comes after. */
const CHUNK_HEADER = /^@@(?:[ \t](.*))?$/;
/** What follows `@@ ` when a model wrote a unified diff's header instead: the numbers are a hint, the tail a scope. */
const NUMBERED_HEADER = /^-(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@(.*)$/;

/** Whether a line opens a V4A patch (`*** Begin Patch`, leading whitespace allowed). */
export function isPatchStart(line: string): boolean {
  return line.trim() === BEGIN;
}

/**
 * Reads a V4A patch from lines[start] (the `*** Begin Patch` line). Returns the blocks and the index of the line
 * after the patch (the line after `*** End Patch`, or lines.length when it never ends). A second `*** Begin Patch`
 * before any `*** End Patch` ends this patch, refused as cut off, and `end` is that line, so that the model's next
 * attempt is read on its own.
 */
export function readPatch(lines: readonly string[], start: number, source: BlockSource): { blocks: EditBlock[]; end: number } {
  const view = patchView(lines, start);
  const close = findClose(view, lines.length, start);
  const end = close.kind === 'closed' ? close.at + 1 : close.at;
  const whole = (reason: string): { blocks: EditBlock[]; end: number } => ({
    blocks: [{ kind: 'malformed', path: onlyPath(view, start, close.at), reason, text: lines.slice(start, end).join('\n'), source }],
    end,
  });
  if (close.kind === 'open') {
    return whole('The patch ends without *** End Patch (the answer may have been cut off); nothing from it was applied.');
  }
  if (close.kind === 'restarted') {
    return whole(
      `The patch has a second *** Begin Patch (line ${close.at - start + 1}) before its *** End Patch, so it may have been cut off; nothing from it was applied.`,
    );
  }
  try {
    const sections = new Reader(view, start, close.at).sections();
    if (sections.length === 0) return whole('The patch names no files; there was nothing to apply.');
    return { blocks: sections.map((section) => blockOf(section, lines, source)), end };
  } catch (error) {
    if (error instanceof BrokenPatch) return whole(`${error.message}; nothing from the patch was applied.`);
    throw error;
  }
}

/** The patch's lines with the indentation of its `*** Begin Patch` line taken off, when the whole patch has it. */
interface PatchView {
  /** The line as the format reads it. */
  readonly line: (index: number) => string;
  /** Whether the line has less indentation than the patch as a whole (only possible for an indented patch). */
  readonly outdented: (index: number) => boolean;
}

function patchView(lines: readonly string[], start: number): PatchView {
  const indent = /^[ \t]*/.exec(lines[start] ?? '')?.[0] ?? '';
  const first = lines.slice(start + 1).find((line) => line.trim() !== '' && !line.trimStart().startsWith('***'));
  // Padded marker lines over a body at the margin are padding (Codex accepts them); indentation that the body
  // shares with `*** Begin Patch` is the patch's own, as in a Markdown list item.
  if (indent === '' || first === undefined || !first.startsWith(indent)) {
    return { line: (index) => lines[index] ?? '', outdented: () => false };
  }
  return {
    line: (index) => {
      const line = lines[index] ?? '';
      if (line.startsWith(indent)) return line.slice(indent.length);
      return line.trim() === '' ? '' : line.trimStart();
    },
    // A marker line at the margin is still a marker; any other line there has lost the patch's indentation.
    outdented: (index) => {
      const line = lines[index] ?? '';
      return !line.startsWith(indent) && line.trim() !== '' && !line.trimStart().startsWith('***');
    },
  };
}

type Close =
  | { readonly kind: 'closed'; readonly at: number }
  | { readonly kind: 'restarted'; readonly at: number }
  | { readonly kind: 'open'; readonly at: number };

/**
 * Where the patch ends. `*** End Patch` at the patch's margin ends it. A padded one (` *** End Patch`) ends it too,
 * unless one at the margin follows: then the padded line is a context line that quotes the marker (a file that
 * documents the format), and ending there would apply the patch's first half.
 */
function findClose(view: PatchView, length: number, start: number): Close {
  const atMargin = (index: number, marker: string): boolean => view.line(index).trimEnd() === marker;
  const marginEndFollows = (from: number): boolean => {
    for (let i = from; i < length; i++) {
      if (atMargin(i, END)) return true;
      if (atMargin(i, BEGIN)) return false;
    }
    return false;
  };
  for (let i = start + 1; i < length; i++) {
    if (atMargin(i, END)) return { kind: 'closed', at: i };
    if (atMargin(i, BEGIN)) return { kind: 'restarted', at: i };
    if (view.line(i).trim() === END && !marginEndFollows(i + 1)) return { kind: 'closed', at: i };
  }
  return { kind: 'open', at: length };
}

/** The one file a patch names, to file a refusal of the whole patch under; undefined when it names none or several. */
function onlyPath(view: PatchView, start: number, stop: number): string | undefined {
  const paths = new Set<string>();
  for (let i = start + 1; i < stop; i++) {
    const header = SECTION.exec(view.line(i).trim());
    const path = header === null ? undefined : cleanPath(header[2] ?? '');
    if (path !== undefined) paths.add(path);
  }
  return paths.size === 1 ? [...paths][0] : undefined;
}

/** V4A paths are plain relative paths; models sometimes quote them or start them with `./`. */
function cleanPath(raw: string): string | undefined {
  let path = raw.trim();
  const quoted = /^(["'`])(.*)\1$/.exec(path);
  if (quoted !== null) path = (quoted[2] ?? '').trim();
  while (path.startsWith('./')) path = path.slice(2);
  return path === '' ? undefined : path;
}

/** Why the whole patch is refused, as the first half of a sentence. */
class BrokenPatch extends Error {}

type Section =
  | { readonly kind: 'update'; readonly path: string; readonly hunks: DiffHunk[]; readonly movedTo: string | undefined; readonly from: number; readonly to: number }
  | { readonly kind: 'add'; readonly path: string; readonly text: string }
  | { readonly kind: 'delete'; readonly path: string; readonly from: number; readonly to: number };

function blockOf(section: Section, lines: readonly string[], source: BlockSource): EditBlock {
  const { path } = section;
  switch (section.kind) {
    case 'add':
      return { kind: 'newFile', path, text: section.text, source };
    case 'delete':
      return malformedSection(section, lines, source, `Deleting files is not supported; ${path} was left as it is.`);
    case 'update':
      if (section.movedTo !== undefined) {
        const reason = `Renaming files is not supported; ${path} was not renamed to ${section.movedTo}, and the patch's changes to it were not applied.`;
        return malformedSection(section, lines, source, reason);
      }
      return { kind: 'unifiedDiff', path, hunks: section.hunks, source };
  }
}

function malformedSection(section: { path: string; from: number; to: number }, lines: readonly string[], source: BlockSource, reason: string): EditBlock {
  return { kind: 'malformed', path: section.path, reason, text: lines.slice(section.from, section.to).join('\n'), source };
}

/** A chunk being read: its `@@` lines so far, and its body once it has one. */
interface OpenChunk {
  scope: string[];
  oldStart: number;
  /** The `@@` line that opened it and its first line (0-based, counted from `*** Begin Patch`), for messages. */
  header: number | undefined;
  first: number;
  body: string[];
  /** How many of the body's last lines are blank lines written without a prefix. */
  looseTail: number;
}

/** Reads the lines between `*** Begin Patch` and `*** End Patch` into file sections, or throws BrokenPatch. */
class Reader {
  private at: number;

  constructor(
    private readonly view: PatchView,
    private readonly start: number,
    private readonly stop: number,
  ) {
    this.at = start + 1;
  }

  sections(): Section[] {
    const sections: Section[] = [];
    while (this.at < this.stop) {
      const line = this.line();
      if (line.trim() === '') {
        this.at++;
        continue;
      }
      const header = isMarker(line, false) ? SECTION.exec(line.trim()) : null;
      if (header === null) throw this.outOfPlace(line);
      const path = cleanPath(header[2] ?? '');
      if (path === undefined) throw new BrokenPatch(`The patch's "*** ${header[1]} File:" on line ${this.number()} names no file`);
      const from = this.at++;
      if (header[1] === 'Update') sections.push(this.update(path, from));
      else if (header[1] === 'Add') sections.push(this.add(path));
      else sections.push(this.delete(path, from));
    }
    return sections;
  }

  /** The current line as the format reads it. */
  private line(): string {
    if (this.view.outdented(this.at)) throw new BrokenPatch(`Line ${this.number()} of the patch is indented less than its *** Begin Patch line`);
    return this.view.line(this.at);
  }

  /** The current line's number within the patch, its `*** Begin Patch` being line 1. */
  private number(): number {
    return this.at - this.start + 1;
  }

  private outOfPlace(line: string): BrokenPatch {
    const shown = line.trim();
    if (shown.startsWith('***') && !SECTION.test(shown) && !MOVE.test(shown) && shown !== END_OF_FILE && shown !== END) {
      return new BrokenPatch(`The patch has a line Parley does not know, "${shown}" (line ${this.number()})`);
    }
    return new BrokenPatch(`Line ${this.number()} of the patch, "${shown}", is not where the patch format allows it`);
  }

  private update(path: string, from: number): Section {
    const hunks: DiffHunk[] = [];
    let movedTo: string | undefined;
    let chunk: OpenChunk | undefined;
    let endedFile = false;
    const finish = (): void => {
      if (chunk === undefined) return;
      // Blank lines before the next `@@` or section separate them; they are not lines the file must have there. Before
      // `*** End of File` they are: the chunk reaches the file's end through them (dropping them would move it).
      const body = endedFile ? chunk.body : chunk.body.slice(0, chunk.body.length - chunk.looseTail);
      if (body.length === 0) throw new BrokenPatch(`In the patch's update of ${path}, the @@ on line ${(chunk.header ?? 0) + 1} has no lines under it`);
      // Lines added with nothing to place them by go at the file's end for Codex and at its start for the
      // cookbook's apply_patch.py: the format does not say, so neither does Parley.
      if (chunk.scope.length === 0 && !endedFile && body.every((line) => line.startsWith('+'))) {
        throw new BrokenPatch(
          `In the patch's update of ${path}, the lines added at line ${chunk.first + 1} have no context line, @@ line or *** End of File to say where they go`,
        );
      }
      hunks.push({
        oldStart: chunk.oldStart,
        lines: body,
        ...(chunk.scope.length > 0 ? { scope: chunk.scope } : {}),
        ...(endedFile ? { atEndOfFile: true } : {}),
      });
      chunk = undefined;
    };
    for (; this.at < this.stop; this.at++) {
      const line = this.line();
      if (isMarker(line, chunk !== undefined)) {
        const marker = line.trim();
        if (SECTION.test(marker)) break;
        const move = MOVE.exec(marker);
        if (move !== null) {
          movedTo = cleanPath(move[1] ?? '');
          if (movedTo === undefined) throw new BrokenPatch(`The patch's "*** Move to:" on line ${this.number()} names no file`);
          continue;
        }
        if (marker !== END_OF_FILE) throw this.outOfPlace(line);
        if (chunk === undefined || chunk.body.length === 0 || endedFile) {
          throw new BrokenPatch(`In the patch's update of ${path}, the *** End of File on line ${this.number()} follows no changed lines`);
        }
        endedFile = true;
        finish();
        continue;
      }
      const header = CHUNK_HEADER.exec(line.trimEnd());
      if (header !== null) {
        if (chunk !== undefined && chunk.body.length > 0) finish();
        if (endedFile) throw new BrokenPatch(`In the patch's update of ${path}, line ${this.number()} comes after *** End of File`);
        chunk ??= { scope: [], oldStart: 0, header: this.at - this.start, first: 0, body: [], looseTail: 0 };
        addHeader(chunk, header[1] ?? '');
        continue;
      }
      const blank = line.trim() === '';
      if (chunk === undefined) {
        // Blank lines between the section's header and its first chunk, or between chunks.
        if (blank) continue;
        if (endedFile) throw new BrokenPatch(`In the patch's update of ${path}, line ${this.number()} comes after *** End of File`);
        chunk = { scope: [], oldStart: 0, header: undefined, first: 0, body: [], looseTail: 0 };
      }
      if (chunk.body.length === 0) chunk.first = this.at - this.start;
      if (/^[ +-]/.test(line)) {
        chunk.body.push(line);
        chunk.looseTail = 0;
      } else if (blank) {
        chunk.body.push(` ${line}`);
        chunk.looseTail++;
      } else {
        throw new BrokenPatch(
          `In the patch's update of ${path}, line ${this.number()} ("${line.trim()}") does not start with ' ', '+' or '-'`,
        );
      }
    }
    finish();
    if (!hunks.some((hunk) => hunk.lines.some((line) => line.startsWith('+') || line.startsWith('-')))) {
      throw new BrokenPatch(`The patch's update of ${path} changes no lines (it has no lines starting with '+' or '-')`);
    }
    return { kind: 'update', path, hunks, movedTo, from, to: this.at };
  }

  private add(path: string): Section {
    const text: string[] = [];
    let blankAt: number | undefined;
    for (; this.at < this.stop; this.at++) {
      const line = this.line();
      if (isMarker(line, false)) break;
      if (line.trim() === '') {
        // Blank lines after the last '+' line separate sections; one before another '+' line lost its '+'.
        blankAt ??= this.at;
        continue;
      }
      if (blankAt !== undefined && line.startsWith('+')) {
        this.at = blankAt;
        throw new BrokenPatch(`In the patch's new file ${path}, line ${this.number()} is blank, but every line of a new file starts with '+'`);
      }
      if (!line.startsWith('+')) {
        throw new BrokenPatch(`In the patch's new file ${path}, line ${this.number()} ("${line.trim()}") does not start with '+'`);
      }
      text.push(line.slice(1));
    }
    return { kind: 'add', path, text: text.join('\n') };
  }

  private delete(path: string, from: number): Section {
    for (; this.at < this.stop; this.at++) {
      const line = this.line();
      if (isMarker(line, false)) break;
      if (line.trim() !== '') throw new BrokenPatch(`Line ${this.number()} of the patch, "${line.trim()}", follows *** Delete File: ${path}, where nothing should`);
    }
    return { kind: 'delete', path, from, to: this.at };
  }
}

/**
 * Whether the line is a `***` marker line. Inside a chunk's body a line that starts with a space is context, even
 * when it reads like a marker: the file being patched may quote one.
 */
function isMarker(line: string, inBody: boolean): boolean {
  return line.trimStart().startsWith('***') && !(inBody && line.startsWith(' '));
}

/** Adds one `@@` line to a chunk: `@@ text` is a scope line, `@@ -N,M +N,M @@ text` a line hint and a scope line. */
function addHeader(chunk: OpenChunk, rest: string): void {
  const numbered = NUMBERED_HEADER.exec(rest.trim());
  if (numbered !== null) chunk.oldStart = Number(numbered[1]);
  const scope = (numbered === null ? rest : (numbered[2] ?? '').trimStart()).trimEnd();
  if (scope.trim() !== '') chunk.scope.push(scope);
}
