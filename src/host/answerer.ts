// Asks the model for the answer to a conversation's last question: finds the server, fills the context window by
// priority, replaces secrets, streams the answer into the session, and ends it as done, stopped or failed with an
// action. Shared by the chat view and the inline explanations, which differ only in where the answer is shown.
import type * as vscode from 'vscode';
import type { ChatSession } from '../core/chat/session';
import { buildPrompt, DEFAULT_CONTEXT_WINDOW, estimateTokens, leftOutNote } from '../core/chat/prompt';
import { SYSTEM_PROMPT, withInstructions } from '../core/chat/systemPrompt';
import { SUMMARY_INSTRUCTION, transcriptFor } from '../core/chat/compact';
import type { Redaction, Turn, TurnError } from '../core/chat/conversation';
import type { BudgetView, WaitingView } from '../core/protocol';
import type { ChatMessage, StreamOutcome } from '../core/model/types';
import { costOf, priceFor } from '../core/model/usage';
import { withContext } from '../core/context/items';
import type { ContextItem } from '../core/context/items';
import { loadModelClient } from './modelClient';
import type { ModelClient } from './modelClient';
import type { Config } from './config';
import type { ModelConnection } from './connection';
import type { TokenCounter } from './tokenCounter';

/**
 * How many texts the token and redaction memos keep. A text can be a question with a whole file attached
 * (tens of kilobytes), so the memos start afresh past this rather than grow with a long session.
 */
const MEMO_LIMIT = 300;

/** What a conversation remembers of what it sent: the context each question carried, and the text that went. */
export class ConversationMemory {
  /** The context each question was asked with (fitted to the budget again on Regenerate). */
  readonly questionContext = new Map<string, readonly ContextItem[]>();
  /** Each earlier question as it was sent, with the context that fitted (for follow-ups). */
  readonly sentText = new Map<string, string>();
  /** The messages exactly as sent for each answer (secrets replaced), by answer id: what a correction learns from. */
  readonly sentMessages = new Map<string, readonly ChatMessage[]>();

  clear(): void {
    this.questionContext.clear();
    this.sentText.clear();
    this.sentMessages.clear();
  }
}

export interface AnswerHooks {
  readonly signal: AbortSignal;
  /** How much of the context window the request takes, once worked out. */
  onBudget?(budget: BudgetView): void;
  /** Secrets were replaced in the question (the turn carries which lines). */
  onRedactions?(question: Turn): void;
  /** The answer turn exists (empty, streaming, or already failed when no server could be found). */
  onStart(answer: Turn): void;
  /** More text arrived; the session has it already. */
  onDelta(text: string): void;
  /** More reasoning arrived; the session has it already. */
  onReasoning?(text: string): void;
  /** The server asked to wait (undefined: no longer waiting). */
  onWaiting?(waiting: WaitingView | undefined): void;
}

export class Answerer {
  /** Token counts of texts already counted (questions and answers do not change once sent). */
  private readonly tokenCounts = new Map<string, number>();
  /** Outgoing texts already scanned for secrets, with what the scan made of them. */
  private readonly redacted = new Map<string, { readonly text: string; readonly redactions: readonly Redaction[] }>();
  /** Base URLs of servers that refused `stream_options`: asked without it from then on. */
  private readonly refusesUsage = new Set<string>();

  constructor(
    private readonly deps: {
      readonly config: Config;
      readonly connection: ModelConnection;
      readonly tokens: TokenCounter;
      readonly log: vscode.LogOutputChannel;
    },
  ) {}

