// Inline explanations, through VS Code's Comments API: Explain streams the model's answer into a comment thread
// anchored at the code. Replying in the thread asks a follow-up in the same conversation with the same context;
// Open in Chat moves that conversation to the sidebar. A thread whose code has changed since says it may be out of
// date, and explaining the same unchanged code again shows the answer already given unless asked anew.
import * as vscode from 'vscode';
import { ChatSession } from '../core/chat/session';
import { newId } from '../core/chat/ids';
import type { Turn } from '../core/chat/conversation';
import type { HistoryStore } from '../core/chat/historyStore';
import { explainQuestion } from '../core/refactor/presets';
import type { ContextItem } from '../core/context/items';
import { ConversationMemory } from './answerer';
import type { Answerer } from './answerer';
import type { ContextCollector } from './contextCollector';
import { scopeItem, scopeOf } from './codeScope';
import type { CodeScope } from './codeScope';

/** Streaming updates to a thread are drawn at most this often (the comment widget re-renders its markdown). */
const DRAW_EVERY_MS = 40;

interface Explanation {
  readonly thread: vscode.CommentThread;
  readonly session: ChatSession;
  readonly memory: ConversationMemory;
  /** The context the first question went with; follow-ups carry the same. */
  readonly context: readonly ContextItem[];
  readonly title: string;
  /** The code as it was explained, to notice when it changes. */
  readonly code: string;
  stale: boolean;
  abort: AbortController | undefined;
}

export class Explanations implements vscode.Disposable {
  private readonly controller = vscode.comments.createCommentController('parley', 'Parley');
  private readonly explanations = new Map<vscode.CommentThread, Explanation>();
  private readonly subscriptions: vscode.Disposable[] = [this.controller];
  private readonly drawn = new vscode.EventEmitter<vscode.CommentThread>();
  /** A thread was drawn again (new text, a new state): the tests and the benchmark watch this. */
  readonly onDidDraw = this.drawn.event;

  constructor(
    private readonly answerer: Answerer,
    private readonly context: ContextCollector,
    private readonly store: HistoryStore,
    private readonly openInChatView: (conversationId: string) => Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.controller.options = { prompt: 'Ask a follow-up…', placeHolder: 'Ask Parley a follow-up about this code' };
    this.subscriptions.push(
      this.drawn,
      vscode.workspace.onDidChangeTextDocument((e) => this.follow(e)),
    );
  }

  /** The threads shown now, for tests: the conversation each holds and whether it may be out of date. */
  threads(): { readonly thread: vscode.CommentThread; readonly turns: readonly Turn[]; readonly stale: boolean }[] {
    return [...this.explanations.values()].map((e) => ({ thread: e.thread, turns: e.session.snapshot().turns, stale: e.stale }));
  }

