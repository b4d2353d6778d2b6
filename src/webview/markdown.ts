// How the chat shows a model's answer: sanitized markdown (see markdownRender.ts for what is allowed and why),
// rendered incrementally while it streams. Finished blocks are rendered once and never touched again; only the
// last, open block changes. Text that arrived since the open block was last rendered is shown at once as plain
// text (the "tail") and is rendered as markdown when its line ends or when it has grown by a constant factor, so
// the total work stays a small multiple of one full render however finely the answer is chunked.
//
// Where blocks end is marked's decision, not ours: at the end of a line, the open text is lexed and every
// top-level token but the last is frozen (a heading, rule or closed fence is frozen too: nothing can extend it).
// Only complete lines are lexed for this, because a partial line can fake a boundary ("para\n#" is a heading
// until "x" makes it "#x", a paragraph line). A frozen token lexes the same on its own as in the whole answer,
// so the streamed DOM equals renderMarkdown() of the final text (the unit tests check this for random chunkings,
// and it held for 4,000 random documents of awkward constructs, each streamed in four random chunkings).
import type { WindowLike } from 'dompurify';
import type { Token, Tokens } from 'marked';
import { DIVIDER, WRAPPER, isMarkerish } from '../core/edits/markers';
import { isPatchStart } from '../core/edits/patch';
import { PendingEditLines, editViewCode, toggleEditFile } from './editView';
import type { StreamingSide } from './editView';
import { FencelessEdits, displayText } from './fencelessEdits';
import { labelAfter, lexBlocks, renderTokens, sanitizeToFragment, sanitizeToHtml, streamingFenceHtml } from './markdownRender';
import type { CodeBlockAction } from './markdownRender';

export type { CodeBlockAction } from './markdownRender';

export interface RenderOptions {
  /** The window whose DOM sanitizes the HTML; defaults to the global `window` (tests pass a jsdom window). */
  readonly window?: WindowLike;
  /** Highlight code blocks (default true). */
  readonly highlight?: boolean;
}

/** The original text of one code block in an answer, for Copy and Insert. */
export interface CodeBlockSource {
  readonly code: string;
  /** The fence's language (`ts`, `python`…), or '' when it names none. */
  readonly language: string;
  /** A file path named in the fence (` ```ts src/csv.ts `), if any. */
  readonly path?: string;
}

/** The whole answer as sanitized HTML. */
export function renderMarkdown(text: string, options: RenderOptions = {}): string {
  const { html } = renderTokens(lexBlocks(displayText(text)), 0, undefined, options.highlight ?? true);
  return sanitizeToHtml(html, options.window ?? (typeof window === 'undefined' ? undefined : window));
}

/** The exact source of code block `index` under `root` (one rendered answer), not its highlighted HTML. */
export function codeBlockSource(root: ParentNode, index: number): CodeBlockSource | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  const block = root.querySelector(`.md-codeblock[data-block="${index}"]`);
  const code = block?.classList.contains('md-edit') ? editViewCode(block) : block?.querySelector('pre > code')?.textContent;
  if (!block || code === undefined) return undefined;
  const path = block.getAttribute('data-path');
  const source = { code: code ?? '', language: block.getAttribute('data-language') ?? '' };
  return path === null ? source : { ...source, path };
}

/**
 * For a click inside a rendered answer: the code-block toolbar action under `target` with its block's source, or
 * undefined when the target is not a code-block button of `root` (one answer).
 */
export function codeBlockActionAt(
  target: EventTarget | null,
  root: Element,
): { readonly action: CodeBlockAction; readonly block: number; readonly source: CodeBlockSource } | undefined {
  const element = target !== null && 'closest' in target ? (target as Element) : undefined;
  const button = element?.closest('[data-action][data-block]');
  if (!button || !root.contains(button)) return undefined;
  const action = button.getAttribute('data-action');
  const block = Number(button.getAttribute('data-block'));
  if (action !== 'copy' && action !== 'insert') return undefined;
  const source = codeBlockSource(root, block);
  return source === undefined ? undefined : { action, block, source };
}

