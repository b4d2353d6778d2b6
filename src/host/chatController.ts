// One conversation at a time, end to end: takes what the person does in the view, asks the model, streams the
// answer back as small deltas, and saves the conversation after every change that matters. Nothing the person
// typed is lost: a question is saved before the model is asked, and a failed answer keeps it, with Retry.
import * as vscode from 'vscode';
import { ChatSession } from '../core/chat/session';
import { newId } from '../core/chat/ids';
import { DeltaBatcher } from '../core/chat/deltaBatcher';
import type { HistoryStore } from '../core/chat/historyStore';
import type { Conversation, Turn } from '../core/chat/conversation';
import type { ChatMessage } from '../core/model/types';
import type { BudgetView, HostToWebview, ProposalView, ViewSnapshot, WaitingView } from '../core/protocol';
import type { ModelConnection } from './connection';
import type { ContextCollector } from './contextCollector';
import type { EditTarget, ProposalController } from './proposals';
import { ConversationMemory } from './answerer';
import type { Answerer } from './answerer';

/** What an answer became: the ended turn, and the proposal made from it, if any. */
export interface Answered {
  readonly answer: Turn;
  readonly proposal: ProposalView | undefined;
}

export interface ChatControllerDeps {
  readonly connection: ModelConnection;
  readonly store: HistoryStore;
  readonly log: vscode.LogOutputChannel;
  readonly extensionVersion: string;
  readonly context: ContextCollector;
  readonly proposals: ProposalController;
  readonly answerer: Answerer;
}

