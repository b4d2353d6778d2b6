// Parley: Export Corrections… as JSONL, in the two shapes fine-tuning tools read: chat lines ({"messages": […]},
// the assistant turn being the corrected answer) and conversational preference pairs as TRL reads them
// ({"prompt": […], "chosen": [yours], "rejected": [the model's]}). Every line is checked before it is written:
// roles in order, nothing empty, nothing a secret scanner or the exclusions flag. What is left out is named with a
// reason a person can act on, never dropped silently.
import type { CorrectionExample } from './example';
import { estimateTokens } from '../chat/prompt';
import type { ChatMessage } from '../model/types';

/**
 * What may not leave in an export. Synchronous on purpose: secret scanning is asynchronous in the host, so the host
 * scans every message text of the examples beforehand (prompt messages, modelAnswer, correctedAnswer) and answers
 * from those results.
 */
export interface ExportGuard {
  /** How many secrets the scanner found in this text (0 when none). */
  secrets(text: string): number;
  /** Why this text holds content of an excluded file, or undefined. */
  excluded(text: string): string | undefined;
}

export interface ExportResult {
  /** JSONL: one line per kept example, each ended by \n. */
  readonly text: string;
  readonly written: number;
  /** estimateTokens summed over every message written. */
  readonly tokens: number;
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

/** How a message list must end: a chat line ends with the answer, a preference prompt with the question. */
export interface ValidateOptions {
  readonly last?: 'assistant' | 'user';
}

const ROLE_NAMES: Record<ChatMessage['role'], string> = { system: 'system prompt', user: 'question', assistant: 'answer' };

/**
 * Why these messages cannot be a training line, in words for the person exporting, or undefined when they can: an
 * optional system message first, then the person and the model taking turns starting with the person, ending as
 * `options.last` says (an answer by default); no message empty; none with a secret or excluded content.
 */
export function validateMessages(messages: readonly ChatMessage[], guard: ExportGuard, options: ValidateOptions = {}): string | undefined {
  const last = options.last ?? 'assistant';
  // A record read back from disk may hold anything; checked without narrowing `messages` to any[].
  if (!Array.isArray(messages as unknown) || messages.length === 0) return 'it has no messages';
  for (const [index, message] of messages.entries()) {
    const role: unknown = (message as Partial<ChatMessage> | undefined)?.role;
    const content: unknown = (message as Partial<ChatMessage> | undefined)?.content;
    if (role !== 'system' && role !== 'user' && role !== 'assistant') return `message ${index + 1} has no valid role (system, user or assistant)`;
    if (role === 'system' && index > 0) return 'it has a system prompt after the conversation started';
    const turn = messages[0]?.role === 'system' ? index - 1 : index;
    const expected = turn % 2 === 0 ? 'user' : 'assistant';
    if (role !== 'system' && role !== expected) {
      return turn === 0
        ? 'its conversation starts with an answer instead of a question'
        : `its messages do not take turns (two ${role === 'user' ? 'questions' : 'answers'} in a row)`;
    }
    if (typeof content !== 'string' || content.trim() === '') return `its ${ROLE_NAMES[role]} is empty`;
  }
  const final = messages[messages.length - 1]?.role;
  if (final !== last) return last === 'assistant' ? 'it does not end with an answer' : 'its prompt does not end with a question';
  for (const { role, content } of messages) {
    const secrets = guard.secrets(content);
    if (secrets > 0) {
      return `its ${ROLE_NAMES[role]} contains ${secrets === 1 ? 'something' : `${secrets} things`} the secret scanner flags; delete this correction in the Corrections view`;
    }
    const excluded = guard.excluded(content);
    if (excluded !== undefined) return `its ${ROLE_NAMES[role]} holds text of an excluded file: ${excluded}`;
  }
  return undefined;
}

/** Chat fine-tuning lines: the prompt, then the corrected answer as the assistant's turn. */
export function exportChat(examples: readonly CorrectionExample[], exportGuard: ExportGuard): ExportResult {
  const guard = remembering(exportGuard);
  return exportLines(examples, (example) => {
    if (example.kind === 'rejected') return { skip: 'it was rejected, so it has no answer to learn from' };
    const messages = [...plain(example.messages), { role: 'assistant', content: example.correctedAnswer } as const];
    const reason = validateMessages(messages, guard);
    if (reason !== undefined) return { skip: reason };
    return { line: { messages }, written: messages };
  });
}

/** Preference pairs: chosen is the corrected answer, rejected the model's. */
export function exportPreferences(examples: readonly CorrectionExample[], exportGuard: ExportGuard): ExportResult {
  const guard = remembering(exportGuard);
  return exportLines(examples, (example) => {
    if (example.kind === 'accepted') return { skip: 'it was accepted as proposed, so there is no better answer to prefer' };
    if (example.correctedAnswer === example.modelAnswer) return { skip: 'its corrected answer is the same as the model’s' };
    const prompt = plain(example.messages);
    const chosen = { role: 'assistant', content: example.correctedAnswer } as const;
    const rejected = { role: 'assistant', content: example.modelAnswer } as const;
    const reason =
      validateMessages(prompt, guard, { last: 'user' }) ??
      validateMessages([...prompt, chosen], guard) ??
      validateMessages([...prompt, rejected], guard);
    if (reason !== undefined) return { skip: reason };
    return { line: { prompt, chosen: [chosen], rejected: [rejected] }, written: [...prompt, chosen, rejected] };
  });
}

/** The guard asked once per text: a prompt is checked with each of its answers, and the system prompt recurs in every line. */
function remembering(guard: ExportGuard): ExportGuard {
  const secrets = new Map<string, number>();
  const excluded = new Map<string, string | undefined>();
  return {
    secrets: (text) => {
      let found = secrets.get(text);
      if (found === undefined) secrets.set(text, (found = guard.secrets(text)));
      return found;
    },
    excluded: (text) => {
      if (!excluded.has(text)) excluded.set(text, guard.excluded(text));
      return excluded.get(text);
    },
  };
}

type LineOutcome = { readonly skip: string } | { readonly line: object; readonly written: readonly ChatMessage[] };

function exportLines(examples: readonly CorrectionExample[], lineOf: (example: CorrectionExample) => LineOutcome): ExportResult {
  let text = '';
  let written = 0;
  let tokens = 0;
  const skipped: { id: string; reason: string }[] = [];
  for (const example of examples) {
    const id = typeof example?.id === 'string' ? example.id : '(no id)';
    let outcome: LineOutcome;
    try {
      outcome = lineOf(example);
    } catch {
      // Only a damaged record read back from disk gets here.
      outcome = { skip: 'its record is damaged' };
    }
    if ('skip' in outcome) {
      skipped.push({ id, reason: outcome.skip });
      continue;
    }
    text += `${JSON.stringify(outcome.line)}\n`;
    written++;
    for (const message of outcome.written) tokens += estimateTokens(message.content);
  }
  return { text, written, tokens, skipped };
}

/** Only role and content: nothing else the record may carry goes into a training file. */
function plain(messages: readonly ChatMessage[]): ChatMessage[] {
  return Array.isArray(messages) ? messages.map(({ role, content }) => ({ role, content })) : [];
}
