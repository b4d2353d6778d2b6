// Edit blocks in an answer shown as what they are: a compact diff per file (path, +/− counts, red and green lines)
// instead of the model's raw SEARCH/REPLACE markers, unified diff or V4A patch. What counts as an edit is the
// parser's decision (src/core/edits/parse.ts), so the chat shows as an edit exactly what the proposal card applies;
// this module only draws the parser's blocks. Applying is the proposal card's job, so such a block offers Copy (the
// new code) and nothing else. The answer's text is untouched: history and export keep the markers.
import { lineChanges } from '../core/edits/hunks';
import { DIVIDER, REPLACE_MARKER, SEARCH_MARKER, isMarkerish } from '../core/edits/markers';
import { FENCE, parseEdits } from '../core/edits/parse';
import { isPatchStart } from '../core/edits/patch';
import type { EditBlock } from '../core/edits/types';

export type EditLineKind = 'context' | 'removed' | 'added';

interface EditLine {
  readonly kind: EditLineKind;
  readonly text: string;
}

/** One change: a SEARCH/REPLACE pair, a diff hunk, or a new file's text. */
interface EditHunk {
  /** What the hunk comes after, as a V4A patch says (`class App › def greet`). */
  readonly scope: string | undefined;
  readonly lines: readonly EditLine[];
}

/** The consecutive changes of one file. */
interface FileDiff {
  readonly path: string | undefined;
  readonly hunks: EditHunk[];
  added: number;
  removed: number;
}

interface EditsView {
  readonly kind: 'edits';
  readonly files: readonly FileDiff[];
}

export type EditView = EditsView | { readonly kind: 'malformed'; readonly reason: string };

/** Where the text being streamed into an open edit block is, so that lines still arriving are drawn like it. */
export type StreamingSide = 'search' | 'replace' | 'diff';

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => escapeMap[c] ?? c);

const linesOf = (text: string): string[] => (text === '' ? [] : text.split('\n'));

/** Lines of a fence's raw text without its opening line (and closing line, when `closed`). */
function fenceBody(raw: string, closed: boolean): string[] {
  const lines = raw.replace(/\n$/, '').split('\n').slice(1);
  return closed ? lines.slice(0, -1) : lines;
}

/**
 * How the parser reads one fenced block (`raw`: the fence as marked lexed it, `before`: the last line of prose
 * before it, which may name its file): as edits, as a malformed edit, or undefined when it is plain code.
 */
export function editViewOf(raw: string, before: string | undefined): EditView | undefined {
  return viewOf(raw, fenceBody(raw, true), before);
}

/**
 * The view of a fence still streaming, its text so far read as if the model had closed what it opened; undefined
 * while it reads as plain code or as broken (its end may still mend it), with the side that text is arriving on.
 */
export function streamingEditViewOf(raw: string, before: string | undefined): { view: EditsView; side: StreamingSide } | undefined {
  // A line still arriving is left out: half a marker would read as a broken one.
  const complete = raw.slice(0, raw.lastIndexOf('\n') + 1);
  const body = fenceBody(complete, false);
  let side: StreamingSide | undefined;
  let patch = false;
  for (const line of body) {
    if (SEARCH_MARKER.test(line)) side = 'search';
    else if (DIVIDER.test(line) && side === 'search') side = 'replace';
    else if (REPLACE_MARKER.test(line)) side = undefined;
    else if (isPatchStart(line)) patch = true;
    else if (line.trim() === '*** End Patch') patch = false;
  }
  const closing = side === 'search' ? ['=======', '>>>>>>> REPLACE'] : side === 'replace' ? ['>>>>>>> REPLACE'] : patch ? ['*** End Patch'] : [];
  const fence = FENCE.exec(complete.slice(0, complete.indexOf('\n')))?.[2] ?? '```';
  const view = viewOf(`${complete}${[...closing, fence].join('\n')}\n`, [...body, ...closing], before);
  if (view?.kind === 'edits') return { view, side: side ?? 'diff' };
  // A patch names its first file only after its first line: until it reads as one, it is an edit still empty.
  return patch ? { view: { kind: 'edits', files: [] }, side: 'diff' } : undefined;
}

