// The `#` picker: typing # in the input lists files, #selection, #problems, #changes and symbols that match
// what follows, as a listbox above the input (the input stays a combobox, focus never leaves it). Up/Down move,
// Enter or Tab adds the entry as a chip, Escape closes; a click works too. The list floats over the conversation,
// its bottom just above the chips and the input (never over them), like VS Code's suggest widget.
import type { PickEntry, WebviewToHost } from '../core/protocol';
import { h, icon } from './dom';
import { hashQueryAt } from './keys';
import { KIND_ICONS } from './chips';

/** Typing settles this long before the host is asked (each answer may search symbols). */
const QUERY_DELAY_MS = 60;
/** Space kept between the list and the top of the view, and between the list and what it opens above. */
const GAP_PX = 4;

/** What a picker completes: `#` context (the default), or another token such as a slash command. */
export interface PickerSource {
  /** The token typed at the cursor (its trigger character at `start`), or undefined. */
  tokenAt(text: string, cursor: number): { readonly start: number; readonly query: string } | undefined;
  /** The message that asks the host what matches. */
  query(requestId: number, query: string): WebviewToHost;
  /** Choosing an entry: the text that replaces the token, and a message to post, or to keep completing. */
  choose(entry: PickEntry): { readonly replace: string; readonly post?: WebviewToHost; readonly keepOpen?: boolean };
}

/** The `#` picker's: files and the other context, added as chips. */
const CONTEXT_SOURCE: PickerSource = {
  tokenAt: hashQueryAt,
  query: (requestId, query) => ({ type: 'picker/query', requestId, query }),
  choose: (entry) => (entry.ref === 'symbol-mode' ? { replace: '#symbol:', keepOpen: true } : { replace: '', post: { type: 'context/add', ref: entry.ref } }),
};

export class ContextPickerView {
  private entries: readonly PickEntry[] = [];
  private active = 0;
  private requestId = 0;
  private token: { readonly start: number; readonly query: string } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly list: HTMLElement,
    private readonly post: (message: WebviewToHost) => void,
    private readonly onChange: () => void,
    private readonly source: PickerSource = CONTEXT_SOURCE,
  ) {
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    list.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the input
    list.addEventListener('click', (event) => {
      const option = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (option) this.choose(Number(option.dataset['index']));
    });
    input.addEventListener('blur', () => this.close());
    window.addEventListener('resize', () => {
      if (this.isOpen) this.place();
    });
  }

  get isOpen(): boolean {
    return !this.list.hidden;
  }

  /** After each edit or cursor move: open, update or close the list for the `#word` at the cursor. */
  update(): void {
    const token = this.input.selectionStart === this.input.selectionEnd ? this.source.tokenAt(this.input.value, this.input.selectionStart) : undefined;
    if (!token) {
      this.close();
      return;
    }
    if (this.token?.query === token.query && this.token.start === token.start) return;
    this.token = token;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.post(this.source.query(++this.requestId, token.query)), this.isOpen ? QUERY_DELAY_MS : 0);
  }

  /** The host's answer; stale ones (the person kept typing) are ignored. */
  results(requestId: number, entries: readonly PickEntry[], note: string | undefined): void {
    if (requestId !== this.requestId || !this.token) return;
    this.entries = entries;
    this.active = 0;
    this.render(note);
  }

  /** Keys while the list is open; true when the key was the picker's. */
  keydown(event: KeyboardEvent): boolean {
    if (!this.isOpen) return false;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (this.entries.length === 0) return true;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.active = (this.active + step + this.entries.length) % this.entries.length;
        this.render(undefined);
        return true;
      }
      case 'Enter':
      case 'Tab':
        if (event.shiftKey || this.entries.length === 0) return false;
        this.choose(this.active);
        return true;
      case 'Escape':
        this.close();
        return true;
      default:
        return false;
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.token = undefined;
    this.entries = [];
    this.requestId++;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private choose(index: number): void {
    const entry = this.entries[index];
    const token = this.token;
    if (!entry || !token) return;
    const end = token.start + 1 + token.query.length;
    const chosen = this.source.choose(entry);
    this.replaceToken(token.start, end, chosen.replace);
    if (chosen.keepOpen) {
      this.token = undefined;
      this.update();
      return;
    }
    this.close();
    if (chosen.post) this.post(chosen.post);
  }

  private replaceToken(start: number, end: number, text: string): void {
    const value = this.input.value;
    this.input.value = value.slice(0, start) + text + value.slice(end);
    this.input.setSelectionRange(start + text.length, start + text.length);
    this.onChange();
  }

  private render(note: string | undefined): void {
    const options = this.entries.map((entry, i) => {
      const label = h('span', { class: 'pick-label' }, ...highlighted(entry.label, entry.positions));
      const path = entry.description === '' ? entry.label : `${entry.description}/${entry.label}`;
      const title = entry.withheld ? `${path}: ${entry.withheld}; its text is never sent` : entry.kind === 'file' ? path : `${entry.label}: ${entry.description}`;
      return h(
        'div',
        {
          id: `pick-${i}`,
          class: `pick${i === this.active ? ' active' : ''}${entry.withheld ? ' pick-withheld' : ''}`,
          role: 'option',
          'aria-selected': String(i === this.active),
          'aria-label': entry.withheld ? `${entry.label}, withheld: ${entry.withheld}` : undefined,
          title,
          'data-index': String(i),
        },
        icon(entry.withheld ? 'lock' : KIND_ICONS[entry.kind]),
        label,
        h('span', { class: 'pick-description' }, entry.description),
        ...(entry.withheld ? [h('span', { class: 'pick-reason' }, entry.withheld)] : []),
      );
    });
    const message = note ?? (this.entries.length === 0 ? 'Nothing matches.' : undefined);
    this.list.replaceChildren(...options, ...(message ? [h('div', { class: 'pick-note', role: 'presentation' }, message)] : []));
    this.list.hidden = false;
    this.place();
    // Two pickers share the input (# and /): it controls the one open now.
    this.input.setAttribute('aria-controls', this.list.id);
    this.input.setAttribute('aria-expanded', 'true');
    if (options.length > 0) {
      this.input.setAttribute('aria-activedescendant', `pick-${this.active}`);
      options[this.active]?.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  /**
   * Puts the list's bottom just above the first thing shown below it (the chips, else the input) and lets it
   * grow upward over the conversation as far as the top of the view.
   */
  private place(): void {
    let below: Element | null = this.list.nextElementSibling;
    while (below && (below.classList.contains('picker') || below.getBoundingClientRect().height === 0)) below = below.nextElementSibling;
    const top = (below ?? this.input).getBoundingClientRect().top;
    this.list.style.setProperty('--picker-bottom', `${Math.max(0, window.innerHeight - top + GAP_PX)}px`);
    this.list.style.setProperty('--picker-room', `${Math.max(0, top - 2 * GAP_PX)}px`);
  }
}

/** The label with the matched characters in bold. */
function highlighted(label: string, positions: readonly number[]): (Node | string)[] {
  if (positions.length === 0) return [label];
  const marked = new Set(positions);
  const parts: (Node | string)[] = [];
  let run = '';
  let runMarked = false;
  for (let i = 0; i <= label.length; i++) {
    const isMarked = marked.has(i);
    if (i === label.length || isMarked !== runMarked) {
      if (run) parts.push(runMarked ? h('b', {}, run) : run);
      run = '';
      runMarked = isMarked;
    }
    if (i < label.length) run += label[i];
  }
  return parts;
}