export class ChatController implements vscode.Disposable {
  private session = new ChatSession(newId());
  private abort: AbortController | undefined;
  private waiting: WaitingView | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** The conversation last recorded as open in the store, so it is written only when it changes. */
  private recordedActive: string | undefined;
  private budget: BudgetView | undefined;
  /** A summary of the older turns is being written. */
  private compacting = false;
  /** The stretch of code a refactor question is about, by question id. */
  private readonly targets = new Map<string, EditTarget>();
  /** Runs a slash command typed as the question (false: it is none); set by the slash commands. */
  private slash: ((text: string) => Promise<Answered | undefined | false>) | undefined;
  /** A slash command is running: the questions it asks are asked as they are. */
  private inSlash = false;
  /** What the open conversation sent with each question. */
  private readonly memory = new ConversationMemory();
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
    return this.session.isStreaming || this.compacting;
  }

  snapshot(): ViewSnapshot {
    const conversation = this.session.snapshot();
    return {
      extensionVersion: this.deps.extensionVersion,
      connection: this.deps.connection.view,
      conversationId: conversation.id,
      title: conversation.title,
      turns: conversation.turns,
      busy: this.isBusy,
      waiting: this.waiting,
      budget: this.budget,
      chips: this.deps.context.chips(),
      proposals: this.deps.proposals.views(conversation.id),
    };
  }

  /**
   * Asks a question with the context the chips show. With a target (a refactor command), the answer's code is a
   * proposal for that stretch of that document. Resolves, once the answer has ended, with what it became.
   */
  async send(text: string, target?: EditTarget): Promise<Answered | undefined> {
    const question = text.trim();
    if (question === '' || this.isBusy) return undefined;
    if (!target && this.slash && !this.inSlash && question.startsWith('/')) {
      this.inSlash = true;
      try {
        const ran = await this.slash(question);
        if (ran !== false) return ran;
      } finally {
        this.inSlash = false;
      }
    }
    // The question goes along: `#codebase` in it searches the workspace for what it is about.
    const context = await this.deps.context.takeForQuestion(question);
    if (this.session.isStreaming) return undefined;
    const turn = this.session.addQuestion(question);
    this.memory.questionContext.set(turn.id, context);
    if (target) this.targets.set(turn.id, target);
    this.post({ type: 'turn/add', turn });
    // The question goes to disk while the model is asked: saving must not delay the first token.
    void this.save();
    return this.answer();
  }

  /** Where slash commands typed as a question are run (the view's actions own them). */
  useSlashCommands(run: (text: string) => Promise<Answered | undefined | false>): void {
    this.slash = run;
  }

  stop(): void {
    this.abort?.abort();
  }

  /** Whether Summarize and continue has anything to do in the open conversation. */
  get canCompact(): boolean {
    return !this.isBusy && this.session.compactionPlan() !== undefined;
  }

  /**
   * Summarize and continue (the budget line's button, parley.compactConversation, /compact): the model condenses
   * the turns before the last question into one summary turn, which later requests send in their place. Only ever
   * on the person's request. Resolves with the summary turn, or undefined when nothing changed (a message says why).
   */
  async compact(): Promise<Turn | undefined> {
    if (this.isBusy) return undefined;
    const session = this.session;
    const plan = session.compactionPlan();
    if (!plan) {
      void vscode.window.showInformationMessage('Parley: there are not enough earlier messages to summarize yet.');
      return undefined;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.compacting = true;
    this.post({ type: 'busy', busy: true, waiting: undefined });
    this.post({ type: 'compacting', active: true });
    let summary: Turn | undefined;
    try {
      const result = await this.deps.answerer.summarize(plan.covered, abort.signal);
      if ('error' in result) {
        if (!abort.signal.aborted) void vscode.window.showWarningMessage(`Parley could not summarize the conversation: ${result.error}`);
      } else {
        summary = session.insertSummary(plan, result.text, result.model || undefined);
      }
    } finally {
      if (this.abort === abort) this.abort = undefined;
      this.compacting = false;
    }
    if (summary) {
      this.deps.log.info(`Summarized ${summary.summaryOf?.turns ?? 0} earlier message(s) into one.`);
      if (session === this.session) this.budget = undefined;
      await this.save(session);
    }
    this.post({ type: 'compacting', active: false });
    if (session === this.session) this.postSnapshot();
    return summary;
  }

  /** The person corrected a summary turn. */
  async editSummary(turnId: string, text: string): Promise<void> {
    if (this.isBusy || !this.session.editSummary(turnId, text)) return;
    this.postSnapshot();
    await this.save();
  }

  /** The person removed a summary turn: the turns it stood for are sent again. */
  async removeSummary(turnId: string): Promise<void> {
    if (this.isBusy || !this.session.removeSummary(turnId)) return;
    this.budget = undefined;
    this.postSnapshot();
    await this.save();
  }

  /** Regenerate the last answer, or Retry after a failure: ask the last question again. */
  async regenerate(): Promise<void> {
    if (this.session.isStreaming || !this.session.dropAnswersAfterLastQuestion()) return;
    this.postSnapshot();
    await this.answer();
  }

  async edit(turnId: string, text: string): Promise<void> {
    if (this.session.isStreaming || text.trim() === '') return;
    const context = await this.deps.context.takeForQuestion(text.trim());
    const question = this.session.replaceQuestion(turnId, text.trim());
    if (!question) return;
    this.memory.questionContext.set(question.id, context);
    this.memory.sentText.delete(question.id);
    this.postSnapshot();
    void this.save();
    await this.answer();
  }

  newChat(): void {
    this.stop();
    this.session = new ChatSession(newId());
    this.memory.clear();
    this.targets.clear();
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
    this.memory.clear();
    this.targets.clear();
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
  private async answer(): Promise<Answered | undefined> {
    const session = this.session;
    const question = session.lastQuestion();
    const target = question ? this.targets.get(question.id) : undefined;
    const post = (message: HostToWebview) => {
      if (session === this.session) this.post(message);
    };
    const abort = new AbortController();
    this.abort = abort;
    let batcher: DeltaBatcher | undefined;
    let thinking: DeltaBatcher | undefined;
    let answerId = '';
    const ended = await this.deps.answerer.answer(session, this.memory, {
      signal: abort.signal,
      onBudget: (budget) => {
        if (session === this.session) this.budget = budget;
        post({ type: 'budget', budget });
      },
      onRedactions: (question) => post({ type: 'turn/redactions', turnId: question.id, redactions: question.redactions ?? [] }),
      onStart: (turn) => {
        answerId = turn.id;
        post({ type: 'turn/add', turn });
        this.setBusy(undefined);
        batcher = new DeltaBatcher((text) => post({ type: 'turn/delta', turnId: turn.id, text }));
        thinking = new DeltaBatcher((text) => post({ type: 'turn/reasoning', turnId: turn.id, text }));
      },
      onDelta: (text) => {
        // The view folds the reasoning when the answer starts, so all of it goes first.
        thinking?.flush();
        batcher?.push(text);
      },
      onReasoning: (text) => thinking?.push(text),
      onWaiting: (waiting) => this.setBusy(waiting),
    }).catch((err: unknown) => {
      // A bug, most likely before streaming began: the answer says so with Retry, and nothing is left waiting.
      this.deps.log.error(`Answering failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!session.isStreaming) {
        const turn = session.startAnswer(undefined);
        answerId = turn.id;
        post({ type: 'turn/add', turn });
      }
      return session.endAnswer('error', { kind: 'unknown', message: 'Something went wrong in Parley while asking the model; see the Parley log.', action: 'retry' });
    });
    thinking?.flush();
    batcher?.flush();
    if (this.abort === abort) this.abort = undefined;
    post({
      type: 'turn/end',
      turnId: answerId,
      status: ended?.status ?? 'error',
      error: ended?.error,
      usage: ended?.usage,
      elapsedMs: ended?.elapsedMs,
      cost: ended?.cost,
      reasoningMs: ended?.reasoning?.ms,
    });
    this.waiting = undefined;
    this.post({ type: 'busy', busy: this.session.isStreaming, waiting: undefined });
    await this.save(session);
    const proposal = ended?.status === 'done' ? await this.propose(session, ended, target) : undefined;
    this.answered.fire(session.snapshot());
    return ended ? { answer: ended, proposal } : undefined;
  }

  /** Edit blocks in a finished answer become a proposal card under it. Untrusted text: a failure is logged, never thrown. */
  private async propose(session: ChatSession, answer: Turn, target: EditTarget | undefined): Promise<ProposalView | undefined> {
    try {
      const proposal = target
        ? await this.deps.proposals.fromTarget(session.id, answer.id, answer.text, target, this.sentMessages(answer.id))
        : await this.deps.proposals.fromAnswer(session.id, answer.id, answer.text, this.sentMessages(answer.id));
      if (proposal && session === this.session) this.post({ type: 'proposal', proposal });
      return proposal;
    } catch (err) {
      this.deps.log.error(`Could not turn the answer into a proposal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return undefined;
    }
  }

  /** What was sent for an answer of the open conversation (nothing for one from before a reload). */
  private sentMessages(answerId: string): readonly ChatMessage[] {
    return this.memory.sentMessages.get(answerId) ?? [];
  }

  /** Apply on a code block of an answer in the open conversation. */
  async applyCode(turnId: string, code: string, path: string | undefined): Promise<void> {
    const answer = this.session.snapshot().turns.find((t) => t.id === turnId && t.role === 'assistant');
    if (!answer) return;
    const proposal = await this.deps.proposals.fromCode(this.session.id, turnId, answer.text, code, path, this.sentMessages(turnId));
    if (proposal) this.post({ type: 'proposal', proposal });
    else void vscode.window.showInformationMessage('Parley found no change to make in that code block.');
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
