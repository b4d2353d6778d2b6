// One conversation at a time, end to end: takes what the person does in the view, asks the model, streams the
// answer back as small deltas, and saves the conversation after every change that matters. Nothing the person
// typed is lost: a question is saved before the model is asked, and a failed answer keeps it, with Retry.
import * as vscode from 'vscode';
import { ChatSession } from '../core/chat/session';
import { newId } from '../core/chat/ids';
import { DeltaBatcher } from '../core/chat/deltaBatcher';
import { buildPrompt, DEFAULT_CONTEXT_WINDOW, estimateTokens, leftOutNote } from '../core/chat/prompt';
import { SYSTEM_PROMPT } from '../core/chat/systemPrompt';
import { loadModelClient } from './modelClient';
import type { ModelClient } from './modelClient';
import type { HistoryStore } from '../core/chat/historyStore';
import type { Conversation, Redaction, Turn, TurnError } from '../core/chat/conversation';
import type { BudgetView, HostToWebview, ViewSnapshot, WaitingView } from '../core/protocol';
import type { ChatMessage, StreamOutcome } from '../core/model/types';
import type { Config } from './config';
import type { ModelConnection } from './connection';
import type { TokenCounter } from './tokenCounter';
import type { ContextCollector } from './contextCollector';
import { withContext } from '../core/context/items';
import type { ContextItem } from '../core/context/items';
import type { ProposalController } from './proposals';

export interface ChatControllerDeps {
  readonly config: Config;
  readonly connection: ModelConnection;
  readonly store: HistoryStore;
  readonly log: vscode.LogOutputChannel;
  readonly extensionVersion: string;
  readonly tokens: TokenCounter;
  readonly context: ContextCollector;
  readonly proposals: ProposalController;
}

/**
 * How many texts the token and redaction memos keep. A text can be a question with a whole file attached
 * (tens of kilobytes), so the memos start afresh past this rather than grow with a long session.
 */
const MEMO_LIMIT = 300;

export class ChatController implements vscode.Disposable {
  private session = new ChatSession(newId());
  private abort: AbortController | undefined;
  private waiting: WaitingView | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** The conversation last recorded as open in the store, so it is written only when it changes. */
  private recordedActive: string | undefined;
  /** Token counts of texts already counted (questions and answers do not change once sent). */
  private readonly tokenCounts = new Map<string, number>();
  private budget: BudgetView | undefined;
  /** The context each question was asked with (fitted to the budget again on Regenerate). */
  private readonly questionContext = new Map<string, ContextItem[]>();
  /** Each earlier question as it was sent, with the context that fitted (for follow-ups). */
  private readonly sentText = new Map<string, string>();
  /** Outgoing texts already scanned for secrets, with what the scan made of them. */
  private readonly redacted = new Map<string, { readonly text: string; readonly redactions: readonly Redaction[] }>();
  private readonly posted = new vscode.EventEmitter<HostToWebview>();
  /** Every message meant for the view (the view provider delivers it when the view is there). */
  readonly onDidPost = this.posted.event;
  private readonly subscriptions: vscode.Disposable[] = [this.posted];
  private readonly answered = new vscode.EventEmitter<Conversation>();
  /** Fires when an answer has ended (done, stopped or failed) and the conversation is saved. */
  readonly onDidAnswer = this.answered.event;

  constructor(private readonly deps: ChatControllerDeps) {
    this.subscriptions.push(
      this.answered,
      deps.connection.onDidChange((connection) => this.post({ type: 'connection', connection })),
      deps.context.onDidChange(() => this.post({ type: 'context', chips: deps.context.chips() })),
      deps.proposals.onDidChange(({ conversationId, view }) => {
        if (conversationId === this.session.id) this.post({ type: 'proposal', proposal: view });
      }),
    );
  }

  /** Reopens the conversation that was open before the window reloaded, if it is still there. */
  async restore(): Promise<void> {
    const id = await this.deps.store.getActive();
    if (!id) return;
    try {
      const saved = await this.deps.store.load(id);
      if (saved && this.session.isEmpty) this.session = ChatSession.fromConversation(saved);
    } catch (err) {
      this.deps.log.warn(`Could not reopen the last conversation: ${String(err)}`);
    }
  }

  get conversation(): Conversation {
    return this.session.snapshot();
  }

  get isBusy(): boolean {
    return this.session.isStreaming;
  }

  snapshot(): ViewSnapshot {
    const conversation = this.session.snapshot();
    return {
      extensionVersion: this.deps.extensionVersion,
      connection: this.deps.connection.view,
      conversationId: conversation.id,
      title: conversation.title,
      turns: conversation.turns,
      busy: this.session.isStreaming,
      waiting: this.waiting,
      budget: this.budget,
      chips: this.deps.context.chips(),
      proposals: this.deps.proposals.views(conversation.id),
    };
  }

  async send(text: string): Promise<void> {
    const question = text.trim();
    if (question === '' || this.session.isStreaming) return;
    const context = await this.deps.context.takeForQuestion();
    if (this.session.isStreaming) return;
    const turn = this.session.addQuestion(question);
    this.questionContext.set(turn.id, context);
    this.post({ type: 'turn/add', turn });
    // The question goes to disk while the model is asked: saving must not delay the first token.
    void this.save();
    await this.answer();
  }

