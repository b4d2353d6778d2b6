// One turn in the conversation, drawn: the person's question (with Edit) or Parley's answer (markdown that
// streams in, its stopped/error state with the action that helps, quick replies after a clarifying question).
import type { Redaction, Turn, TurnError } from '../core/chat/conversation';
import { parseQuickReplies } from '../core/chat/quickReplies';
import { StreamingMarkdown } from './markdown';
import { button, h, icon } from './dom';
import { proposalCard } from './proposalCard';
import type { ProposalView } from '../core/protocol';
import type { CodeBlockSource } from './markdown';
import { ThinkingBlock } from './thinking';
import { answerUsage } from './usageText';

/** What an ended answer's footer shows besides its state. */
export interface EndFacts {
  readonly usage?: Turn['usage'];
  readonly elapsedMs?: number | undefined;
  readonly cost?: number | undefined;
  readonly reasoningMs?: number | undefined;
}

const ERROR_ACTION_LABELS: Record<NonNullable<TurnError['action']>, { label: string; icon: string }> = {
  'set-key': { label: 'Set API key', icon: 'key' },
  'pick-model': { label: 'Choose a model', icon: 'chip' },
  retry: { label: 'Retry', icon: 'refresh' },
  'open-settings': { label: 'Open settings', icon: 'settings-gear' },
};