  /** Parley: Explain: the selection, or the symbol at the cursor. The same unchanged code shows its thread again. */
  async explain(again = false): Promise<vscode.CommentThread | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Parley: open a file and select the code to explain.');
      return undefined;
    }
    const scope = await scopeOf(editor);
    if (!scope) return undefined;
    const code = scope.document.getText(scope.range);
    const known = [...this.explanations.values()].find((e) => e.thread.uri.toString() === scope.document.uri.toString() && e.code === code && !e.stale);
    if (known && !again) {
      known.thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
      vscode.window.setStatusBarMessage('$(comment) Parley: this code is unchanged since it was explained; use Explain Again on the thread for a new answer', 6000);
      return known.thread;
    }
    if (known) this.remove(known.thread);
    return this.start(scope, code);
  }

  private async start(scope: CodeScope, code: string): Promise<vscode.CommentThread> {
    const thread = this.controller.createCommentThread(scope.document.uri, scope.range, []);
    const title = `Parley on ${scope.what}`;
    thread.label = title;
    thread.canReply = true;
    thread.contextValue = 'parley-explanation';
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    // The code explained goes with the editor's context (which then leaves out the same selection).
    this.context.add(scopeItem(scope, this.context.exclusions(scope.document.uri)));
    const context = await this.context.takeForQuestion();
    const explanation: Explanation = { thread, session: new ChatSession(newId()), memory: new ConversationMemory(), context, title, code, stale: false, abort: undefined };
    this.explanations.set(thread, explanation);
    await this.ask(explanation, explainQuestion(scope));
    return thread;
  }

  /** A reply in the thread: a follow-up in the same conversation, with the same context. */
  async reply(reply: vscode.CommentReply): Promise<void> {
    const explanation = this.explanations.get(reply.thread);
    const text = reply.text.trim();
    if (!explanation || text === '') return;
    if (explanation.session.isStreaming) {
      void vscode.window.showInformationMessage('Parley is still answering in this thread; wait for it to finish.');
      return;
    }
    await this.ask(explanation, text);
  }

  /** Asks, and draws the answer into the thread as it streams. */
  private async ask(explanation: Explanation, question: string): Promise<void> {
    const { session, memory, thread } = explanation;
    const turn = session.addQuestion(question);
    memory.questionContext.set(turn.id, explanation.context);
    const abort = new AbortController();
    explanation.abort = abort;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const draw = () => {
      timer = undefined;
      this.draw(explanation);
    };
    this.draw(explanation);
    let first = true;
    const ended = await this.answerer.answer(session, memory, {
      signal: abort.signal,
      onStart: () => this.draw(explanation),
      onDelta: () => {
        // The first words show at once; after that, at most one redraw per interval.
        if (first) {
          first = false;
          this.draw(explanation);
        } else timer ??= setTimeout(draw, DRAW_EVERY_MS);
      },
    });
    if (timer) clearTimeout(timer);
    explanation.abort = undefined;
    if (this.explanations.get(thread) === explanation) this.draw(explanation);
    if (ended?.status === 'error') this.log.warn(`Explanation failed: ${ended.error?.message ?? 'unknown error'}`);
  }

  /** The thread's comments: each question the person asked (not the first, which Explain asked) and each answer. */
  private draw(explanation: Explanation): void {
    const { thread, session } = explanation;
    const turns = session.snapshot().turns;
    thread.comments = turns
      .filter((t, i) => t.role === 'assistant' || i > 0)
      .map((t) => {
        const mine = t.role === 'user';
        const body = new vscode.MarkdownString(this.bodyOf(t));
        // Model output is untrusted: no command links, no raw HTML.
        body.isTrusted = false;
        body.supportHtml = false;
        return {
          body,
          mode: vscode.CommentMode.Preview,
          author: { name: mine ? 'You' : 'Parley' },
          ...(t.status === 'streaming' ? { label: 'answering…' } : t.status === 'stopped' ? { label: 'stopped' } : {}),
        } satisfies vscode.Comment;
      });
    thread.label = explanation.stale ? `${explanation.title} (possibly out of date: the code changed since)` : explanation.title;
    this.drawn.fire(thread);
  }

  private bodyOf(turn: Turn): string {
    if (turn.role === 'user') return turn.text;
    if (turn.status === 'error') return `$(error) ${turn.error?.message ?? 'The request failed.'} Reply to ask again, or use Explain Again.`;
    if (turn.text === '') return turn.status === 'streaming' ? '*Parley is thinking…*' : '*No answer.*';
    return turn.text;
  }

  /**
   * Keeps each thread on its code as the document changes: edits above move it, an edit inside marks it as possibly
   * out of date (once; its text stays as it was said).
   */
  private follow(e: vscode.TextDocumentChangeEvent): void {
    for (const explanation of this.explanations.values()) {
      const { thread } = explanation;
      if (thread.uri.toString() !== e.document.uri.toString() || !thread.range) continue;
      let range = thread.range;
      let touched = false;
      for (const change of e.contentChanges) {
        const added = change.text.split('\n').length - 1;
        const removed = change.range.end.line - change.range.start.line;
        if (change.range.end.isBefore(range.start) || (change.range.end.isEqual(range.start) && change.text === '')) {
          range = new vscode.Range(range.start.line + added - removed, range.start.character, range.end.line + added - removed, range.end.character);
        } else if (!change.range.start.isAfter(range.end)) {
          touched = true;
          range = new vscode.Range(range.start, new vscode.Position(Math.max(range.start.line, range.end.line + added - removed), range.end.character));
        }
      }
      thread.range = range;
      if (touched && !explanation.stale) {
        explanation.stale = e.document.getText(range) !== explanation.code;
        if (explanation.stale) this.draw(explanation);
      }
    }
  }

  /** Moves the thread's conversation to the chat sidebar (saved like any other chat). */
  async openInChat(thread: vscode.CommentThread): Promise<void> {
    const explanation = this.explanations.get(thread);
    if (!explanation) return;
    const conversation = explanation.session.snapshot();
    if (conversation.turns.length === 0) return;
    await this.store.save(conversation);
    await this.openInChatView(conversation.id);
    this.remove(thread);
  }

  async again(thread: vscode.CommentThread): Promise<void> {
    const explanation = this.explanations.get(thread);
    if (!explanation || !thread.range) return;
    const document = await vscode.workspace.openTextDocument(thread.uri);
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(thread.range.start, thread.range.end);
    await this.explain(true);
  }

  remove(thread: vscode.CommentThread): void {
    this.explanations.get(thread)?.abort?.abort();
    this.explanations.delete(thread);
    thread.dispose();
  }

  dispose(): void {
    for (const explanation of this.explanations.values()) explanation.abort?.abort();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