// When the open block is rendered again. Each re-render costs about its length, so growth by a constant factor
// keeps the sum of re-renders within a constant multiple of the block (a geometric series).
/** At the end of a line: once the open text has grown by this fraction since its last render. */
const LINE_GROWTH = 0.5;
/** Within a long line: once the tail is this long and this fraction of the rendered open text. */
const MID_LINE_MIN = 96;
const MID_LINE_GROWTH = 1;
/** After a hinted boundary turned out not to be one, the open text must grow by this factor before the next try. */
const RETRY_GROWTH = 1.25;
/** Tail text nodes are split at this size: appending to a DOM text node copies it. */
const TAIL_CHUNK = 1024;
/** Only this much of a line is kept for classifying it (headings, fences and list markers sit at its start). */
const LINE_PREFIX = 1024;

// Separates the pieces of one sanitizer call; the answer cannot produce it, as its own HTML is always escaped.
const CUT_CLASS = 'md-cut';
const CUT = `<hr class="${CUT_CLASS}">`;

const FENCE_LINE = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
// A thematic break, or a setext underline (which turns the paragraph above into a heading).
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*|-+[ \t]*)$/;

interface Fence {
  readonly char: string;
  readonly length: number;
}

const closesFence = (line: string, fence: Fence): boolean => {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return match?.[1] !== undefined && match[1][0] === fence.char && match[1].length >= fence.length;
};

/** What a complete line says about block boundaries, judged cheaply and only as a hint (marked decides). */
type LineHint = 'none' | 'boundary' | 'item-after-blank' | 'fence-open';

/** Follows fences and blank lines across the answer, one complete line at a time. */
class LineScanner {
  private fence: Fence | undefined;
  private previousBlank = true;

  read(line: string): LineHint {
    const fenceLine = FENCE_LINE.exec(line);
    if (this.fence) {
      if (fenceLine && closesFence(line.trimStart(), this.fence)) {
        this.fence = undefined;
        this.previousBlank = false;
        return 'boundary';
      }
      return 'none';
    }
    const marker = fenceLine?.[1];
    if (marker !== undefined && !(marker[0] === '`' && fenceLine?.[2]?.includes('`'))) {
      this.fence = { char: marker[0] ?? '`', length: marker.length };
      this.previousBlank = false;
      return 'fence-open';
    }
    const afterBlank = this.previousBlank;
    this.previousBlank = /^[ \t]*$/.test(line);
    if (this.previousBlank || /^(?: {4}|\t| {1,3}\t)/.test(line)) return 'none';
    if (HEADING.test(line) || RULE.test(line)) return 'boundary';
    if (!afterBlank) return 'none';
    return LIST_ITEM.test(line) ? 'item-after-blank' : 'boundary';
  }
}

/** An open-region token as shown: the token and the top-level nodes its HTML became. */
interface ShownBlock {
  /** The whole token: marked can read the same source differently once more follows (see sameToken). */
  readonly token: Token;
  readonly nodes: readonly ChildNode[];
  readonly codeBlocks: number;
  /** False for a fence still streaming, shown as plain text: it must be rendered again once it closes. */
  readonly final: boolean;
}

/** Text shown as is after the open block: a `<span>`/`<div>` of text nodes, or text nodes in a streaming fence. */
interface Tail {
  readonly host: HTMLElement | undefined;
  readonly parent: Element;
  readonly nodes: Text[];
}

