// The chips above the input: the context the next question carries. Click one to see exactly what it sends;
// × leaves the editor's own out of the next question (or removes one the person added); the pin keeps it for
// the whole conversation. A line under them says when secrets were found and replaced, and of which kinds.
import type { ChipKind, ChipView, WebviewToHost } from '../core/protocol';
import { chipLabel, chipRowSecrets, chipTooltip, secretsText, tokensText } from './chipText';
import { h, icon } from './dom';

/** The codicon for each kind of context, on chips and in the # picker. */
export const KIND_ICONS: Record<ChipKind, string> = {
  file: 'file',
  selection: 'selection',
  problems: 'warning',
  workspace: 'root-folder',
  changes: 'git-compare',
  symbol: 'symbol-method',
  lessons: 'mortar-board',
  instructions: 'book',
  command: 'symbol-event',
};

const formatter = new Intl.NumberFormat('en-US');

function chipIcon(chip: ChipView): string {
  if (chip.state === 'excluded') return 'lock';
  if (chip.state === 'unreadable') return 'circle-slash';
  return KIND_ICONS[chip.kind];
}

function chipButton(chip: ChipView, action: 'toggle' | 'pin', iconName: string, label: string, pressed: boolean): HTMLButtonElement {
  return h(
    'button',
    { type: 'button', class: `chip-${action}`, 'data-chip': chip.id, 'data-chip-action': action, title: label, 'aria-label': label, 'aria-pressed': String(pressed) },
    icon(iconName),
  );
}

function chipElement(chip: ChipView): HTMLElement {
  const withheld = chip.state === 'excluded' || chip.state === 'unreadable';
  const label = chipLabel(chip);
  const counted = chip.tokens === undefined ? [] : [h('span', { class: 'chip-tokens' }, formatter.format(chip.tokens))];
  const shield = chip.secrets > 0 && chip.state === 'kept' ? [icon('shield')] : [];
  const spoken = [label, ...(chip.tokens === undefined ? [] : [tokensText(chip.tokens)]), ...(chip.secrets > 0 ? [secretsText(chip.secrets, chip.secretKinds)] : [])];
  const preview = h(
    'button',
    { type: 'button', class: 'chip-label', 'data-chip': chip.id, 'data-chip-action': 'preview', title: chipTooltip(chip), 'aria-label': spoken.join(', ') },
    icon(chipIcon(chip)),
    h('span', { class: 'chip-name' }, label),
    ...counted,
    ...shield,
  );
  const element = h('div', { class: `chip chip-${chip.state}${chip.pinned ? ' chip-pinned' : ''}${chip.explicit ? ' chip-explicit' : ''}`, role: 'listitem' }, preview);
  if (!withheld && chip.kind !== 'workspace') {
    const pin = chip.pinned ? `Stop sending ${label} with every question` : `Send ${label} with every question of this chat`;
    element.append(chipButton(chip, 'pin', chip.pinned ? 'pinned' : 'pin', pin, chip.pinned));
  }
  const toggle = chip.explicit
    ? `Remove ${label}`
    : chip.state === 'removed'
      ? `Send ${label} with the next question`
      : `Leave ${label} out of the next question`;
  if (chip.explicit || !withheld) element.append(chipButton(chip, 'toggle', chip.state === 'removed' ? 'add' : 'close', toggle, chip.state === 'removed'));
  return element;
}

export class ChipRow {
  constructor(
    private readonly list: HTMLElement,
    private readonly secrets: HTMLElement,
    post: (message: WebviewToHost) => void,
  ) {
    list.addEventListener('click', (event) => {
      const control = (event.target as HTMLElement).closest<HTMLElement>('[data-chip-action]');
      const id = control?.dataset['chip'];
      if (!control || id === undefined) return;
      const action = control.dataset['chipAction'];
      post({ type: action === 'toggle' ? 'context/toggle' : action === 'pin' ? 'context/pin' : 'context/preview', id });
    });
    secrets.addEventListener('click', () => post({ type: 'context/secrets' }));
  }

  show(chips: readonly ChipView[]): void {
    this.list.replaceChildren(...chips.map(chipElement));
    const found = chipRowSecrets(chips);
    this.secrets.hidden = found.count === 0;
    this.secrets.replaceChildren(icon('shield'), ` ${found.text}`);
    this.secrets.title = 'Found in the context and replaced by a placeholder before sending. Click to see which lines.';
  }
}
