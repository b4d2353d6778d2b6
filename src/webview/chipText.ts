// The words of a context chip: the short text on the chip (a name and a bare number) and the tooltip that says
// what the number is, what is sent and which kinds of secrets were taken out. Pure, so it is tested without a page.
import type { ChipView } from '../core/protocol';

const formatter = new Intl.NumberFormat('en-US');

export const tokensText = (tokens: number): string => `${formatter.format(tokens)} token${tokens === 1 ? '' : 's'}`;

/** "2 secrets removed: AWS Access Key ID, GitHub Token": the count and the kinds, never the secrets. */
export function secretsText(count: number, kinds: readonly string[]): string {
  const found = `${count} secret${count === 1 ? '' : 's'} removed`;
  return kinds.length === 0 ? found : `${found}: ${kinds.join(', ')}`;
}

/**
 * What the chip says. The workspace chip says "workspace": its folder's name (often a temporary folder's, in a
 * test or a scratch checkout) reads like a file and is in the tooltip instead.
 */
export function chipLabel(chip: ChipView): string {
  return chip.kind === 'workspace' && chip.state !== 'excluded' ? 'workspace' : chip.label;
}

/** The chip's tooltip, one fact a line. */
export function chipTooltip(chip: ChipView): string {
  const withheld = chip.state === 'excluded' || chip.state === 'unreadable';
  const lines = [chip.kind === 'workspace' ? `Workspace: ${chip.label}. ${chip.detail}` : chip.detail];
  if (chip.tokens !== undefined) lines.push(chip.state === 'removed' ? `${tokensText(chip.tokens)}, left out of the next question` : tokensText(chip.tokens));
  if (chip.secrets > 0) lines.push(`${secretsText(chip.secrets, chip.secretKinds)} (replaced by a placeholder before sending)`);
  if (chip.pinned) lines.push('Pinned: sent with every question of this chat.');
  if (!withheld) lines.push('Click to see exactly what is sent.');
  return lines.join('\n');
}

/** The line under the chips: every secret the kept chips would have carried, each kind once. */
export function chipRowSecrets(chips: readonly ChipView[]): { readonly count: number; readonly text: string } {
  const kept = chips.filter((c) => c.state === 'kept');
  const count = kept.reduce((n, c) => n + c.secrets, 0);
  const kinds = [...new Set(kept.flatMap((c) => c.secretKinds))];
  return { count, text: secretsText(count, kinds) };
}