  /** Answers the session's last question; resolves with the ended answer turn. */
  async answer(session: ChatSession, memory: ConversationMemory, hooks: AnswerHooks): Promise<Turn | undefined> {
    const resolved = await this.deps.connection.resolve();
    if (!resolved.endpoint) {
      hooks.onStart(session.startAnswer(undefined));
      return session.endAnswer('error', resolved.error);
    }
    const endpoint = resolved.endpoint;
    const settings = this.deps.config.read();
    const turns = session.promptTurns().map((t) => {
      const sent = memory.sentText.get(t.id);
      return sent === undefined ? t : { ...t, text: sent };
    });
    const question = session.lastQuestion();
    const asked = (question && memory.questionContext.get(question.id)) ?? [];
    // The project's instructions go with the system prompt (and are counted there), not with the question.
    const system = withInstructions(SYSTEM_PROMPT, asked.filter((c) => c.kind === 'instructions' && c.excluded === undefined));
    const context = asked.filter((c) => c.kind !== 'instructions');
    const exact = await this.countTokens([system, ...turns.map((t) => t.text), ...context.map((c) => c.text)]);
    const contextWindow = settings.contextWindow ?? (await this.deps.connection.contextWindow(endpoint)) ?? DEFAULT_CONTEXT_WINDOW;
    const { messages, omittedTurns, usedTokens, availableTokens, sentContext, leftOut } = buildPrompt(
      system,
      turns,
      { contextWindow, maxOutputTokens: settings.maxOutputTokens },
      (text) => this.tokenCounts.get(text) ?? estimateTokens(text),
      context,
    );
    if (question) memory.sentText.set(question.id, withContext(question.text, sentContext));
    const note = leftOutNote(omittedTurns, leftOut);
    if (note) this.deps.log.info(`${note} (${contextWindow} tokens, ${settings.maxOutputTokens} kept for the answer).`);
    hooks.onBudget?.({ used: usedTokens, available: availableTokens, omitted: omittedTurns, exact, leftOut });
    const client = await loadModelClient();
    const outgoing = await this.redact(messages, client.redactSecrets);
    // The note on the question speaks of the person's own text; the editor context sent with it is cleaned too.
    const own = question ? await this.redactOnce(question.text, client.redactSecrets) : undefined;
    const noted = question && own ? session.noteRedactions(question.id, own.redactions) : undefined;
    if (noted?.redactions) {
      hooks.onRedactions?.(noted);
      this.deps.log.info(`Removed ${noted.redactions.length} secret(s) from the question before sending it.`);
    }

    const answer = session.startAnswer(endpoint.model || undefined);
    memory.sentMessages.set(answer.id, outgoing);
    hooks.onStart(answer);
    const started = Date.now();
    let waiting = false;
    let outcome: StreamOutcome;
    try {
      outcome = await client.streamChat(endpoint, {
        messages: outgoing,
        maxTokens: settings.maxOutputTokens,
        temperature: settings.temperature,
        signal: hooks.signal,
        idleTimeoutMs: settings.requestTimeoutSeconds * 1000,
        includeUsage: !this.refusesUsage.has(endpoint.baseUrl),
        onDelta: (text) => {
          if (waiting) {
            waiting = false;
            hooks.onWaiting?.(undefined);
          }
          session.appendToAnswer(text);
          hooks.onDelta(text);
        },
        onReasoning: (text) => {
          if (waiting) {
            waiting = false;
            hooks.onWaiting?.(undefined);
          }
          session.appendReasoning(text);
          hooks.onReasoning?.(text);
        },
        onWaiting: ({ secondsLeft, reason }) => {
          waiting = true;
          hooks.onWaiting?.({ secondsLeft, reason });
        },
      });
    } catch (err) {
      // streamChat resolves for every failure it knows; this is a bug, reported as one.
      outcome = { kind: 'error', text: '', error: { kind: 'unknown', message: 'Something went wrong in Parley; see the Parley log.', action: 'retry' }, detail: String(err) };
    }
    if (outcome.usageRefused) {
      this.refusesUsage.add(endpoint.baseUrl);
      this.deps.log.info(`${endpoint.baseUrl} refused stream_options; asking without it from now on (no token usage).`);
    }
    return this.finish(session, outcome, Date.now() - started, endpoint.model);
  }

