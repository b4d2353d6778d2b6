// Slash commands in the input: `/` at the start opens the picker (the same component as `#`) over the commands
// the host knows, and once a command is typed the line under the input says what it will send ("/explain · the
// selection in csv.ts, lines 10–24"), kept current while the editor's selection moves.
import type { PickEntry, WebviewToHost } from '../core/protocol';
import { slashQueryAt } from '../core/chat/slashCommands';
import { h } from './dom';
import { ContextPickerView } from './picker';

/** Typing settles this long before the line is asked for again. */
const LINE_DELAY_MS = 80;

export class SlashCommandsView {
  private readonly picker: ContextPickerView;
  private readonly line: HTMLElement;
  /** The line's requests count down from -1, so their answers are told apart from the picker's (from 1 up). */
  private lineRequest = 0;
  private lineText: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly composer: HTMLElement;

  constructor(
    private readonly input: HTMLTextAreaElement,
    contextPicker: HTMLElement,
    composer: HTMLElement,
    private readonly post: (message: WebviewToHost) => void,
    onChange: () => void,
  ) {
    const list = h('div', { id: 'slash-picker', class: 'picker', role: 'listbox', 'aria-label': 'Slash commands', hidden: true });
    contextPicker.after(list);
    // In the page only while a command is typed: the status style shows it even when hidden.
    this.line = h('div', { id: 'slash-line', class: 'status slash-line', role: 'status' });
    this.composer = composer;
    this.picker = new ContextPickerView(input, list, post, onChange, {
      tokenAt: slashQueryAt,
      query: (requestId, query) => ({ type: 'slash/query', requestId, text: `/${query}` }),
      choose: (entry) => ({ replace: `${entry.label} ` }),
    });
  }

  /** After each edit or cursor move. */
  update(): void {
    this.picker.update();
    const text = this.input.value;
    const typed = /^\/[\w.-]+\s/.test(text) ? text.slice(0, 500) : undefined;
    if (typed === undefined) {
      this.hideLine();
      return;
    }
    if (typed === this.lineText) return;
    this.lineText = typed;
    this.ask();
  }

  /** The context changed (another selection, another file): what a command sends may have too. */
  refresh(): void {
    if (this.lineText !== undefined) this.ask();
  }

  keydown(event: KeyboardEvent): boolean {
    return this.picker.keydown(event);
  }

  results(requestId: number, entries: readonly PickEntry[], note: string | undefined): void {
    if (requestId > 0) {
      this.picker.results(requestId, entries, note);
      return;
    }
    if (requestId !== this.lineRequest || this.lineText === undefined) return;
    const entry = entries[0];
    if (!entry) {
      this.line.remove();
      return;
    }
    this.line.textContent = entry.description;
    if (!this.line.isConnected) this.composer.after(this.line);
  }

  private ask(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const text = this.lineText;
      if (text !== undefined) this.post({ type: 'slash/query', requestId: --this.lineRequest, text });
    }, LINE_DELAY_MS);
  }

  private hideLine(): void {
    if (this.timer) clearTimeout(this.timer);
    this.lineText = undefined;
    this.line.remove();
  }
}