const fenceOf = (token: Token | undefined): Fence | undefined => {
  if (token?.type !== 'code' || (token as Tokens.Code).codeBlockStyle === 'indented') return undefined;
  const marker = /^ {0,3}(`{3,}|~{3,})/.exec(token.raw)?.[1];
  return marker === undefined ? undefined : { char: marker[0] ?? '`', length: marker.length };
};

/** A fence whose closing line is part of it: nothing after it can change it. */
const isClosedFence = (token: Token): boolean => {
  const fence = fenceOf(token);
  if (fence === undefined) return false;
  const body = token.raw.replace(/\n$/, '');
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  return body.includes('\n') && closesFence(lastLine, fence);
};

/** True for tokens that later text cannot change once their lines are complete. */
const isComplete = (token: Token): boolean => token.type === 'heading' || token.type === 'hr' || isClosedFence(token);

// Descending into these keeps a mid-line tail inside the paragraph, item or cell it continues.
const TEXT_CONTAINERS = new Set(
  ['P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TD', 'TH', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6'],
);

function lastTextContainer(nodes: readonly ChildNode[]): Element | undefined {
  let element = [...nodes].reverse().find((n): n is Element => n.nodeType === 1);
  if (element === undefined || !TEXT_CONTAINERS.has(element.tagName)) return undefined;
  let child = element.lastElementChild;
  while (child && TEXT_CONTAINERS.has(child.tagName)) {
    element = child;
    child = child.lastElementChild;
  }
  return element;
}

/** An answer rendered into `container` as it streams in. The container's children belong to this object. */
export class StreamingMarkdown {
  private readonly window: WindowLike & Window;
  private readonly document: Document;
  private received = '';
  private carriageReturnPending = false;
  /** The answer as shown: fence-less edits fenced (see fencelessEdits.ts). */
  private edits = new FencelessEdits();
  /** Set by finish(): what the display text lacked then (more text after it makes it wrong, see append). */
  private endedWith: string | undefined;
  private lines = new LineScanner();
  private line = '';
  /** Text after the frozen part, line endings normalized. */
  private open = '';
  private frozenCodeBlocks = 0;
  private shown: ShownBlock[] = [];
  /** How much of `open` the shown blocks cover; the rest is in the tail. */
  private rendered = 0;
  private tail: Tail | undefined;
  private tailPlacement: 'block' | 'inline' | 'fence' | 'edit' = 'block';
  /** Set while the open block is a fence still streaming: text goes straight into its `<code>`. */
  private fence: Fence | undefined;
  /** Set while that fence is drawn as an edit: its new lines go to `pending`, on this side, until it closes. */
  private editSide: StreamingSide | undefined;
  private pending: PendingEditLines | undefined;
  /** The start of a line in a streaming fence, kept off screen until it ends (see MARKER_START). */
  private held = '';
  /** The prose line before the open text, which may name the file a fence edits (see labelAfter). */
  private before: string | undefined;
  private retryAt = 0;
  /** Where the line being received starts in `open`. */
  private lineAt = 0;
  /**
   * Set while a fence has opened but is not drawn yet: where its opening line starts in `open`. It is drawn at its
   * first line of code (see FIRST_LINE_WAITS), so that an edit is drawn once, as an edit; until then it is not shown.
   */
  private waitFrom: number | undefined;

  constructor(private readonly container: HTMLElement) {
    const view = container.ownerDocument.defaultView;
    if (view === null) throw new Error('StreamingMarkdown needs a container in a document with a window');
    this.window = view;
    this.document = container.ownerDocument;
    container.classList.add('markdown');
    // The answer's own control: an edit view's file toggle (the page routes the toolbar's other buttons).
    container.addEventListener('click', (event) => toggleEditFile(event.target));
  }

  /** Everything received so far, as received. */
  get text(): string {
    return this.received;
  }

  /** Replaces the answer (a snapshot): `streaming` says whether more will be appended. */
  setText(text: string, streaming: boolean): void {
    this.container.replaceChildren();
    this.received = '';
    this.carriageReturnPending = false;
    this.edits = new FencelessEdits();
    this.endedWith = undefined;
    this.lines = new LineScanner();
    this.line = '';
    this.open = '';
    this.frozenCodeBlocks = 0;
    this.shown = [];
    this.rendered = 0;
    this.tail = undefined;
    this.pending = undefined;
    this.fence = undefined;
    this.editSide = undefined;
    this.before = undefined;
    this.retryAt = 0;
    this.lineAt = 0;
    this.waitFrom = undefined;
    this.append(text);
    if (!streaming) this.finish();
  }

  append(delta: string): void {
    if (delta === '') return;
    if (this.endedWith !== undefined && this.endedWith !== '') {
      // finish() closed what was open (a held line, an edit's fence): start again from the whole text (rare).
      this.setText(this.received + delta, true);
      return;
    }
    this.endedWith = undefined;
    this.received += delta;
    // marked reads "\r\n" and "\r" as "\n"; a pair split across two deltas must not become two line ends.
    let text = this.carriageReturnPending && delta.startsWith('\n') ? delta.slice(1) : delta;
    this.carriageReturnPending = text.endsWith('\r');
    text = text.replace(/\r\n?/g, '\n');
    this.feed(this.edits.push(text));
  }

  /** Adds normalized text to the open text and shows it. */
  private feed(text: string): void {
    if (text === '') return;
    const base = this.open.length;
    this.open += text;

    let hinted = false;
    let editHinted = false;
    let draw = false;
    let closeAt: number | undefined;
    let lineStart = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', lineStart)) {
      const line = this.line + text.slice(lineStart, Math.min(end, lineStart + LINE_PREFIX));
      this.line = '';
      lineStart = end + 1;
      const lineFrom = this.lineAt;
      this.lineAt = base + lineStart;
      const hint = this.lines.read(line);
      if (this.fence) {
        if (closesFence(line, this.fence)) {
          closeAt = lineFrom;
          break;
        }
        editHinted ||= this.editSide === undefined && startsEdit(line);
      } else if (this.waitFrom !== undefined) {
        draw ||= hint === 'boundary' || !waitsAt(line);
      }
      if (hint === 'fence-open' && this.fence === undefined) this.waitFrom = lineFrom;
      hinted ||= hint === 'boundary' || (hint === 'item-after-blank' && !LIST_ITEM.test(this.open.slice(0, 16)));
    }
    if (closeAt !== undefined) {
      // The drawn fence is complete. It stays as drawn until the next render draws it closed together with what
      // follows (one sanitizer call fewer per block); its closing line is never shown.
      const rest = text.slice(lineStart);
      this.open = this.open.slice(0, this.open.length - rest.length);
      this.appendTail(text.slice(0, Math.max(0, closeAt - base)));
      this.leaveClosedFence();
      this.feed(rest);
      return;
    }
    if (this.line.length < LINE_PREFIX) this.line += text.slice(lineStart, lineStart + LINE_PREFIX - this.line.length);

    if (draw) {
      this.update(this.lineAt, false);
      return;
    }
    if (this.waitFrom !== undefined) {
      // A first line of code that cannot be a marker or a diff's header: draw the fence, the line in it.
      if (this.line !== '' && !mayWait(this.line)) this.update(this.lineAt, false);
      else this.grow(text);
      return;
    }
    if (lineStart > 0) {
      const complete = this.lineAt;
      // An edit fence is drawn once it reads as one, then its lines as they come (PendingEditLines) until it closes.
      const due = !this.fence && complete - this.rendered >= this.rendered * LINE_GROWTH;
      if (!due && editHinted && complete >= this.retryAt) {
        // A line that may make the open fence an edit: draw it again, and if it still reads as code, wait a while.
        this.update(complete, false);
        if (this.editSide === undefined) this.retryAt = complete * RETRY_GROWTH;
        return;
      }
      const retry = !this.fence && hinted && complete >= this.retryAt;
      if ((due || retry) && this.update(complete, !due)) return;
    }
    this.grow(text);
  }

  /** The open fence has closed: what follows goes after it, and the fence is drawn again at the next render. */
  private leaveClosedFence(): void {
    // Its lines stay in the DOM: they are inside the fence's own nodes, which the next render replaces.
    this.pending = undefined;
    this.tail = undefined;
    this.held = '';
    this.fence = undefined;
    this.editSide = undefined;
    this.tailPlacement = 'block';
    this.rendered = this.open.length;
  }

  /** The answer is complete: render what is open as a full render would (highlighting a fence never closed). */
  finish(): void {
    if (this.endedWith === undefined) {
      this.endedWith = this.edits.ending();
      this.feed(this.endedWith);
    }
    this.clearTail();
    const tokens = lexBlocks(this.open);
    this.show(this.open, tokens, lastContentIndex(tokens), true);
    this.tailPlacement = 'block';
  }

  /** The exact source of code block `index` in this answer. */
  codeBlock(index: number): CodeBlockSource | undefined {
    return codeBlockSource(this.container, index);
  }

  /**
   * Lexes the complete lines of the open text, freezes what is settled and renders the rest. When only a hint
   * asked for it and nothing could be frozen, renders nothing and says so.
   */
  private update(complete: number, hintOnly: boolean): boolean {
    const lines = this.open.slice(0, complete);
    const tokens = lexBlocks(lines);
    let keep = lastContentIndex(tokens);
    const last = tokens[keep];
    if (last !== undefined && isComplete(last)) keep = tokens.length;
    if (!tokensCover(tokens, lines)) keep = 0;
    if (hintOnly && keep === 0) {
      // A wrong hint (a loose list's next item, say): wait for more text before lexing again.
      this.retryAt = complete * RETRY_GROWTH;
      return false;
    }
    this.retryAt = 0;
    this.clearTail();
    this.show(lines, tokens, keep, false);
    this.tailPlacement = this.openFencePlacement() ?? 'block';
    this.appendTail(this.open.slice(this.rendered));
    return true;
  }

  /** Adds text to the tail, or renders the open text again once a long line has grown enough. */
  private grow(text: string): void {
    if (this.waitFrom !== undefined) {
      this.appendTail(text.slice(0, Math.max(0, this.waitFrom - (this.open.length - text.length))));
      return;
    }
    const tailLength = this.open.length - this.rendered;
    if (this.fence || tailLength < Math.max(MID_LINE_MIN, this.rendered * MID_LINE_GROWTH)) {
      this.appendTail(text);
      return;
    }
    // Nothing is frozen here: the partial last line could fake a block boundary.
    this.clearTail();
    this.show(this.open, lexBlocks(this.open), 0, false);
    this.tailPlacement = this.openFencePlacement() ?? (this.open.endsWith('\n') ? 'block' : 'inline');
  }

  private openFencePlacement(): 'fence' | 'edit' | undefined {
    return this.fence === undefined ? undefined : this.editSide === undefined ? 'fence' : 'edit';
  }

  /**
   * Shows `tokens`, marked's reading of `text` (the start of the open text): the first `keep` are frozen, the rest
   * stay open. Tokens already shown as the same token keep their nodes; others are rendered, frozen ones at once.
   */
  private show(text: string, tokens: Token[], keep: number, finishing: boolean): void {
    // Freezing goes by offsets: should marked's tokens ever not spell out their source, freeze and reuse nothing.
    const covered = tokensCover(tokens, text);
    if (!covered) keep = 0;
    let reused = 0;
    while (reused < tokens.length && reused < this.shown.length) {
      const block = this.shown[reused];
      if (!block?.final || !sameToken(block.token, tokens[reused])) break;
      reused++;
    }
    for (const block of this.shown.slice(reused)) for (const node of block.nodes) node.remove();
    const kept = this.shown.slice(0, reused);
    let nextBlock = this.frozenCodeBlocks + kept.reduce((n, b) => n + b.codeBlocks, 0);
    let frozenCodeBlocks = this.frozenCodeBlocks + kept.slice(0, keep).reduce((n, b) => n + b.codeBlocks, 0);
    // labels[i]: the prose line before tokens[i], which a fence's edit view may take its file from.
    const labels = [this.before];
    for (const token of tokens) labels.push(labelAfter(labels.at(-1), [token]));

    // Everything to render goes through the sanitizer in one call (its fixed cost dominates small renders).
    const pieces: string[] = [];
    if (reused < keep) {
      const { html, codeBlocks } = renderTokens(tokens.slice(reused, keep), nextBlock, labels[reused]);
      pieces.push(html);
      nextBlock += codeBlocks;
      frozenCodeBlocks += codeBlocks;
    }
    const rendered: Omit<ShownBlock, 'nodes'>[] = [];
    this.fence = undefined;
    this.editSide = undefined;
    for (let i = Math.max(reused, keep); i < tokens.length; i++) {
      const token = tokens[i] as Token;
      // A fence whose opening line is complete streams as plain text (or as an edit view); until then it renders
      // like any block.
      const fence = finishing || !token.raw.includes('\n') || isClosedFence(token) ? undefined : fenceOf(token);
      let html: string;
      let codeBlocks = 1;
      if (fence) {
        this.fence = fence;
        const streaming = streamingFenceHtml(token as Tokens.Code, nextBlock, labels[i]);
        html = streaming.html;
        this.editSide = streaming.side;
      } else {
        ({ html, codeBlocks } = renderTokens([token], nextBlock, labels[i]));
      }
      pieces.push(html);
      rendered.push({ token, codeBlocks, final: covered && fence === undefined });
      nextBlock += codeBlocks;
    }
    const groups = this.insert(pieces);
    const renderedNodes = groups.slice(groups.length - rendered.length);
    const open = [...kept.slice(keep), ...rendered.map((block, i) => ({ ...block, nodes: renderedNodes[i] ?? [] }))];

    const frozenLength = tokens.slice(0, keep).reduce((n, t) => n + t.raw.length, 0);
    this.frozenCodeBlocks = frozenCodeBlocks;
    this.shown = open;
    this.open = this.open.slice(frozenLength);
    this.lineAt = Math.max(0, this.lineAt - frozenLength);
    this.waitFrom = undefined;
    this.before = labels[keep];
    // An edit view draws complete lines only: a partial last line stays in the tail until it ends.
    const drawn = this.editSide === undefined ? text.length : text.lastIndexOf('\n') + 1;
    this.rendered = drawn - frozenLength;
  }

  /** Sanitizes the HTML pieces, appends them to the container and returns each piece's top-level nodes. */
  private insert(pieces: readonly string[]): ChildNode[][] {
    if (pieces.every((piece) => piece === '')) return pieces.map(() => []);
    const fragment = sanitizeToFragment(pieces.join(CUT), this.window);
    const groups: ChildNode[][] = [[]];
    for (const node of [...fragment.childNodes]) {
      if (node.nodeType === 1 && (node as Element).classList.contains(CUT_CLASS)) {
        node.remove();
        groups.push([]);
      } else {
        groups.at(-1)?.push(node);
      }
    }
    if (groups.length !== pieces.length) {
      // Cannot happen with marked's well-formed output, but fall back to one sanitizer call per piece.
      return pieces.map((piece) => {
        const own = sanitizeToFragment(piece, this.window);
        const nodes = [...own.childNodes];
        this.container.append(own);
        return nodes;
      });
    }
    this.container.append(fragment);
    return groups;
  }

  private appendTail(text: string): void {
    if (text === '') return;
    if (this.tailPlacement === 'edit') {
      if (this.pending === undefined) {
        const parent = this.shown.at(-1)?.nodes.find((n): n is Element => n.nodeType === 1)?.querySelector('.md-edit-pending');
        if (parent) this.pending = new PendingEditLines(parent, this.editSide ?? 'diff');
      }
      if (this.pending) {
        this.pending.write(text);
        return;
      }
    }
    // What may start a marker line or a fence's line waits for its line end: in a fence, a marker (the fence may turn
    // out to be an edit) or the closing line; elsewhere, an opening line (a fence is drawn at its first line of code).
    const shown = this.held + text;
    const partial = shown.slice(shown.lastIndexOf('\n') + 1);
    const waits = this.tailPlacement === 'fence' ? MARKER_START.test(partial) || CLOSE_START.test(partial) : OPEN_START.test(partial);
    this.held = waits ? partial : '';
    text = shown.slice(0, shown.length - this.held.length);
    if (text === '') return;
    let tail = this.tail;
    if (tail === undefined) {
      tail = this.createTail();
      this.tail = tail;
    }
    const current = tail.nodes.at(-1);
    if (current !== undefined && current.length + text.length <= TAIL_CHUNK) {
      current.appendData(text);
    } else {
      const node = this.document.createTextNode(text);
      (tail.host ?? tail.parent).append(node);
      tail.nodes.push(node);
    }
  }

  private createTail(): Tail {
    const lastNodes = this.shown.at(-1)?.nodes ?? [];
    if (this.tailPlacement === 'fence') {
      // The block is `<div class="md-codeblock">` with a toolbar, then `<pre><code>` (see codeBlockHtml).
      const code = lastNodes.find((n): n is Element => n.nodeType === 1)?.lastElementChild?.firstElementChild;
      if (code?.tagName === 'CODE') return { host: undefined, parent: code, nodes: [] };
    }
    const inline = this.tailPlacement === 'inline' ? lastTextContainer(lastNodes) : undefined;
    const host = this.document.createElement(inline ? 'span' : 'div');
    host.className = 'md-tail';
    (inline ?? this.container).append(host);
    return { host, parent: inline ?? this.container, nodes: [] };
  }

  private clearTail(): void {
    this.held = '';
    this.pending?.remove();
    this.pending = undefined;
    if (this.tail === undefined) return;
    if (this.tail.host) this.tail.host.remove();
    else for (const node of this.tail.nodes) node.remove();
    this.tail = undefined;
  }
}

/** A line so far made only of marker characters: it may become a SEARCH/REPLACE marker or a patch's line. */
const MARKER_START = /^[ \t]*[<>=+*-][<>=+*\t -]*(?:[A-Za-z][A-Za-z ]*)?$/;
/** A line so far that may become a fence's closing line, or its opening line. */
const CLOSE_START = /^ {0,3}(?:`+|~+)[ \t]*$/;
const OPEN_START = /^[ \t]*(?:`{1,2}|~{1,2}|`{3,}[^`]*|~{3,}.*)$/;
/**
 * Lines a fence is not drawn at, as they come before an edit's first change: a marker (drawn at its end), a diff's or
 * a patch's header (whose file and first hunk it waits for).
 */