export class TurnView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly footer: HTMLElement;
  private markdown: StreamingMarkdown | undefined;
  private thinking: ThinkingBlock | undefined;
  private turn: Turn;

  constructor(turn: Turn) {
    this.turn = turn;
    this.body = h('div', { class: 'turn-body' });
    this.footer = h('div', { class: 'turn-footer' });
    const summary = turn.summaryOf;
    const name = turn.role === 'user' ? 'You' : summary ? `Summary of ${summary.turns} earlier message${summary.turns === 1 ? '' : 's'}` : 'Parley';
    const author = h('h2', { class: 'turn-author' }, name);
    const label = turn.role === 'user' ? 'Your question' : summary ? 'Summary sent in place of the earlier messages' : 'Parley\'s answer';
    this.element = h('article', { class: `turn turn-${turn.role}${summary ? ' turn-summary' : ''}`, 'data-turn': turn.id, 'aria-label': label }, author, this.body, this.footer);
    if (turn.role === 'user') {
      this.body.textContent = turn.text;
      author.append(button({ icon: 'edit', label: 'Edit and resend', action: 'edit', iconOnly: true }));
    } else {
      if (summary) {
        author.append(
          button({ icon: 'edit', label: 'Edit the summary', action: 'edit', iconOnly: true }),
          button({ icon: 'trash', label: 'Remove the summary (send the earlier messages again)', action: 'summary-remove', iconOnly: true }),
        );
      }
      if (turn.reasoning) this.showThinking(turn.reasoning.text, turn.status === 'streaming' && turn.text === '', turn.reasoning.ms);
      this.markdown = new StreamingMarkdown(this.body);
      this.markdown.setText(turn.text, turn.status === 'streaming');
    }
    this.renderState();
    this.showUsage();
    this.showCopy();
    this.showRedactions(turn.redactions ?? []);
  }

  /** The turn as it stands now (the text and reasoning streamed so far), to draw it again later. */
  get current(): Turn {
    // Once ended, turn.text is the whole answer (the view may hide its options line).
    const text = this.isStreaming ? this.text : this.turn.text;
    return { ...this.turn, text, ...(this.thinking ? { reasoning: this.thinking.reasoning } : {}) };
  }

  get isSummary(): boolean {
    return this.turn.summaryOf !== undefined;
  }

  get id(): string {
    return this.turn.id;
  }

  get role(): Turn['role'] {
    return this.turn.role;
  }

  get text(): string {
    return this.markdown ? this.markdown.text : this.turn.text;
  }

  get isStreaming(): boolean {
    return this.turn.status === 'streaming';
  }

  append(text: string): void {
    // The answer has begun: the thinking is over.
    if (text.trim() !== '') this.thinking?.settle(undefined);
    this.markdown?.append(text);
  }

  appendReasoning(text: string): void {
    if (this.thinking) this.thinking.append(text);
    else this.showThinking(text, true, undefined);
  }

  end(status: Turn['status'], error: TurnError | undefined, facts: EndFacts = {}): void {
    const { usage, elapsedMs, cost } = facts;
    this.turn = {
      ...this.turn,
      text: this.text,
      status,
      ...(error ? { error } : {}),
      ...(usage ? { usage } : {}),
      ...(elapsedMs !== undefined ? { elapsedMs } : {}),
      ...(cost !== undefined ? { cost } : {}),
    };
    this.thinking?.settle(facts.reasoningMs);
    this.markdown?.finish();
    this.renderState();
    this.showUsage();
    this.showCopy();
  }

  private showThinking(text: string, live: boolean, ms: number | undefined): void {
    this.thinking = new ThinkingBlock({ text, ...(ms === undefined ? {} : { ms }) }, live);
    this.body.before(this.thinking.element);
  }

  /** "1.2 s · 312 tokens" at the end of the footer, the breakdown in its tooltip. */
  private showUsage(): void {
    this.footer.querySelector('.turn-usage')?.remove();
    // A failed answer took no tokens worth counting; its time says nothing either.
    const shown = this.turn.role === 'assistant' && this.turn.status !== 'streaming' && this.turn.status !== 'error';
    const usage = shown ? answerUsage(this.turn) : undefined;
    if (!usage) return;
    const line = h('span', { class: 'turn-usage', title: usage.detail, 'aria-label': usage.detail }, usage.text);
    this.footer.append(line);
  }

  /** Copy answer: the whole answer as the model wrote it, in Markdown (its reasoning left out). */
  private showCopy(): void {
    this.footer.querySelector('[data-action="copy-answer"]')?.remove();
    if (this.turn.role !== 'assistant' || this.turn.status === 'streaming' || this.text.trim() === '') return;
    const copy = button({ icon: 'copy', label: 'Copy answer (Markdown)', action: 'copy-answer', iconOnly: true });
    copy.classList.add('turn-copy');
    // Before Regenerate, when the last answer has it.
    const regenerate = this.footer.querySelector('[data-action="regenerate"]');
    if (regenerate) regenerate.before(copy);
    else this.footer.append(copy);
  }

  /** The source of code block `index` in this answer, for Copy and Insert. */
  code(index: number): string | undefined {
    return this.markdown?.codeBlock(index)?.code;
  }

  /** Code block `index` with the path its fence names, for Apply. */
  codeBlock(index: number): CodeBlockSource | undefined {
    return this.markdown?.codeBlock(index);
  }

  /** Shows a proposal made from this answer, or redraws it (one card per proposal, under the answer). */
  showProposal(proposal: ProposalView): void {
    const card = proposalCard(proposal);
    const shown = [...this.element.querySelectorAll<HTMLElement>('.proposal')].find((c) => c.dataset['proposal'] === proposal.id);
    // Keyboard focus stays on the same control when a decision redraws the card.
    const focused = shown?.contains(document.activeElement) ? (document.activeElement as HTMLElement).getAttribute('title') : null;
    if (shown) shown.replaceWith(card);
    else this.footer.before(card);
    if (focused) card.querySelector<HTMLElement>(`[title="${CSS.escape(focused)}"]`)?.focus();
  }

  /**
   * Shows the quick replies of a finished answer that ends with an options line (only the last answer offers
   * them), and hides that line from the answer. Showing twice, or hiding what is not shown, changes nothing.
   */
  showQuickReplies(show: boolean): void {
    const shown = this.footer.querySelector('.quick-replies');
    if (!show) {
      shown?.remove();
      return;
    }
    if (shown || this.turn.role !== 'assistant' || this.turn.status !== 'done') return;
    // turn.text is the whole answer (end() records it), whatever the view shows of it.
    const { body, options } = parseQuickReplies(this.turn.text);
    if (options.length === 0) return;
    this.markdown?.setText(body, false);
    const group = h('div', { class: 'quick-replies', role: 'group', 'aria-label': 'Suggested replies' });
    for (const option of options) {
      const reply = h('button', { type: 'button', class: 'button secondary quick-reply', 'data-action': 'quick-reply', 'data-reply': option }, option);
      group.append(reply);
    }
    this.footer.prepend(group);
  }

  /** Says which secrets were removed from this question before it was sent (never the secrets themselves). */
  showRedactions(redactions: readonly Redaction[]): void {
    this.footer.querySelector('.turn-redactions')?.remove();
    if (redactions.length === 0) return;
    const where = redactions.map((r) => `${r.kind} (line ${r.line})`).join(', ');
    const count = redactions.length === 1 ? '1 secret' : `${redactions.length} secrets`;
    const note = h('div', { class: 'turn-redactions', role: 'note' }, icon('shield'), ` ${count} removed before sending: ${where}.`);
    note.title = 'Parley replaced them with placeholders in the request; your text here is as you typed it.';
    this.footer.prepend(note);
  }

  /** Only the last answer can be regenerated. */
  setLast(last: boolean): void {
    this.footer.querySelector('[data-action="regenerate"]')?.remove();
    if (last && this.turn.role === 'assistant' && this.turn.status !== 'streaming' && this.turn.status !== 'error') {
      this.footer.append(button({ icon: 'refresh', label: 'Regenerate', action: 'regenerate', iconOnly: true }));
    }
  }

  private renderState(): void {
    this.element.classList.toggle('streaming', this.turn.status === 'streaming');
    this.element.setAttribute('aria-busy', String(this.turn.status === 'streaming'));
    this.footer.querySelector('.turn-state')?.remove();
    const { status, error } = this.turn;
    if (status === 'streaming' || (status === 'done' && !error)) return;
    const state = h('div', { class: `turn-state turn-${status}`, role: status === 'error' ? 'alert' : undefined });
    if (status === 'stopped' && !error) {
      state.append(icon('debug-stop'), ' Stopped. The answer above is what arrived.');
    } else if (error) {
      state.append(icon(status === 'error' ? 'error' : 'warning'), ` ${error.message}`);
      const action = error.action ? ERROR_ACTION_LABELS[error.action] : undefined;
      if (error.action && action) {
        const actionButton = button({ icon: action.icon, label: action.label, action: 'error-action', kind: 'secondary' });
        actionButton.dataset['errorAction'] = error.action;
        state.append(' ', actionButton);
      }
    }
    this.footer.prepend(state);
  }
}
