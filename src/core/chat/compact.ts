// Summarize and continue: when a conversation no longer fits the model's context window, the model condenses the
// older turns into one summary turn, which requests send in their place (in the system message, so the roles
// still alternate for servers whose chat templates insist). The turns themselves stay in the history and on screen.
import type { Turn } from './conversation';

export const SUMMARY_INSTRUCTION = [
  'You condense a conversation between a developer and Parley, a coding assistant, so it can continue without',
  'the full text. Write a summary of at most about 300 words, in Markdown, that keeps: what the developer is',
  'working on and wants; decisions made and why; file paths, function names, error messages and versions named;',
  'code changes proposed or made (briefly); and questions still open. Leave out pleasantries. Do not continue the',
  'conversation or answer anything; write only the summary.',
].join('\n');

/** How the summary is introduced to the model in later requests. */
export const SUMMARY_HEADING = 'Summary of the earlier conversation (its messages are left out):';

/** The turns a summary may stand for now: everything before the last question, from the last summary on. */
export interface CompactionPlan {
  /** Where the summary turn goes: just before the last question. */
  readonly insertAt: number;
  /** The turns it replaces (an earlier summary among them, folded in), oldest first. */
  readonly covered: readonly Turn[];
}

/** Undefined when there is too little to summarize (fewer than two turns before the last question). */
export function compactionPlan(turns: readonly Turn[]): CompactionPlan | undefined {
  const lastQuestion = turns.findLastIndex((t) => t.role === 'user');
  if (lastQuestion < 0) return undefined;
  const lastSummary = turns.slice(0, lastQuestion).findLastIndex((t) => t.summaryOf !== undefined);
  const covered = turns.slice(Math.max(0, lastSummary), lastQuestion).filter((t) => t.status !== 'error' && t.status !== 'streaming');
  const fresh = covered.filter((t) => t.summaryOf === undefined);
  if (fresh.length < 2) return undefined;
  return { insertAt: lastQuestion, covered };
}

/** How many turns a summary over `covered` stands for, the turns an earlier summary stood for included. */
export function coveredCount(covered: readonly Turn[]): number {
  return covered.reduce((n, t) => n + (t.summaryOf ? t.summaryOf.turns : 1), 0);
}

/**
 * The conversation to summarize as one text, newest turns kept when it must be shortened to `maxTokens` (the
 * oldest are the least likely to matter, and an earlier summary comes first anyway).
 */
export function transcriptFor(covered: readonly Turn[], maxTokens: number, tokensOf: (text: string) => number): { readonly text: string; readonly left: number } {
  const parts: string[] = [];
  let room = maxTokens;
  let index = covered.length - 1;
  for (; index >= 0; index--) {
    const turn = covered[index];
    if (!turn) continue;
    const who = turn.summaryOf ? 'Summary of what came before' : turn.role === 'user' ? 'Developer' : 'Parley';
    const part = `## ${who}\n\n${turn.text.trim()}`;
    const cost = tokensOf(part);
    if (cost > room && parts.length > 0) break;
    room -= cost;
    parts.push(part);
  }
  return { text: parts.reverse().join('\n\n'), left: index + 1 };
}

/** The system message with the summary that stands for the turns before it. */
export function withSummary(system: string, summary: string): string {
  return `${system}\n\n${SUMMARY_HEADING}\n\n${summary.trim()}`;
}