  stop(): void {
    this.abort?.abort();
  }

  /** Regenerate the last answer, or Retry after a failure: ask the last question again. */
  async regenerate(): Promise<void> {
    if (this.session.isStreaming || !this.session.dropAnswersAfterLastQuestion()) return;
    this.postSnapshot();
    await this.answer();
  }

  async edit(turnId: string, text: string): Promise<void> {
    if (this.session.isStreaming || text.trim() === '') return;
    const context = await this.deps.context.takeForQuestion();
    const question = this.session.replaceQuestion(turnId, text.trim());
    if (!question) return;
    this.questionContext.set(question.id, context);
    this.sentText.delete(question.id);
    this.postSnapshot();
    void this.save();
    await this.answer();
  }

  newChat(): void {
    this.stop();
    this.session = new ChatSession(newId());
    this.sentText.clear();
    this.questionContext.clear();
    this.budget = undefined;
    this.recordedActive = undefined;
    this.deps.context.clearAdded();
    void this.deps.store.setActive(undefined).catch((err: unknown) => this.deps.log.warn(`Could not note the new chat: ${String(err)}`));
    this.postSnapshot();
    this.post({ type: 'input/focus' });
  }

  /** Shows a saved conversation in the view. */
  async open(id: string): Promise<boolean> {
    if (id === this.session.id) return true;
    const saved = await this.deps.store.load(id);
    if (!saved) return false;
    this.stop();
    await this.saving;
    this.session = ChatSession.fromConversation(saved);
    this.sentText.clear();
    this.questionContext.clear();
    this.budget = undefined;
    await this.deps.store.setActive(id);
    this.recordedActive = id;
    this.postSnapshot();
    return true;
  }

  /** The conversation was renamed or deleted from the history list. */
  forget(id: string): void {
    if (id === this.session.id) this.newChat();
  }

  renamed(id: string, title: string): void {
    if (id !== this.session.id) return;
    this.session.rename(title);
    this.postSnapshot();
  }

