// What the chat view asks of the editor: copy and insert code, open links, and the actions on error messages and
// on the setup card. Each ends in something visible: a status message, a dialog, or a clear warning.
import * as vscode from 'vscode';
import type { ErrorAction } from '../core/chat/conversation';
import type { SetupAction } from '../core/protocol';
import type { ApiKeyStore } from './apiKey';
import type { Config } from './config';
import type { ModelConnection } from './connection';
import type { ChatController } from './chatController';
import type { ContextCollector } from './contextCollector';
import type { ContextPicker } from './contextPicker';
import type { PickEntry, ProposalAction } from '../core/protocol';
import type { ProposalController } from './proposals';
import type { ProposalEditor } from './proposalEditor';
import { mayWrite } from './trust';
import { SlashCommands } from './slashCommands';

export class ViewActions {
  /** The slash commands of the input: completion, what each will send, and running them when sent. */
  readonly slash: SlashCommands;

  constructor(
    private readonly controller: ChatController,
    private readonly connection: ModelConnection,
    private readonly keys: ApiKeyStore,
    private readonly config: Config,
    readonly context: ContextCollector,
    private readonly picker: ContextPicker,
    readonly proposals: ProposalController,
    readonly proposalEditor: ProposalEditor,
  ) {
    this.slash = new SlashCommands(controller, context, picker, context.log);
    controller.useSlashCommands((text) => this.slash.run(text));
  }

  /** Ask to fix: the blocks that could not be applied go back to the model with what was found instead. */
  async fixProposal(proposalId: string): Promise<void> {
    const message = this.proposals.fixMessage(proposalId, 'refused');
    if (message) await this.controller.send(message);
  }

  async proposalAction(proposalId: string, action: ProposalAction): Promise<void> {
    if (action === 'undo') return this.proposals.undo(proposalId);
    const message = this.proposals.fixMessage(proposalId, 'problems');
    if (message) await this.controller.send(message);
  }

  /** What the # picker shows for the text typed after #. */
  pick(query: string): Promise<{ entries: PickEntry[]; note: string | undefined }> {
    return this.picker.query(query);
  }

  addContext(ref: string): Promise<void> {
    return this.picker.choose(ref);
  }

  async copy(code: string): Promise<void> {
    await vscode.env.clipboard.writeText(code);
    vscode.window.setStatusBarMessage('$(check) Parley: code copied', 2000);
  }

  /** Puts the code into the editor that was active, replacing its selections (one undo step). */
  async insert(code: string): Promise<void> {
    if (!mayWrite('insert code')) return;
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (!editor) {
      void vscode.window.showWarningMessage('Parley: open a file and place the cursor where the code should go, then press Insert again.');
      return;
    }
    if (editor.document.isClosed) return;
    const ok = await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, code);
    });
    if (!ok) {
      void vscode.window.showWarningMessage(`Parley could not insert into ${vscode.workspace.asRelativePath(editor.document.uri)} (is it read-only?).`);
      return;
    }
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }

  /** Links in answers open only after a click, and only web and mail links (never command: or file:). */
  async openLink(href: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(href, true);
    } catch {
      void vscode.window.showWarningMessage('Parley could not open that link: it is not a valid address.');
      return;
    }
    if (!['https', 'http', 'mailto'].includes(uri.scheme)) {
      void vscode.window.showWarningMessage(`Parley opens only web and mail links from answers, not ${uri.scheme}: links.`);
      return;
    }
    await vscode.env.openExternal(uri);
  }

  async errorAction(action: ErrorAction): Promise<void> {
    switch (action) {
      case 'set-key':
        if (await this.keys.promptAndStore()) await this.controller.regenerate();
        return;
      case 'pick-model':
        return this.connection.pickModel();
      case 'retry':
        return this.controller.regenerate();
      case 'open-settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'parley.');
        return;
    }
  }

  async setupAction(action: SetupAction): Promise<void> {
    switch (action) {
      case 'set-key':
        await this.keys.promptAndStore();
        return;
      case 'find-local': {
        this.connection.refresh();
        const resolved = await this.connection.resolve();
        if (!resolved.endpoint) {
          void vscode.window.showInformationMessage(
            'Parley found no local model server. Start Ollama (port 11434) or LM Studio\'s server (port 1234), then try again.',
          );
        }
        return;
      }
      case 'custom-url': {
        const url = await vscode.window.showInputBox({
          title: 'Parley: Model Server URL',
          prompt: 'The base URL of an OpenAI-compatible API (saved as the parley.baseUrl setting for this machine).',
          placeHolder: 'http://localhost:11434/v1',
          value: this.config.read().baseUrl,
          ignoreFocusOut: true,
          validateInput: (value) => (isWebUrl(value.trim()) ? undefined : 'Enter an http:// or https:// URL.'),
        });
        if (url !== undefined) await this.config.update('baseUrl', url.trim());
        return;
      }
      case 'open-settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'parley.');
        return;
    }
  }

  pickModel(): Promise<void> {
    return this.connection.pickModel();
  }
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    // Not a URL at all: the input box says what it wants.
    return false;
  }
}
