// The words under an answer and under the input for what answers took: "1.2 s · 312 tokens" with the breakdown
// for a tooltip, and the chat's running total. Pure, so it is tested without a page.
import type { TokenUsage, Turn } from '../core/chat/conversation';
import { addUsage } from '../core/model/usage';

const formatter = new Intl.NumberFormat('en-US');

export interface UsageText {
  /** Short, for the footer. */
  readonly text: string;
  /** Every number there is, for the tooltip and screen readers. */
  readonly detail: string;
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** Costs of a fraction of a cent keep two significant digits; larger ones are shown in cents. */
export function money(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.01) return `$${amount.toPrecision(2)}`;
  return `$${amount.toFixed(2)}`;
}

function breakdown(usage: TokenUsage): string {
  return [
    `${formatter.format(usage.prompt)} prompt`,
    ...(usage.cached ? [`${formatter.format(usage.cached)} of them cached`] : []),
    `${formatter.format(usage.completion)} completion`,
    ...(usage.reasoning ? [`${formatter.format(usage.reasoning)} of them reasoning`] : []),
  ].join(', ');
}

/** The footer of one answer; undefined when nothing is known (an answer saved before Parley measured). */
export function answerUsage(turn: Pick<Turn, 'usage' | 'elapsedMs' | 'cost'>): UsageText | undefined {
  const { usage, elapsedMs, cost } = turn;
  if (usage === undefined && elapsedMs === undefined) return undefined;
  const total = usage ? usage.prompt + usage.completion : undefined;
  const text = [
    ...(elapsedMs !== undefined ? [seconds(elapsedMs)] : []),
    ...(total !== undefined ? [`${formatter.format(total)} tokens`] : []),
    ...(cost !== undefined ? [money(cost)] : []),
  ].join(' · ');
  const detail = [
    ...(elapsedMs !== undefined ? [`Answered in ${seconds(elapsedMs)}.`] : []),
    usage ? `Tokens: ${breakdown(usage)}.` : 'The server did not report token usage.',
    ...(cost !== undefined ? [`Cost: ${money(cost)} at the parley.prices setting.`] : []),
  ].join(' ');
  return { text, detail };
}

/** The whole chat's usage so far; undefined until some answer reported it. */
export function chatUsage(turns: readonly Pick<Turn, 'usage' | 'cost'>[]): UsageText | undefined {
  let usage: TokenUsage | undefined;
  let cost: number | undefined;
  let answers = 0;
  for (const turn of turns) {
    if (turn.usage) {
      usage = usage ? addUsage(usage, turn.usage) : turn.usage;
      answers += 1;
    }
    if (turn.cost !== undefined) cost = (cost ?? 0) + turn.cost;
  }
  if (!usage) return undefined;
  const total = formatter.format(usage.prompt + usage.completion);
  const text = `This chat: ${total} tokens${cost !== undefined ? ` · ${money(cost)}` : ''}`;
  const detail = `${answers} answer${answers === 1 ? '' : 's'} so far: ${breakdown(usage)}${cost !== undefined ? `; ${money(cost)}` : ''}.`;
  return { text, detail };
}