  postSnapshot(): void {
    this.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  /**
   * Asks the model to answer the last question of the conversation open now. The answer belongs to that
   * conversation even if the person opens another meanwhile: it is finished and saved there, and only shown
   * while that conversation is the one in the view.
   */
  private async answer(): Promise<void> {
    const session = this.session;
    const post = (message: HostToWebview) => {
      if (session === this.session) this.post(message);
    };
    const resolved = await this.deps.connection.resolve();
    if (!resolved.endpoint) {
      this.fail(session, resolved.error, post);
      await this.save(session);
      return;
    }
    const endpoint = resolved.endpoint;
    const settings = this.deps.config.read();
    const turns = session.promptTurns().map((t) => {
      const sent = this.sentText.get(t.id);
      return sent === undefined ? t : { ...t, text: sent };
    });
    const lastQuestion = session.lastQuestion();
    const context = (lastQuestion && this.questionContext.get(lastQuestion.id)) ?? [];
    const exact = await this.countTokens([SYSTEM_PROMPT, ...turns.map((t) => t.text), ...context.map((c) => c.text)]);
    const contextWindow = settings.contextWindow ?? (await this.deps.connection.contextWindow(endpoint)) ?? DEFAULT_CONTEXT_WINDOW;
    const { messages, omittedTurns, usedTokens, availableTokens, sentContext, leftOut } = buildPrompt(
      SYSTEM_PROMPT,
      turns,
      { contextWindow, maxOutputTokens: settings.maxOutputTokens },
      (text) => this.tokenCounts.get(text) ?? estimateTokens(text),
      context,
    );
    if (lastQuestion) this.sentText.set(lastQuestion.id, withContext(lastQuestion.text, sentContext));
    const note = leftOutNote(omittedTurns, leftOut);
    if (note) this.deps.log.info(`${note} (${contextWindow} tokens, ${settings.maxOutputTokens} kept for the answer).`);
    this.budget = { used: usedTokens, available: availableTokens, omitted: omittedTurns, exact, leftOut };
    post({ type: 'budget', budget: this.budget });
    const client = await loadModelClient();
    const outgoing = await this.redact(messages, client.redactSecrets);
    // The note on the question speaks of the person's own text; the editor context sent with it is cleaned too.
    const question = session.lastQuestion();
    const asked = question ? await this.redactOnce(question.text, client.redactSecrets) : undefined;
    const noted = question && asked ? session.noteRedactions(question.id, asked.redactions) : undefined;
    if (noted?.redactions) {
      post({ type: 'turn/redactions', turnId: noted.id, redactions: noted.redactions });
      this.deps.log.info(`Removed ${noted.redactions.length} secret(s) from the question before sending it.`);
    }

    const turn = session.startAnswer(endpoint.model || undefined);
    post({ type: 'turn/add', turn });
    this.setBusy(undefined);
    const abort = new AbortController();
    this.abort = abort;
    const batcher = new DeltaBatcher((text) => post({ type: 'turn/delta', turnId: turn.id, text }));
    const started = Date.now();
    let outcome: StreamOutcome;
    try {
      outcome = await client.streamChat(endpoint, {
        messages: outgoing.messages,
        maxTokens: settings.maxOutputTokens,
        temperature: settings.temperature,
        signal: abort.signal,
        idleTimeoutMs: settings.requestTimeoutSeconds * 1000,
        onDelta: (text) => {
          if (this.waiting) this.setBusy(undefined);
          session.appendToAnswer(text);
          batcher.push(text);
        },
        onWaiting: ({ secondsLeft, reason }) => this.setBusy({ secondsLeft, reason }),
      });
    } catch (err) {
      // streamChat resolves for every failure it knows; this is a bug, reported as one.
      outcome = { kind: 'error', text: '', error: { kind: 'unknown', message: 'Something went wrong in Parley; see the Parley log.', action: 'retry' }, detail: String(err) };
    }
    batcher.flush();
    if (this.abort === abort) this.abort = undefined;
    const ended = this.finish(session, outcome, Date.now() - started, endpoint.model);
    post({ type: 'turn/end', turnId: turn.id, status: ended?.status ?? 'error', error: ended?.error });
    this.waiting = undefined;
    this.post({ type: 'busy', busy: this.session.isStreaming, waiting: undefined });
    await this.save(session);
    if (ended?.status === 'done') await this.propose(session, ended);
    this.answered.fire(session.snapshot());
  }

  /** Edit blocks in a finished answer become a proposal card under it. Untrusted text: a failure is logged, never thrown. */
  private async propose(session: ChatSession, answer: Turn): Promise<void> {
    try {
      const proposal = await this.deps.proposals.fromAnswer(session.id, answer.id, answer.text);
      if (proposal && session === this.session) this.post({ type: 'proposal', proposal });
    } catch (err) {
      this.deps.log.error(`Could not turn the answer into a proposal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  /** Apply on a code block of an answer in the open conversation. */
  async applyCode(turnId: string, code: string, path: string | undefined): Promise<void> {
    const answer = this.session.snapshot().turns.find((t) => t.id === turnId && t.role === 'assistant');
    if (!answer) return;
    const proposal = await this.deps.proposals.fromCode(this.session.id, turnId, answer.text, code, path);
    if (proposal) this.post({ type: 'proposal', proposal });
    else void vscode.window.showInformationMessage('Parley found no change to make in that code block.');
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
   * Every message but the system prompt, with secrets replaced by placeholders. Results are remembered by text,
   * so a long conversation is scanned once, not on every request.
   */
  private async redact(
    messages: readonly ChatMessage[],
    redactSecrets: ModelClient['redactSecrets'],
  ): Promise<{ messages: ChatMessage[] }> {
    const out: ChatMessage[] = [];
    for (const message of messages) {
      if (message.role === 'system') out.push(message);
      else out.push({ role: message.role, content: (await this.redactOnce(message.content, redactSecrets)).text });
    }
    return { messages: out };
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
    switch (outcome.kind) {
      case 'done':
        this.deps.log.info(`Answer from ${model} in ${ms} ms (${outcome.text.length} characters, finish: ${outcome.finishReason ?? '?'}).`);
        return session.endAnswer('done');
      case 'stopped':
        this.deps.log.info(outcome.by === 'user' ? 'Answer stopped by the user.' : `Answer stopped: no data for ${ms} ms.`);
        return session.endAnswer('stopped', outcome.error);
      case 'error':
        this.deps.log.error(`Request to ${model} failed: ${outcome.detail}`);
        return session.endAnswer('error', outcome.error);
    }
  }

  /** An answer that could not even start: shown as a failed answer under the question, with its action. */
  private fail(session: ChatSession, error: TurnError, post: (message: HostToWebview) => void): void {
    const turn = session.startAnswer(undefined);
    post({ type: 'turn/add', turn });
    session.endAnswer('error', error);
    post({ type: 'turn/end', turnId: turn.id, status: 'error', error });
  }

  private setBusy(waiting: WaitingView | undefined): void {
    this.waiting = waiting;
    this.post({ type: 'busy', busy: this.session.isStreaming, waiting });
  }

  private save(session: ChatSession = this.session): Promise<void> {
    const conversation = session.snapshot();
    const current = session === this.session;
    if (conversation.turns.length === 0) return this.saving;
    // Saves run one after another, so an older snapshot never lands after a newer one.
    this.saving = this.saving.then(async () => {
      try {
        await this.deps.store.save(conversation);
        if (current && this.recordedActive !== conversation.id) {
          await this.deps.store.setActive(conversation.id);
          this.recordedActive = conversation.id;
        }
      } catch (err) {
        this.deps.log.error(`Saving the conversation failed: ${String(err)}`);
        void vscode.window.showErrorMessage(`Parley could not save this conversation: ${String(err)}`);
      }
    });
    return this.saving;
  }

  private post(message: HostToWebview): void {
    this.posted.fire(message);
  }

  dispose(): void {
    this.stop();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
