// One conversation being had: questions, the answer that is streaming, and the edits a person makes to the
// thread (regenerate, edit and resend). Plain data in and out; the host owns I/O.
import { newId as defaultNewId } from './ids';
import { titleFrom } from './conversation';
import { compactionPlan, coveredCount } from './compact';
import type { CompactionPlan } from './compact';
import type { Conversation, Reasoning, TokenUsage, Turn, TurnError, TurnStatus } from './conversation';

/** What an ended answer records besides its text and status. */
export interface AnswerFacts {
  readonly usage?: TokenUsage | undefined;
  readonly elapsedMs?: number | undefined;
  readonly cost?: number | undefined;
}

export class ChatSession {
  private turns: Turn[];
  private title: string;
  private readonly createdAt: number;
  private updatedAt: number;
  /** The streaming answer's text, in pieces: joining once at the end keeps a long stream linear. */
  private parts: string[] = [];
  private reasoningParts: string[] = [];
  /** When the streaming answer's reasoning began, and how long it took once the answer began. */
  private reasoningStartedAt: number | undefined;
  private reasoningMs: number | undefined;
  private streamingTurn: Turn | undefined;

  constructor(
    readonly id: string,
    initial: Conversation | undefined = undefined,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = defaultNewId,
  ) {
    this.turns = initial ? [...initial.turns] : [];
    this.title = initial?.title ?? 'New chat';
    this.createdAt = initial?.createdAt ?? now();
    this.updatedAt = initial?.updatedAt ?? this.createdAt;
    // A conversation saved mid-stream (a crash, a reload) cannot resume: keep its text, marked as stopped.
    this.turns = this.turns.map((t) => (t.status === 'streaming' ? { ...t, status: 'stopped' } : t));
  }

  static fromConversation(conversation: Conversation, now?: () => number, newId?: () => string): ChatSession {
    return new ChatSession(conversation.id, conversation, now, newId);
  }

  get isStreaming(): boolean {
    return this.streamingTurn !== undefined;
  }

  get isEmpty(): boolean {
    return this.turns.length === 0;
  }

  /** The conversation as it stands, the streaming answer included with the text so far. */
  snapshot(): Conversation {
    const turns = this.streamingTurn
      ? this.turns.map((t) => (t === this.streamingTurn ? this.streamed(t) : t))
      : this.turns.slice();
    return { id: this.id, title: this.title, createdAt: this.createdAt, updatedAt: this.updatedAt, turns };
  }

  rename(title: string): void {
    this.title = title.trim() || this.title;
    this.touch();
  }

  addQuestion(text: string): Turn {
    this.assertIdle();
    const turn: Turn = { id: this.newId(), role: 'user', text, status: 'done', createdAt: this.now() };
    if (!this.turns.some((t) => t.role === 'user')) this.title = titleFrom(text);
    this.turns.push(turn);
    this.touch();
    return turn;
  }

  startAnswer(model: string | undefined): Turn {
    this.assertIdle();
    const turn: Turn = {
      id: this.newId(),
      role: 'assistant',
      text: '',
      status: 'streaming',
      createdAt: this.now(),
      ...(model ? { model } : {}),
    };
    this.turns.push(turn);
    this.parts = [];
    this.reasoningParts = [];
    this.reasoningStartedAt = undefined;
    this.reasoningMs = undefined;
    this.streamingTurn = turn;
    return turn;
  }

  appendToAnswer(text: string): void {
    if (!this.streamingTurn) return;
    // The first answer text ends the thinking: that is the time the view shows.
    if (this.reasoningStartedAt !== undefined && this.reasoningMs === undefined) this.reasoningMs = this.now() - this.reasoningStartedAt;
    this.parts.push(text);
  }

  appendReasoning(text: string): void {
    if (!this.streamingTurn || text === '') return;
    this.reasoningStartedAt ??= this.now();
    this.reasoningParts.push(text);
  }

  endAnswer(status: Exclude<TurnStatus, 'streaming'>, error?: TurnError, facts: AnswerFacts = {}): Turn | undefined {
    const streaming = this.streamingTurn;
    if (!streaming) return undefined;
    if (this.reasoningStartedAt !== undefined) this.reasoningMs ??= this.now() - this.reasoningStartedAt;
    const { usage, elapsedMs, cost } = facts;
    const ended: Turn = {
      ...this.streamed(streaming),
      status,
      ...(error ? { error } : {}),
      ...(usage ? { usage } : {}),
      ...(elapsedMs !== undefined ? { elapsedMs } : {}),
      ...(cost !== undefined ? { cost } : {}),
    };
    this.turns[this.turns.indexOf(streaming)] = ended;
    this.streamingTurn = undefined;
    this.parts = [];
    this.reasoningParts = [];
    this.touch();
    return ended;
  }

