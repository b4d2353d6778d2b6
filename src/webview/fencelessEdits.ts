// Edits a model writes outside any fence (aider's path line over bare `<<<<<<< SEARCH` markers, Cline's
// `<replace_in_file>` and Roo's `<apply_diff>` tool calls, a bare `*** Begin Patch`), fenced for display so that they
// render as edit views like fenced ones instead of mangled prose (`=======` would be a setext heading, `>>>>>>>` a
// quote). Where such an edit starts and ends is the parser's reading (src/core/edits/parse.ts, markers.ts, patch.ts),
// asked again as each line arrives. Only the chat's display text changes: history and export keep the answer as sent.
//
// The rewrite reads complete lines only, and a line's fate depends only on the lines before it and the ones it waits
// for, so the display text of an answer is the same however it was chunked: StreamingMarkdown shows the display text
// of what has arrived, and renderMarkdown() that of the whole answer. A partial line is passed on at once unless it
// may still become a line that starts or wraps an edit (then it waits for its line end).
import { BARE_SEARCH, parseLabel, pathOf, replaceAfter } from '../core/edits/parse';
import { WRAPPER, scanPairs } from '../core/edits/markers';
import { isPatchStart, readPatch } from '../core/edits/patch';

/** The fence put around a fence-less edit: longer than the fences models put inside one (a Markdown file's code). */
const FENCE = '`````';
const OPEN_FENCE = /^[ \t]*(`{3,}|~{3,})(.*)$/;
/** Cline's and Roo's `<path>src/a.ts</path>`, which goes inside the fence with the tool call's tags. */
const PATH_TAG = /^[ \t]*<path>.*<\/path>[ \t]*$/i;
const END_PATCH = '*** End Patch';
const SOURCE = { codeBlock: 0, line: 1 };

interface Region {
  readonly kind: 'pairs' | 'patch';
  /** The region's lines from its first marker line. */
  readonly lines: string[];
  /** How many of them have gone out (inside the fence). */
  emitted: number;
  /** The path a label line before it names, as the parser reads it. */
  readonly path: string | undefined;
}

interface State {
  /** The line being received, and how much of it has gone out already (an ordinary line's start). */
  partial: string;
  passed: number;
  /** The model's own fence, while inside one. */
  fence: { readonly char: string; readonly length: number } | undefined;
  /** The last line of prose, as the parser keeps it (the label of an edit that follows). */
  before: string | undefined;
  /** Tool-call tags held until the next line says whether they wrap an edit. */
  prelude: string[];
  region: Region | undefined;
}

/** Turns an answer into its display text, one delta at a time. */
export class FencelessEdits {
  private state: State = { partial: '', passed: 0, fence: undefined, before: undefined, prelude: [], region: undefined };

  /** Reads `text` (line endings normalized) and returns the display text it adds. */
  push(text: string): string {
    const state = this.state;
    let out = '';
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const line = state.partial + text.slice(start, end);
      const passed = state.passed;
      start = end + 1;
      state.partial = '';
      state.passed = 0;
      out += passed > 0 ? `${line.slice(passed)}\n${this.ordinary(line, false)}` : this.line(line);
    }
    state.partial += text.slice(start);
    if (state.partial !== '' && state.region === undefined && state.prelude.length === 0 && (state.fence !== undefined || !mayStart(state.partial))) {
      out += state.partial.slice(state.passed);
      state.passed = state.partial.length;
    }
    return out;
  }

  /** What the display text still lacks if the answer ends here (a held line, a fence to close); changes nothing. */
  ending(): string {
    const saved = this.state;
    const { region } = saved;
    this.state = { ...saved, prelude: [...saved.prelude], region: region && { ...region, lines: [...region.lines] } };
    try {
      const state = this.state;
      let out = '';
      if (state.partial !== '') out += state.passed > 0 ? state.partial.slice(state.passed) : this.line(state.partial);
      while (state.region) out += this.closeRegion(regionEnd(state.region, true).end);
      return out + this.flushPrelude();
    } finally {
      this.state = saved;
    }
  }

  private line(line: string): string {
    const state = this.state;
    if (state.region) return this.regionLine(line);
    if (state.fence) return this.ordinary(line);
    if (WRAPPER.test(line) || PATH_TAG.test(line) || (state.prelude.length > 0 && line.trim() === '')) {
      state.prelude.push(line);
      if (line.trim() !== '' && !WRAPPER.test(line)) state.before = line;
      return '';
    }
    if (BARE_SEARCH.test(line)) {
      const path = state.before === undefined ? undefined : parseLabel(state.before)?.path;
      const prelude = state.prelude.map((l) => `${l}\n`).join('');
      state.prelude = [];
      state.region = { kind: 'pairs', lines: [], emitted: 0, path };
      return `${FENCE}${path ?? ''}\n${prelude}${this.regionLine(line)}`;
    }
    const out = this.flushPrelude();
    if (isPatchStart(line)) {
      state.region = { kind: 'patch', lines: [], emitted: 0, path: undefined };
      return `${out}${FENCE}\n${this.regionLine(line)}`;
    }
    return out + this.ordinary(line);
  }

  /** A line that is prose or code of the answer's own: it goes out as it is, and follows fences and labels. */
  private ordinary(line: string, emit = true): string {
    const state = this.state;
    const out = emit ? `${line}\n` : '';
    if (state.fence) {
      const close = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(line)?.[1];
      if (close !== undefined && close[0] === state.fence.char && close.length >= state.fence.length) state.fence = undefined;
      return out;
    }
    const open = OPEN_FENCE.exec(line);
    const marker = open?.[1];
    if (marker !== undefined && !(marker[0] === '`' && open?.[2]?.includes('`'))) {
      state.fence = { char: marker[0] ?? '`', length: marker.length };
      state.before = undefined;
    } else if (line.trim() !== '' && !WRAPPER.test(line)) {
      state.before = line;
    }
    return out;
  }

  private flushPrelude(): string {
    const lines = this.state.prelude;
    this.state.prelude = [];
    return lines.map((line) => this.ordinary(line)).join('');
  }

  private regionLine(line: string): string {
    const region = this.state.region;
    if (region === undefined) return this.line(line);
    region.lines.push(line);
    const { end, sure } = regionEnd(region, false);
    if (sure) return this.closeRegion(end);
    // Still open: its lines go out, but those after the end the parser reads so far wait (they may end up outside).
    return this.emit(region, Math.min(region.lines.length, end));
  }

  private emit(region: Region, upTo: number): string {
    const lines = region.lines.slice(region.emitted, upTo);
    region.emitted = Math.max(region.emitted, upTo);
    return lines.map((l) => `${l}\n`).join('');
  }

  /** Closes the fence after the region's first `end` lines; the lines after them are read again as lines outside. */
  private closeRegion(end: number): string {
    const state = this.state;
    const region = state.region;
    if (region === undefined) return '';
    const cut = Math.max(end, region.emitted);
    let out = `${this.emit(region, cut)}${FENCE}\n`;
    state.region = undefined;
    state.before = undefined;
    for (const line of region.lines.slice(cut)) out += this.line(line);
    return out;
  }
}

