// The conversation's turns on screen, drawn only near the viewport so a conversation of thousands of messages
// opens and scrolls at the cost of the few on screen. Turns far from view are spacers: a turn never drawn counts
// at a height estimated from its text, one drawn before at the height it had when it left the view. Chromium's
// scroll anchoring keeps the view steady when a drawn turn's height replaces its estimate.
import type { Redaction, Turn, TurnError } from '../core/chat/conversation';
import type { ProposalView } from '../core/protocol';
import { h } from './dom';
import { TurnView } from './turnView';
import type { EndFacts } from './turnView';

/** Pixels drawn beyond the viewport on each side, so a scroll seldom reaches undrawn turns. */
const OVERSCAN = 1200;

interface Item {
  turn: Turn;
  view: TurnView | undefined;
  height: number;
  readonly proposals: Map<string, ProposalView>;
  redactions: readonly Redaction[] | undefined;
}

/** A guess good enough to place the scrollbar: a heading, then about 60 characters a line of 18 px. */
export function estimateHeight(turn: Pick<Turn, 'text' | 'role'>): number {
  const lines = turn.text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 60)), 0);
  return 44 + Math.min(lines, 400) * 18;
}

/** The first and one-past-last of `heights` that overlap [top, bottom], and the offset of the first. */
export function visibleRange(heights: readonly number[], top: number, bottom: number): { start: number; end: number; before: number } {
  let offset = 0;
  let start = 0;
  while (start < heights.length && offset + (heights[start] ?? 0) < top) offset += heights[start++] ?? 0;
  let end = start;
  let at = offset;
  while (end < heights.length && at <= bottom) at += heights[end++] ?? 0;
  return { start, end: Math.max(end, Math.min(start + 1, heights.length)), before: offset };
}

export class TranscriptList {
  private items: Item[] = [];
  private readonly top = h('div', { class: 'transcript-spacer', 'aria-hidden': 'true' });
  private readonly bottom = h('div', { class: 'transcript-spacer', 'aria-hidden': 'true' });
  /** The drawn turns are items[drawnFrom, drawnTo). */
  private drawnFrom = 0;
  private drawnTo = 0;
  private scheduled = false;
  private last = { busy: false };

  constructor(private readonly container: HTMLElement) {
    container.append(this.top, this.bottom);
    container.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(container);
  }

  get length(): number {
    return this.items.length;
  }

  /** Replaces every turn (a snapshot): nothing is drawn until `render`. */
  reset(turns: readonly Turn[]): void {
    for (const item of this.items) item.view?.element.remove();
    this.items = turns.map((turn) => ({ turn, view: undefined, height: estimateHeight(turn), proposals: new Map(), redactions: undefined }));
    this.drawnFrom = 0;
    this.drawnTo = 0;
  }

  add(turn: Turn): void {
    const previous = this.items.at(-1);
    previous?.view?.showQuickReplies(false);
    this.items.push({ turn, view: undefined, height: estimateHeight(turn), proposals: new Map(), redactions: undefined });
    this.render();
  }

  /** The drawn view of turn `id`; undefined when it is not drawn (a click can only come from a drawn one). */
  view(id: string): TurnView | undefined {
    return this.find(id)?.view;
  }

  append(id: string, text: string): void {
    const item = this.find(id);
    if (!item) return;
    if (item.view) item.view.append(text);
    else item.turn = { ...item.turn, text: item.turn.text + text };
  }

  appendReasoning(id: string, text: string): void {
    const item = this.find(id);
    if (!item) return;
    if (item.view) item.view.appendReasoning(text);
    else item.turn = { ...item.turn, reasoning: { ...item.turn.reasoning, text: (item.turn.reasoning?.text ?? '') + text } };
  }

  end(id: string, status: Turn['status'], error: TurnError | undefined, facts: EndFacts): void {
    const item = this.find(id);
    if (!item) return;
    if (item.view) {
      item.view.end(status, error, facts);
      item.turn = item.view.current;
    } else {
      const { usage, elapsedMs, cost } = facts;
      item.turn = { ...item.turn, status, ...(error ? { error } : {}), ...(usage ? { usage } : {}), ...(elapsedMs !== undefined ? { elapsedMs } : {}), ...(cost !== undefined ? { cost } : {}) };
    }
  }