  /** The streaming turn with what has arrived: the answer, and the reasoning before it. */
  private streamed(turn: Turn): Turn {
    const thought = this.reasoningParts.join('');
    const reasoning: Reasoning | undefined =
      thought === '' ? undefined : { text: thought, ...(this.reasoningMs !== undefined ? { ms: this.reasoningMs } : {}) };
    // A reasoning model's answer starts after the closing tag's line break; the break is not part of the answer.
    const text = reasoning ? this.parts.join('').trimStart() : this.parts.join('');
    return { ...turn, text, ...(reasoning ? { reasoning } : {}) };
  }

  /** Records the secrets removed from question `turnId` before it was sent. */
  noteRedactions(turnId: string, redactions: Turn['redactions']): Turn | undefined {
    const index = this.turns.findIndex((t) => t.id === turnId);
    const turn = this.turns[index];
    if (!turn || !redactions || redactions.length === 0) return undefined;
    const noted: Turn = { ...turn, redactions };
    this.turns[index] = noted;
    return noted;
  }

  /** The question the next answer replies to: the last user turn. */
  lastQuestion(): Turn | undefined {
    return this.turns.findLast((t) => t.role === 'user');
  }

  /** For Regenerate and Retry: drop the answer(s) after the last question so it can be asked again. */
  dropAnswersAfterLastQuestion(): Turn | undefined {
    this.assertIdle();
    const question = this.lastQuestion();
    if (!question) return undefined;
    this.turns = this.turns.slice(0, this.turns.indexOf(question) + 1);
    this.touch();
    return question;
  }

  /**
   * Edit and resend: the question `turnId` gets `text`, everything after it goes. Returns the new question, or
   * undefined when there is no such question.
   */
  replaceQuestion(turnId: string, text: string): Turn | undefined {
    this.assertIdle();
    const index = this.turns.findIndex((t) => t.id === turnId && t.role === 'user');
    if (index < 0) return undefined;
    this.turns = this.turns.slice(0, index);
    return this.addQuestion(text);
  }

  /**
   * The turns a prompt may draw on: finished questions and answers, without failed answers, and from the last
   * summary on (it stands for everything before it).
   */
  promptTurns(): readonly Turn[] {
    const usable = this.turns.filter((t) => t.status !== 'error' && t.status !== 'streaming');
    return usable.slice(Math.max(0, usable.findLastIndex((t) => t.summaryOf !== undefined)));
  }

  /** What Summarize and continue would replace now, or undefined when there is too little. */
  compactionPlan(): CompactionPlan | undefined {
    return this.streamingTurn ? undefined : compactionPlan(this.turns);
  }

  /**
   * Puts a summary of `plan.covered` just before the last question. The plan must be this session's current one
   * (the turns may not have changed while the model wrote the summary); otherwise nothing happens.
   */
  insertSummary(plan: CompactionPlan, text: string, model: string | undefined): Turn | undefined {
    this.assertIdle();
    const current = compactionPlan(this.turns);
    const same = current && current.insertAt === plan.insertAt && current.covered.every((t, i) => t === plan.covered[i]);
    if (!same || text.trim() === '') return undefined;
    const turn: Turn = {
      id: this.newId(),
      role: 'assistant',
      text: text.trim(),
      status: 'done',
      createdAt: this.now(),
      summaryOf: { turns: coveredCount(plan.covered) },
      ...(model ? { model } : {}),
    };
    this.turns.splice(plan.insertAt, 0, turn);
    this.touch();
    return turn;
  }

  /** The person corrected a summary. False when `turnId` is not a summary. */
  editSummary(turnId: string, text: string): boolean {
    const index = this.turns.findIndex((t) => t.id === turnId && t.summaryOf !== undefined);
    const turn = this.turns[index];
    if (!turn || text.trim() === '') return false;
    this.turns[index] = { ...turn, text: text.trim() };
    this.touch();
    return true;
  }

  /** Removes a summary: the turns it stood for are sent again. */
  removeSummary(turnId: string): boolean {
    const index = this.turns.findIndex((t) => t.id === turnId && t.summaryOf !== undefined);
    if (index < 0) return false;
    this.turns.splice(index, 1);
    this.touch();
    return true;
  }

  private touch(): void {
    this.updatedAt = this.now();
  }

  private assertIdle(): void {
    if (this.streamingTurn) throw new Error('An answer is still streaming; stop it first.');
  }
}
