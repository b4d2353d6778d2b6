// A reasoning model's thinking, above its answer: a disclosure (details/summary, so Enter and Space open it and a
// screen reader announces it as one) that is open while the model thinks and folds when the answer starts. The
// text is shown as plain text, never as Markdown: code sketched while thinking gets no Copy, Insert or Apply.
import type { Reasoning } from '../core/chat/conversation';
import { h, icon } from './dom';

export class ThinkingBlock {
  readonly element: HTMLDetailsElement;
  private readonly label: HTMLElement;
  private readonly content: HTMLElement;
  private readonly startedAt = Date.now();
  private ms: number | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  /** The person opened or closed it themselves: the view no longer folds it for them. */
  private touched = false;

  constructor(reasoning: Reasoning, live: boolean) {
    this.label = h('span', { class: 'thinking-label' });
    this.content = h('div', { class: 'thinking-text' }, reasoning.text);
    const summary = h('summary', {}, icon('lightbulb'), this.label);
    this.element = h('details', { class: 'thinking' }, summary, this.content);
    this.ms = reasoning.ms;
    summary.addEventListener('click', () => {
      this.touched = true;
    });
    if (live && reasoning.ms === undefined) {
      this.element.open = true;
      this.element.classList.add('live');
      this.ticker = setInterval(() => this.showLabel(), 1000);
    }
    this.showLabel();
  }

  append(text: string): void {
    this.content.append(text);
  }

  /** The reasoning as it stands, to draw it again later. */
  get reasoning(): Reasoning {
    return { text: this.content.textContent ?? '', ...(this.ms === undefined ? {} : { ms: this.ms }) };
  }

  /** The answer began (or the stream ended): the thinking is over and folds away unless the person chose. */
  settle(ms: number | undefined): void {
    if (this.ticker === undefined && this.ms !== undefined) return;
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.ms = ms ?? Date.now() - this.startedAt;
    this.element.classList.remove('live');
    if (!this.touched) this.element.open = false;
    this.showLabel();
  }

  private showLabel(): void {
    const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;
    if (this.ticker !== undefined) this.label.textContent = ` Thinking… (${seconds(Date.now() - this.startedAt)})`;
    else this.label.textContent = this.ms === undefined ? ' Thinking' : ` Thought for ${seconds(this.ms)}`;
  }
}