  /**
   * Asks the model for a summary of `covered` (Summarize and continue). Resolves with its text, or with why there
   * is none, in words for the person. The reasoning of a reasoning model is left out of the summary.
   */
  async summarize(covered: readonly Turn[], signal: AbortSignal): Promise<{ readonly text: string; readonly model: string } | { readonly error: string }> {
    const resolved = await this.deps.connection.resolve();
    if (!resolved.endpoint) return { error: resolved.error.message };
    const endpoint = resolved.endpoint;
    const settings = this.deps.config.read();
    const contextWindow = settings.contextWindow ?? (await this.deps.connection.contextWindow(endpoint)) ?? DEFAULT_CONTEXT_WINDOW;
    const room = Math.max(256, contextWindow - settings.maxOutputTokens - estimateTokens(SUMMARY_INSTRUCTION));
    const transcript = transcriptFor(covered, room, estimateTokens);
    if (transcript.left > 0) this.deps.log.info(`Summarizing: the ${transcript.left} oldest message(s) did not fit and were left out of the summary.`);
    const client = await loadModelClient();
    const messages = await this.redact([{ role: 'system', content: SUMMARY_INSTRUCTION }, { role: 'user', content: transcript.text }], client.redactSecrets);
    const outcome = await client.streamChat(endpoint, {
      messages,
      maxTokens: settings.maxOutputTokens,
      temperature: settings.temperature,
      signal,
      idleTimeoutMs: settings.requestTimeoutSeconds * 1000,
      includeUsage: false,
      onDelta: () => undefined,
    });
    if (outcome.kind === 'done' && outcome.text.trim() !== '') return { text: outcome.text, model: endpoint.model };
    if (outcome.kind === 'error') {
      this.deps.log.error(`Summarizing with ${endpoint.model} failed: ${outcome.detail}`);
      return { error: outcome.error.message };
    }
    if (outcome.kind === 'stopped') return { error: outcome.error?.message ?? 'Summarizing was stopped; nothing changed.' };
    return { error: 'The model gave no summary; nothing changed.' };
  }

  /** Counts the texts not counted yet; false when the counts had to be estimates. */
  private async countTokens(texts: readonly string[]): Promise<boolean> {
    const missing = [...new Set(texts.filter((t) => !this.tokenCounts.has(t)))];
    if (missing.length === 0) return true;
    const { counts, exact } = await this.deps.tokens.count(missing);
    if (!exact) return false;
    if (this.tokenCounts.size > MEMO_LIMIT) this.tokenCounts.clear();
    missing.forEach((text, i) => this.tokenCounts.set(text, counts[i] ?? estimateTokens(text)));
    return true;
  }

  /**
   * Every message, the system prompt too (it carries the project's instructions), with secrets replaced by
   * placeholders. Results are remembered by text, so a long conversation is scanned once, not on every request.
   */
  private async redact(messages: readonly ChatMessage[], redactSecrets: ModelClient['redactSecrets']): Promise<ChatMessage[]> {
    const out: ChatMessage[] = [];
    for (const message of messages) out.push({ role: message.role, content: (await this.redactOnce(message.content, redactSecrets)).text });
    return out;
  }

  private async redactOnce(text: string, redactSecrets: ModelClient['redactSecrets']): Promise<{ readonly text: string; readonly redactions: readonly Redaction[] }> {
    let redacted = this.redacted.get(text);
    if (!redacted) {
      redacted = await redactSecrets(text);
      if (this.redacted.size > MEMO_LIMIT) this.redacted.clear();
      this.redacted.set(text, redacted);
    }
    return redacted;
  }

  private finish(session: ChatSession, outcome: StreamOutcome, ms: number, model: string): Turn | undefined {
    const price = priceFor(this.deps.config.read().prices, model);
    const facts = { usage: outcome.usage, elapsedMs: ms, cost: outcome.usage && price ? costOf(outcome.usage, price) : undefined };
    switch (outcome.kind) {
      case 'done': {
        const thought = outcome.reasoning ?? '';
        this.deps.log.info(
          `Answer from ${model} in ${ms} ms (${outcome.text.length} characters, ${thought.length} of reasoning, finish: ${outcome.finishReason ?? '?'}).`,
        );
        return session.endAnswer('done', thought !== '' && outcome.text.trim() === '' ? onlyReasoned(outcome.finishReason) : undefined, facts);
      }
      case 'stopped':
        this.deps.log.info(outcome.by === 'user' ? 'Answer stopped by the user.' : `Answer stopped: no data for ${ms} ms.`);
        return session.endAnswer('stopped', outcome.error, facts);
      case 'error':
        this.deps.log.error(`Request to ${model} failed: ${outcome.detail}`);
        return session.endAnswer('error', outcome.error, facts);
    }
  }
}

/** A reasoning model that thought and never answered: most often it ran out of output tokens mid-thought. */
function onlyReasoned(finishReason: string | undefined): TurnError {
  const message =
    finishReason === 'length'
      ? 'The model used all its output tokens thinking and gave no answer. Raise parley.maxOutputTokens, or ask a narrower question.'
      : 'The model finished thinking without giving an answer. Its reasoning is above; Regenerate to ask again.';
  return { kind: 'bad-response', message, action: finishReason === 'length' ? 'open-settings' : 'retry' };
}
