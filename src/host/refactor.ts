// The refactor commands: Refactor Selection… (presets, the person's own, or free text), Fix with Parley for a
// problem, and Ask Parley about this. A refactor asks in the chat, with the code it is about as context, shows a
// cancellable progress notification while the answer streams, and ends in a proposal opened in the diff editor.
// With no selection it works on the function or class around the cursor, and says so.
import * as vscode from 'vscode';
import { BUILT_IN_PRESETS, fixQuestion, refactorQuestion, testFilePath, testsQuestion } from '../core/refactor/presets';
import type { RefactorPreset } from '../core/refactor/presets';
import { DEFAULT_CONTEXT_WINDOW, estimateTokens } from '../core/chat/prompt';
import type { ChatController } from './chatController';
import type { ContextCollector } from './contextCollector';
import type { ProposalEditor } from './proposalEditor';
import type { FileIndex } from './fileIndex';
import type { Config } from './config';
import { linesScope, scopeItem, scopeOf, symbolScope } from './codeScope';
import type { CodeScope } from './codeScope';
import { readOnlyReason } from './proposals';
import type { EditTarget } from './proposals';

export class RefactorCommands {
  constructor(
    private readonly chat: ChatController,
    private readonly context: ContextCollector,
    private readonly proposalEditor: Pick<ProposalEditor, 'open'>,
    private readonly revealChat: () => Promise<void>,
    private readonly files: FileIndex,
    private readonly config: Config,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Parley: Refactor Selection…: a preset, one of the person's own, or what they type (refused in Restricted Mode by its command). */
  async refactorSelection(presetLabel?: string): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Parley: open a file and select the code to refactor.');
      return;
    }
    const presets = [...BUILT_IN_PRESETS, ...this.config.read().refactorPresets];
    const preset = presetLabel ? presets.find((p) => p.label === presetLabel) : await this.pickPreset(presets);
    if (!preset) return;
    const scope = await scopeOf(editor);
    if (!scope) return;
    await this.run(scope, preset);
  }

  private async pickPreset(presets: readonly RefactorPreset[]): Promise<RefactorPreset | undefined> {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { preset?: RefactorPreset }>();
    pick.title = 'Parley: Refactor';
    pick.placeholder = 'Choose what to do, or type your own instruction';
    const items = presets.map((preset) => ({ label: preset.label, detail: preset.prompt, preset }));
    pick.items = items;
    pick.matchOnDetail = true;
    // What the person types is offered as an instruction of its own, first, whenever it matches no preset exactly.
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      pick.items = typed === '' || items.some((i) => i.label.toLowerCase() === typed.toLowerCase())
        ? items
        : [{ label: `$(edit) ${typed}`, description: 'your instruction', alwaysShow: true, preset: { label: typed, prompt: typed } }, ...items];
    });
    const chosen = await new Promise<RefactorPreset | undefined>((resolve) => {
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.preset);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    return chosen;
  }

  /** Fix with Parley: the problem, the code around it and the usual context; ends in a proposal. */
  async fixProblem(uri: vscode.Uri, diagnostic: { readonly message: string; readonly line: number; readonly source?: string }): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
    const position = new vscode.Position(Math.max(0, diagnostic.line - 1), 0);
    editor.selection = new vscode.Selection(position, position);
    const scope = (await symbolScope(document, position)) ?? linesScope(document, Math.max(0, diagnostic.line - 11), Math.min(document.lineCount - 1, diagnostic.line + 9), `the lines around line ${diagnostic.line}`);
    await this.run(scope, { label: 'Fix with Parley', prompt: diagnostic.message }, (s) => fixQuestion(diagnostic, s));
  }

  /** Ask Parley about this: the selection (or the symbol at the cursor) goes to the chat, the cursor to its input. */
  async askAbout(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      if (!this.context.addSelection(editor)) {
        const symbol = await symbolScope(editor.document, editor.selection.active);
        if (symbol) this.context.add(scopeItem(symbol, this.context.exclusions(symbol.document.uri)));
      }
    }
    await this.revealChat();
  }

  /**
   * Asks in the chat with a progress notification (Cancel stops the answer), then opens the proposal's diff.
   * `question` words the request for a scope: a preset's rewrite, its tests, or a fix.
   */
  private async run(
    scope: CodeScope,
    preset: RefactorPreset,
    question = (s: CodeScope, testPath: string | undefined) => (testPath ? testsQuestion(preset.prompt, s, testPath) : refactorQuestion(preset.prompt, s)),
  ): Promise<void> {
    const { document } = scope;
    if (this.chat.isBusy) {
      void vscode.window.showInformationMessage('Parley is still answering in the chat: wait for it, or press Stop there, then try again.');
      return;
    }
    const readOnly = preset.tests ? undefined : await readOnlyReason(document.uri);
    if (readOnly || document.uri.scheme === 'output') {
      void vscode.window.showWarningMessage(`Parley: ${readOnly ?? 'this document is read-only'}, so a refactor could not be applied. Explain with Parley works on it.`);
      return;
    }
    const text = document.getText(scope.range);
    const settings = this.config.read();
    const room = (settings.contextWindow ?? DEFAULT_CONTEXT_WINDOW) - settings.maxOutputTokens;
    if (estimateTokens(text) * 2 > room) {
      const narrow = 'Use the function at the cursor';
      const answer = await vscode.window.showWarningMessage(
        `Parley: ${scope.what} is about ${estimateTokens(text)} tokens; with its rewrite that is more than the model's context window leaves (${room}). Select less.`,
        ...(scope.symbol ? [] : [narrow]),
      );
      if (answer === narrow) {
        const symbol = await symbolScope(document, vscode.window.activeTextEditor?.selection.active ?? scope.range.start);
        if (symbol && symbol.range.isEqual(scope.range) === false) await this.run(symbol, preset, question);
        else if (!symbol) void vscode.window.showInformationMessage('Parley: there is no function or class at the cursor.');
      }
      return;
    }
    const testPath = preset.tests ? testFilePath(scope.path, (await this.files.list().catch((err: unknown) => {
      this.log.warn(`Could not list the workspace's files to name the test file; it is named without them: ${String(err)}`);
      return [];
    })).map((f) => f.path)) : undefined;
    const asked = question(scope, testPath);
    const target: EditTarget = {
      uri: document.uri,
      range: [document.offsetAt(scope.range.start), document.offsetAt(scope.range.end)],
      version: document.version,
      ...(testPath ? { newFile: testPath } : {}),
    };
    this.context.add(scopeItem(scope, this.context.exclusions(document.uri)));
    const answered = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Parley: ${preset.label}`, cancellable: true },
      async (progress, token) => {
        progress.report({ message: `asking about ${scope.what}…` });
        let lines = 0;
        const counting = this.chat.onDidPost((message) => {
          if (message.type !== 'turn/delta') return;
          lines += message.text.split('\n').length - 1;
          progress.report({ message: `writing… ${lines} line${lines === 1 ? '' : 's'}` });
        });
        const cancelling = token.onCancellationRequested(() => this.chat.stop());
        try {
          return await this.chat.send(asked, target);
        } finally {
          counting.dispose();
          cancelling.dispose();
        }
      },
    );
    if (!answered) return;
    const { answer, proposal } = answered;
    // The messages offer the chat but do not hold the command open until they are dismissed.
    const offerChat = (said: string, open: string) =>
      void vscode.window.showWarningMessage(`Parley: ${said}`, open).then((choice) => (choice === open ? this.revealChat() : undefined));
    if (answer.status !== 'done') {
      offerChat(answer.status === 'stopped' ? 'Stopped: nothing was applied.' : (answer.error?.message ?? 'The request failed.'), 'Open chat');
      return;
    }
    const file = proposal?.files[0];
    if (!proposal || !file) {
      this.log.info(`${preset.label}: the answer held no usable edit.`);
      offerChat(proposal?.refused[0]?.reason ?? "Parley's answer had no code it could turn into a change.", 'Open in chat');
      return;
    }
    await this.proposalEditor.open(proposal.id, file.path);
  }
}
