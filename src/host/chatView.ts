// The chat sidebar's webview. The host posts to the webview only after the webview says it is ready, and answers
// every `ready` with a full snapshot: VS Code destroys a hidden webview (we do not retain it), so each time the
// view is shown again its page starts from nothing. Everything the person does arrives here as a checked message
// and goes to the controller or to the editor actions.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { PROTOCOL_VERSION, isWebviewToHost } from '../core/protocol';
import type { HostToWebview, WebviewToHost } from '../core/protocol';
import { renderChatPage } from '../core/webviewHtml';
import type { ChatController } from './chatController';
import type { Starters } from './starters';
import type { ViewActions } from './viewActions';

export const CHAT_VIEW_ID = 'parley.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private focusWhenReady = false;
  private readonly viewSubscriptions: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly handshake = new vscode.EventEmitter<void>();
  private readonly rendered = new vscode.EventEmitter<{ conversationId: string; turnCount: number }>();
  private readonly delivered = new vscode.EventEmitter<HostToWebview>();
  /** Fires each time the webview completes the ready handshake and has been sent its snapshot. */
  readonly onDidHandshake = this.handshake.event;
  /** Fires when the webview has drawn a snapshot. */
  readonly onDidRender = this.rendered.event;
  /** Fires for each message handed to the webview (tests check what the view was told). */
  readonly onDidDeliver = this.delivered.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
    private readonly actions: ViewActions,
    private readonly log: vscode.LogOutputChannel,
    private readonly starters: Starters,
  ) {
    this.subscriptions.push(
      this.handshake,
      this.rendered,
      this.delivered,
      controller.onDidPost((message) => this.post(message)),
      starters.onDidPost((message) => this.post(message)),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeViewSubscriptions();
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    const uri = (...path: string[]) => view.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    view.webview.html = renderChatPage({
      cspSource: view.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: uri('dist', 'webview.js'),
      styleUris: [uri('dist', 'codicons', 'codicon.css'), uri('media', 'chat.css'), uri('media', 'markdown.css'), uri('media', 'conversation.css')],
    });
    this.viewSubscriptions.push(
      view.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // A hidden webview is destroyed; it will say `ready` again when shown.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
        this.disposeViewSubscriptions();
      }),
    );
  }

  /** Reveals the view and puts the cursor in its input box. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (this.ready) this.post({ type: 'input/focus' });
    else this.focusWhenReady = true;
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.log.warn('Ignored a malformed message from the chat view.');
      return;
    }
    this.handle(message).catch((err: unknown) => {
      this.log.error(`Handling ${message.type} from the chat view failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      void vscode.window.showErrorMessage(`Parley: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.protocol !== PROTOCOL_VERSION) {
          this.log.warn(`Chat view speaks protocol ${message.protocol}, host ${PROTOCOL_VERSION}.`);
        }
        this.ready = true;
        this.controller.postSnapshot();
        this.post(this.starters.message);
        this.starters.refresh();
        if (this.focusWhenReady) {
          this.focusWhenReady = false;
          this.post({ type: 'input/focus' });
        }
        this.handshake.fire();
        return;
      case 'rendered':
        this.rendered.fire({ conversationId: message.conversationId, turnCount: message.turnCount });
        return;
      case 'chat/send':
        await this.controller.send(message.text);
        return;
      case 'chat/stop':
        return this.controller.stop();
      case 'chat/regenerate':
        return this.controller.regenerate();
      case 'chat/edit':
        return this.controller.edit(message.turnId, message.text);
      case 'code/copy':
        return this.actions.copy(message.code);
      case 'code/insert':
        return this.actions.insert(message.code);
      case 'link/open':
        return this.actions.openLink(message.href);
      case 'error/action':
        return this.actions.errorAction(message.action);
      case 'setup/action':
        return this.actions.setupAction(message.action);
      case 'model/pick':
        return this.actions.pickModel();
      case 'context/toggle':
        return this.actions.context.toggle(message.id);
      case 'context/preview':
        return this.actions.context.preview(message.id);
      case 'context/pin':
        return this.actions.context.pin(message.id);
      case 'context/secrets':
        return this.actions.context.previewSecrets();
      case 'context/add':
        return this.actions.addContext(message.ref);
      case 'code/apply':
        return this.controller.applyCode(message.turnId, message.code, message.path);
      case 'proposal/decide':
        return this.actions.proposals.decide(message.proposalId, message.path, message.hunkId, message.accept);
      case 'proposal/open':
        return this.actions.proposalEditor.open(message.proposalId, message.path);
      case 'proposal/fix':
        return this.actions.fixProposal(message.proposalId);
      case 'proposal/action':
        return this.actions.proposalAction(message.proposalId, message.action);
      case 'chat/compact':
        await this.controller.compact();
        return;
      case 'summary/edit':
        return this.controller.editSummary(message.turnId, message.text);
      case 'summary/remove':
        return this.controller.removeSummary(message.turnId);
      case 'slash/query': {
        const { entries, note } = await this.actions.slash.query(message.text);
        this.post({ type: 'slash/results', requestId: message.requestId, entries, note });
        return;
      }
      case 'picker/query': {
        const { entries, note } = await this.actions.pick(message.query);
        this.post({ type: 'picker/results', requestId: message.requestId, entries, note });
        return;
      }
    }
  }

  private post(message: HostToWebview): void {
    if (!this.view || !this.ready) return;
    this.delivered.fire(message);
    void this.view.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.log.debug(`Chat view did not take a ${message.type} message (hidden).`);
      },
      (err: unknown) => this.log.error(`Posting ${message.type} to the chat view failed: ${String(err)}`),
    );
  }

  private disposeViewSubscriptions(): void {
    for (const d of this.viewSubscriptions.splice(0)) d.dispose();
  }

  dispose(): void {
    this.disposeViewSubscriptions();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
