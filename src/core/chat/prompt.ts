// Builds the messages for one request: the system prompt, then as much of the conversation as fits, newest
// first, always ending with the question being asked. Token counts come from the caller (a real tokenizer in
// the host); the estimate of about four characters a token stands in where there is none.
import type { Turn } from './conversation';
import type { ChatMessage } from '../model/types';

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
  /** Tokens the messages take. */
  readonly usedTokens: number;
  /** Tokens the messages may take: the window less the room kept for the answer. */
  readonly availableTokens: number;
}

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4) + 4;

export function buildPrompt(
  system: string,
  turns: readonly Turn[],
  budget: PromptBudget,
  tokensOf: (text: string) => number = estimateTokens,
): BuiltPrompt {
  const availableTokens = Math.max(0, budget.contextWindow - budget.maxOutputTokens);
  let available = availableTokens - tokensOf(system);
  const kept: ChatMessage[] = [];
  let index = turns.length - 1;
  for (; index >= 0; index--) {
    const turn = turns[index];
    if (!turn) continue;
    const cost = tokensOf(turn.text);
    // The newest turn (the question) is always sent, even alone over budget: the server will say if it is too long.
    if (cost > available && kept.length > 0) break;
    available -= cost;
    kept.push({ role: turn.role, content: turn.text });
  }
  kept.reverse();
  return {
    messages: [{ role: 'system', content: system }, ...kept],
    omittedTurns: index + 1,
    usedTokens: availableTokens - available,
    availableTokens,
  };
}
