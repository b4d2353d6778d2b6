// Builds the messages for one request: the system prompt, then as much of the conversation as fits, newest
// first, always ending with the question being asked. Token counts here are estimates (about four characters
// a token); the context issue brings a real tokenizer and a visible budget.
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
}

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4) + 4;

export function buildPrompt(system: string, turns: readonly Turn[], budget: PromptBudget): BuiltPrompt {
  let available = budget.contextWindow - budget.maxOutputTokens - estimateTokens(system);
  const kept: ChatMessage[] = [];
  let index = turns.length - 1;
  for (; index >= 0; index--) {
    const turn = turns[index];
    if (!turn) continue;
    const cost = estimateTokens(turn.text);
    // The newest turn (the question) is always sent, even alone over budget: the server will say if it is too long.
    if (cost > available && kept.length > 0) break;
    available -= cost;
    kept.push({ role: turn.role, content: turn.text });
  }
  kept.reverse();
  return { messages: [{ role: 'system', content: system }, ...kept], omittedTurns: index + 1 };
}