const FIRST_LINE_WAITS = /^[ \t]*(?:--- |\+\+\+ |@@|diff --git |index |\*\*\* (?:Begin Patch|Update File:|Add File:|Delete File:|Move to:))/;

/** Whether a fence is not drawn at this line (see FIRST_LINE_WAITS), nor at a tool call's tag around an edit. */
const waitsAt = (line: string): boolean => FIRST_LINE_WAITS.test(line) || WRAPPER.test(line) || /^[ \t]*<path>/i.test(line);

/** Whether the start of a fence's first line may still become one it waits at. */
function mayWait(partial: string): boolean {
  const text = partial.trimStart();
  return MARKER_START.test(partial) || waitsAt(partial) || /^[@<]/.test(text) || ['diff --git ', 'index '].some((h) => h.startsWith(text));
}

/** A line that can make a fence an edit block: a SEARCH/REPLACE marker, a patch's start, a diff's header. */
function startsEdit(line: string): boolean {
  return isMarkerish(line) || DIVIDER.test(line) || isPatchStart(line) || /^[ \t]*(?:@@ |diff --git |\+\+\+ )/.test(line);
}

/** marked's tokens should spell out their source exactly; freezing by offsets relies on it, so check. */
function tokensCover(tokens: Token[], text: string): boolean {
  let offset = 0;
  for (const token of tokens) {
    if (!text.startsWith(token.raw, offset)) return false;
    offset += token.raw.length;
  }
  return offset === text.length;
}

/**
 * Whether a shown token renders as `token` would. The same source is not enough: in "text\n\tcode\n\tcode\n",
 * marked makes the second indented line part of the paragraph until a line after it starts a list, and then merges
 * it in as code, so the paragraph's text changes while its source stays the same.
 */
function sameToken(shown: Token, token: Token | undefined): boolean {
  return token !== undefined && shown.raw === token.raw && JSON.stringify(shown) === JSON.stringify(token);
}

/** Index of the last token that is not blank space (tokens.length when there is none). */
function lastContentIndex(tokens: Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i]?.type !== 'space') return i;
  return tokens.length;
}