function viewOf(raw: string, body: readonly string[], before: string | undefined): EditView | undefined {
  // The label line counts only as prose: a marker or fence there would be a block of its own.
  const label = before !== undefined && !FENCE.test(before) && !isMarkerish(before) && !isPatchStart(before) ? before : undefined;
  const fenceLine = label === undefined ? 1 : 2;
  const blocks = parseEdits(label === undefined ? raw : `${label}\n${raw}`).filter((b) => b.source.line === fenceLine);
  const content = body.join('\n');
  // A labelled new file is code to read (Insert, Apply); one made by markers, a diff or a patch is an edit.
  const isEdit = (block: EditBlock): boolean =>
    block.kind === 'searchReplace' || block.kind === 'unifiedDiff' || block.kind === 'malformed' ||
    (block.kind === 'newFile' && content !== block.text && !content.endsWith(`\n${block.text}`));
  if (!blocks.some(isEdit)) return undefined;
  const malformed = blocks.find((b) => b.kind === 'malformed');
  if (malformed?.kind === 'malformed') return { kind: 'malformed', reason: malformed.reason };
  const files: FileDiff[] = [];
  for (const block of blocks) {
    const hunk = hunkOf(block);
    if (hunk === undefined) continue;
    const path = 'path' in block ? block.path : undefined;
    let file = files.at(-1);
    if (file === undefined || file.path !== path) {
      file = { path, hunks: [], added: 0, removed: 0 };
      files.push(file);
    }
    for (const h of hunk) {
      file.hunks.push(h);
      for (const line of h.lines) {
        if (line.kind === 'added') file.added++;
        else if (line.kind === 'removed') file.removed++;
      }
    }
  }
  return { kind: 'edits', files };
}

function hunkOf(block: EditBlock): EditHunk[] | undefined {
  switch (block.kind) {
    case 'searchReplace':
      return [{ scope: undefined, lines: pairLines(linesOf(block.search), linesOf(block.replace)) }];
    case 'newFile':
      return [{ scope: undefined, lines: linesOf(block.text).map((text) => ({ kind: 'added', text })) }];
    case 'unifiedDiff':
      return block.hunks.map((hunk) => ({
        scope: hunk.scope?.map((s) => s.trim()).join(' › '),
        lines: hunk.lines.map((line) => ({ kind: line[0] === '+' ? 'added' : line[0] === '-' ? 'removed' : 'context', text: line.slice(1) })),
      }));
    default:
      return undefined;
  }
}

/** A pair's texts as one diff: lines both keep are context, the rest removed or added. */
function pairLines(search: readonly string[], replace: readonly string[]): EditLine[] {
  const lines: EditLine[] = [];
  let s = 0;
  let r = 0;
  const context = (until: number): void => {
    for (; s < until; s++, r++) lines.push({ kind: 'context', text: search[s] ?? '' });
  };
  for (const change of lineChanges(search, replace)) {
    context(change.baseStart);
    for (; s < change.baseEnd; s++) lines.push({ kind: 'removed', text: search[s] ?? '' });
    for (; r < change.otherEnd; r++) lines.push({ kind: 'added', text: replace[r] ?? '' });
  }
  context(search.length);
  return lines;
}

const SIGNS: Record<EditLineKind, string> = { context: ' ', removed: '−', added: '+' };