/** The display text of a whole answer. */
export function displayText(answer: string): string {
  const edits = new FencelessEdits();
  return edits.push(answer.replace(/\r\n?/g, '\n')) + edits.ending();
}

/**
 * Where the parser ends the region read so far, and whether later lines can still move that end (at the end of the
 * answer, `final`, they cannot).
 */
function regionEnd(region: Region, final: boolean): { end: number; sure: boolean } {
  const { lines } = region;
  if (region.kind === 'patch') {
    // Only a marker line can end a patch; the lines between them are not read again (a patch has no more than a few
    // hundred lines, but each read is of all of them).
    const last = lines.at(-1)?.trim();
    if (!final && last !== END_PATCH && !isPatchStart(last ?? '') && region.emitted === lines.length - 1) return { end: lines.length, sure: false };
    const end = readPatch(lines, 0, SOURCE).end;
    // The end is sure when an `*** End Patch` after it would not move it (it would move a padded one: see findClose).
    return { end, sure: final || (end <= lines.length && readPatch([...lines, END_PATCH], 0, SOURCE).end === end) };
  }
  const scan = scanPairs(lines, 0, { path: region.path, pathOf, bare: true });
  const end = scan.kind === 'pairs' ? scan.end : Math.max(scan.end, replaceAfter(lines, 0));
  if (final) return { end: Math.max(1, end), sure: true };
  // A path line after a pair ends the region unless a SEARCH marker follows it: that waits for the next line.
  const waits = scan.kind === 'pairs' && pathOf(lines[end] ?? '') !== undefined && !lines.slice(end + 1).some((l) => l.trim() !== '');
  return { end, sure: end < lines.length && !waits };
}

/** Whether a partial line may still become one that starts or wraps an edit (a marker, a tool call's tag). */
function mayStart(partial: string): boolean {
  const text = partial.trimStart();
  if (text === '' || text.startsWith('<')) return true;
  if (text.startsWith('*')) return '*** Begin Patch'.startsWith(text) || text.startsWith('*** Begin Patch');
  return /^[<-]+$/.test(text) || /^[<-]{2,}[ \t]*[A-Za-z]*>?[ \t]*$/.test(text);
}