  showProposal(proposal: ProposalView): void {
    const item = this.find(proposal.turnId);
    if (!item) return;
    item.proposals.set(proposal.id, proposal);
    item.view?.showProposal(proposal);
  }

  showRedactions(id: string, redactions: readonly Redaction[]): void {
    const item = this.find(id);
    if (!item) return;
    item.redactions = redactions;
    item.view?.showRedactions(redactions);
  }

  turns(): readonly Turn[] {
    return this.items.map((item) => (item.view ? item.view.current : item.turn));
  }

  /** Regenerate and quick replies belong to the last answer only. */
  refreshLast(busy: boolean): void {
    this.last = { busy };
    const last = this.items.at(-1);
    for (let i = this.drawnFrom; i < this.drawnTo; i++) this.items[i]?.view?.setLast(i === this.items.length - 1);
    if (last?.view && last.turn.role === 'assistant' && !busy) last.view.showQuickReplies(true);
  }

  /** Draws the turns near the viewport, and only those; measures each the first time it is drawn. */
  render(): void {
    this.scheduled = false;
    const heights = this.items.map((item) => (item.view ? item.view.element.offsetHeight : item.height));
    const spacerTop = this.top.getBoundingClientRect().top - this.container.getBoundingClientRect().top + this.container.scrollTop;
    const viewTop = this.container.scrollTop - spacerTop;
    const range = visibleRange(heights, viewTop - OVERSCAN, viewTop + this.container.clientHeight + OVERSCAN);
    let { start, end } = range;
    // A streaming answer, or a turn being edited or holding the focus, stays drawn wherever it is.
    const pinned = this.items.findIndex((item, i) => (i < start || i >= end) && item.view !== undefined && this.isPinned(item));
    if (pinned >= 0) {
      start = Math.min(start, pinned);
      end = Math.max(end, pinned + 1);
    }
    for (let i = this.drawnFrom; i < this.drawnTo; i++) if (i < start || i >= end) this.undraw(i);
    let before: Element = this.bottom;
    for (let i = end - 1; i >= start; i--) {
      const item = this.items[i];
      if (!item) continue;
      if (!item.view) this.draw(item, i);
      const element = item.view?.element;
      if (element && element.nextElementSibling !== before) before.before(element);
      if (element) before = element;
    }
    this.drawnFrom = start;
    this.drawnTo = end;
    this.top.style.height = `${sum(this.items, 0, start)}px`;
    this.bottom.style.height = `${sum(this.items, end, this.items.length)}px`;
  }

  /** Scrolls to the last turn, drawing what lands in view (the estimates above it may need a second pass). */
  scrollToEnd(): void {
    for (let pass = 0; pass < 3; pass++) {
      this.container.scrollTop = this.container.scrollHeight;
      this.render();
      if (this.container.scrollHeight - this.container.scrollTop - this.container.clientHeight < 2) break;
    }
    this.container.scrollTop = this.container.scrollHeight;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.render());
  }

  private draw(item: Item, index: number): void {
    const view = new TurnView(item.turn);
    for (const proposal of item.proposals.values()) view.showProposal(proposal);
    if (item.redactions) view.showRedactions(item.redactions);
    item.view = view;
    view.setLast(index === this.items.length - 1);
    if (index === this.items.length - 1 && item.turn.role === 'assistant' && !this.last.busy) view.showQuickReplies(true);
  }

  private undraw(index: number): void {
    const item = this.items[index];
    if (!item?.view) return;
    item.turn = item.view.current;
    item.height = item.view.element.offsetHeight || item.height;
    item.view.element.remove();
    item.view = undefined;
  }

  private isPinned(item: Item): boolean {
    const element = item.view?.element;
    return item.view?.isStreaming === true || element?.querySelector('.edit-box') !== null || element?.contains(document.activeElement) === true;
  }

  private find(id: string): Item | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i]?.turn.id === id) return this.items[i];
    return undefined;
  }
}

function sum(items: readonly Item[], from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; i++) total += items[i]?.height ?? 0;
  return total;
}
