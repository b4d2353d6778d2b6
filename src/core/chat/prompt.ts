// Builds the messages for one request, filling the context window by priority (issue 4): the system prompt and
// the question always; then the question's context, most important first (selection, what the person added,
// the active file, problems, the workspace line); then the conversation, newest first. What does not fit is
// left out and named, never dropped silently. Token counts come from the caller (a real tokenizer in the
// host); the estimate of about four characters a token stands in where there is none.
import type { Turn } from './conversation';
import { contextPriority, withContext } from '../context/items';
import type { ContextItem } from '../context/items';
import type { ChatMessage } from '../model/types';
import { withSummary } from './compact';

export interface PromptBudget {
  /** The model's context window, in tokens. */
  readonly contextWindow: number;
  /** Tokens kept free for the answer. */
  readonly maxOutputTokens: number;
}

export interface BuiltPrompt {
  readonly messages: ChatMessage[];
  /** Earlier turns left out because they did not fit. */
  readonly omittedTurns: number;
  /** The context items sent with the question, in the order given. */
  readonly sentContext: ContextItem[];
  /** Labels of the context items left out because they did not fit. */
  readonly leftOut: string[];
  /** Tokens the messages take. */
  readonly usedTokens: number;
  /** Tokens the messages may take: the window less the room kept for the answer. */
  readonly availableTokens: number;
}

/** When neither the setting nor the server says how large the window is: small enough for a local model's default. */
export const DEFAULT_CONTEXT_WINDOW = 8192;

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4) + 4;

export function buildPrompt(
  system: string,
  turns: readonly Turn[],
  budget: PromptBudget,
  tokensOf: (text: string) => number = estimateTokens,
  context: readonly ContextItem[] = [],
): BuiltPrompt {
  // A summary first stands for the turns before it, and goes with the system prompt (see compact.ts).
  const summary = turns.length > 1 ? turns[0] : undefined;
  if (summary?.summaryOf) {
    system = withSummary(system, summary.text);
    turns = turns.slice(1);
  }
  const availableTokens = Math.max(0, budget.contextWindow - budget.maxOutputTokens);
  let available = availableTokens - tokensOf(system);
  const question = turns[turns.length - 1];
  // The question is always sent, even alone over budget: the server will say if it is too long.
  if (question) available -= tokensOf(question.text);
  const fits = new Set<ContextItem>();
  const leftOut: ContextItem[] = [];
  const sendable = context.filter((item) => item.excluded === undefined && item.text !== '');
  for (const item of [...sendable].sort((a, b) => contextPriority(a) - contextPriority(b))) {
    // Two blank lines join each item to the rest; a smaller, later item may still fit where a big one did not.
    const cost = tokensOf(item.text) + 1;
    if (cost > available) leftOut.push(item);
    else {
      available -= cost;
      fits.add(item);
    }
  }
  const sentContext = sendable.filter((item) => fits.has(item));
  const kept: ChatMessage[] = [];
  if (question) kept.push({ role: question.role, content: withContext(question.text, sentContext) });
  let index = turns.length - 2;
  for (; index >= 0; index--) {
    const turn = turns[index];
    if (!turn) continue;
    const cost = tokensOf(turn.text);
    if (cost > available) break;
    available -= cost;
    kept.push({ role: turn.role, content: turn.text });
  }
  kept.reverse();
  return {
    messages: [{ role: 'system', content: system }, ...kept],
    omittedTurns: Math.max(0, index + 1),
    sentContext,
    leftOut: leftOut.map((item) => item.label),
    usedTokens: availableTokens - available,
    availableTokens,
  };
}

/** "2 older messages and utils.ts left out", or undefined when everything fit. */
export function leftOutNote(omittedTurns: number, leftOut: readonly string[]): string | undefined {
  const parts = [...(omittedTurns > 0 ? [`${omittedTurns} older message${omittedTurns === 1 ? '' : 's'}`] : []), ...leftOut];
  if (parts.length === 0) return undefined;
  const listed = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${listed} left out to fit the context window`;
}