/** One line of a diff as HTML; the sign is outside the text, so Copy and selection take only the code. */
export function editLineHtml(kind: EditLineKind, text: string): string {
  return (
    `<div class="md-edit-line md-edit-${kind}"><span class="md-edit-sign" aria-hidden="true">${SIGNS[kind]}</span>` +
    `<span class="md-edit-text">${text === '' ? '' : escape(text)}</span></div>`
  );
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const countsLabel = (name: string, added: number, removed: number): string => `${name}: ${plural(added, 'line')} added, ${removed} removed`;

/**
 * An edit view as HTML: one section per file, each with a toggle (path and counts) over its lines. `copyButton` is
 * the block's Copy button (markdownRender.ts owns the toolbar's buttons); `pending` marks where lines still
 * streaming in go.
 */
export function editViewHtml(
  view: EditsView,
  index: number,
  language: string,
  copyButton: string,
  pending: StreamingSide | undefined,
): string {
  const firstPath = view.files.find((f) => f.path !== undefined)?.path;
  const path = firstPath === undefined ? '' : ` data-path="${escape(firstPath)}"`;
  const files = view.files.length > 0 ? view.files : [{ path: undefined, hunks: [], added: 0, removed: 0 }];
  const sections = files.map((file, i) => {
    const name = file.path ?? (language === '' ? 'Edit' : language);
    const label = countsLabel(name, file.added, file.removed);
    const hunks = file.hunks.map((hunk) => {
      const scope = hunk.scope === undefined || hunk.scope === '' ? '' : `<div class="md-edit-scope">${escape(hunk.scope)}</div>`;
      return `<div class="md-edit-hunk">${scope}${hunk.lines.map((l) => editLineHtml(l.kind, l.text)).join('')}</div>`;
    });
    const last = i === files.length - 1;
    const pendingHtml = pending !== undefined && last ? `<div class="md-edit-pending md-edit-side-${pending}"></div>` : '';
    return (
      `<div class="md-edit-file"><div class="md-codeblock-toolbar">` +
      `<button type="button" class="md-edit-toggle" aria-expanded="true" aria-label="${escape(label)}" title="${escape(label)}">` +
      `<span class="codicon codicon-chevron-down" aria-hidden="true"></span>` +
      `<span class="md-codeblock-label">${escape(name)}</span>` +
      `<span class="md-edit-count md-edit-count-added">+${file.added}</span>` +
      `<span class="md-edit-count md-edit-count-removed">−${file.removed}</span></button>` +
      `${i === 0 ? copyButton : ''}</div>` +
      `<div class="md-edit-body">${hunks.join('')}${pendingHtml}</div></div>`
    );
  });
  return `<div class="md-codeblock md-edit" data-block="${index}" data-language="${escape(language)}"${path}>${sections.join('')}</div>\n`;
}

/** The one-line note over a block the parser could not read as the edit it looks like. */
export function malformedNoteHtml(reason: string): string {
  return (
    `<div class="md-edit-warning" role="note"><span class="codicon codicon-warning" aria-hidden="true"></span>` +
    `<span>Parley could not read this edit: ${escape(reason)}</span></div>`
  );
}

/** The new code of a rendered edit view (every line but the removed ones, change by change), for Copy. */
export function editViewCode(block: Element): string {
  return [...block.querySelectorAll('.md-edit-hunk')]
    .map((hunk) =>
      [...hunk.querySelectorAll('.md-edit-line:not(.md-edit-removed) > .md-edit-text')].map((t) => t.textContent ?? '').join('\n'),
    )
    .join('\n\n');
}

/** Collapses or expands the file section of an edit view whose toggle is under `target`; false when there is none. */
export function toggleEditFile(target: EventTarget | null): boolean {
  const element = target !== null && 'closest' in target ? (target as Element) : undefined;
  const toggle = element?.closest('.md-edit-toggle');
  const body = toggle?.closest('.md-edit-file')?.querySelector(':scope > .md-edit-body');
  if (!toggle || !body) return false;
  const expanded = toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', String(expanded));
  toggle.querySelector('.codicon')?.classList.replace(expanded ? 'codicon-chevron-right' : 'codicon-chevron-down', expanded ? 'codicon-chevron-down' : 'codicon-chevron-right');
  body.toggleAttribute('hidden', !expanded);
  return true;
}

/** Roo's `:start_line:12` after a SEARCH marker. */
const LINE_HINT = /^[ \t]*:(?:start|end)_line:/i;

/** Diff header lines: where the view draws a file's name or a hunk's break, never a line of code. */
const DIFF_HEADER = /^(?:@@|\*\*\*|diff --git |--- (?:a\/|\/dev\/null)|\+\+\+ (?:b\/|\/dev\/null))/;

/**
 * Lines of an open edit block that arrived since it was last drawn: drawn as lines of the side they arrive on
 * (markers only switch the side), until the block is drawn again. Only complete lines are shown, so a marker being
 * written never shows.
 */
export class PendingEditLines {
  private partial = '';
  private readonly nodes: Element[] = [];
  /** Between pairs (after a REPLACE marker) lines are the model's asides, which the parser ignores too. */
  private side: StreamingSide | 'between';
  /** The file's counts as drawn, which count these lines too. */
  private readonly counts: { added: number; removed: number } | undefined;
  private readonly file: Element | null;
  /** Right after a SEARCH marker, where Roo's line hints (and the `-------` ending them) go: not code. */
  private hints: boolean;

  constructor(
    private readonly parent: Element,
    side: StreamingSide,
  ) {
    this.side = side;
    this.hints = side === 'search';
    this.file = parent.closest('.md-edit-file');
    const count = (kind: string): number => Number(/\d+/.exec(this.file?.querySelector(`.md-edit-count-${kind}`)?.textContent ?? '')?.[0]);
    const counts = { added: count('added'), removed: count('removed') };
    this.counts = Number.isInteger(counts.added) && Number.isInteger(counts.removed) ? counts : undefined;
  }

  write(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  remove(): void {
    for (const node of this.nodes) {
      if (node.classList.contains('md-edit-added')) this.count('added', -1);
      else if (node.classList.contains('md-edit-removed')) this.count('removed', -1);
      node.remove();
    }
    this.nodes.length = 0;
    this.partial = '';
  }

  /** Keeps the file's +/− counts (and its toggle's label) in step with the lines drawn. */
  private count(kind: 'added' | 'removed', by: number): void {
    const counts = this.counts;
    if (counts === undefined || this.file === null) return;
    counts[kind] += by;
    const sign = kind === 'added' ? '+' : '−';
    const element = this.file.querySelector(`.md-edit-count-${kind}`);
    if (element) element.textContent = `${sign}${counts[kind]}`;
    const toggle = this.file.querySelector('.md-edit-toggle');
    const name = toggle?.querySelector('.md-codeblock-label')?.textContent ?? '';
    const label = countsLabel(name, counts.added, counts.removed);
    toggle?.setAttribute('aria-label', label);
    toggle?.setAttribute('title', label);
  }

  private line(line: string): void {
    if (this.side !== 'diff') {
      const hintsEnd = this.hints && /^[ \t]*-{3,}[ \t]*$/.test(line);
      this.hints &&= LINE_HINT.test(line);
      if (SEARCH_MARKER.test(line)) {
        this.side = 'search';
        this.hints = true;
      } else if (DIVIDER.test(line) && this.side === 'search') this.side = 'replace';
      else if (REPLACE_MARKER.test(line)) this.side = 'between';
      else if (this.side !== 'between' && !isMarkerish(line) && !this.hints && !hintsEnd) this.draw(this.side === 'search' ? 'removed' : 'added', line);
      return;
    }
    if (DIFF_HEADER.test(line)) return;
    this.draw(line[0] === '+' ? 'added' : line[0] === '-' ? 'removed' : 'context', /^[-+ ]/.test(line) ? line.slice(1) : line);
  }

  private draw(kind: EditLineKind, text: string): void {
    const document = this.parent.ownerDocument;
    const node = document.createElement('div');
    node.className = `md-edit-line md-edit-${kind}`;
    const sign = document.createElement('span');
    sign.className = 'md-edit-sign';
    sign.setAttribute('aria-hidden', 'true');
    sign.textContent = SIGNS[kind];
    const code = document.createElement('span');
    code.className = 'md-edit-text';
    code.textContent = text;
    node.append(sign, code);
    this.parent.append(node);
    this.nodes.push(node);
    if (kind !== 'context') this.count(kind, 1);
  }
}
