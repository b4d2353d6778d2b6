// The chat sidebar. The host posts to the webview only after the webview says it is ready, and answers every
// `ready` with a full snapshot: VS Code destroys a hidden webview (we do not retain it), so each time the view is
// shown again its page starts from nothing.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { PROTOCOL_VERSION, isWebviewToHost } from '../core/protocol';
import type { HostToWebview, WebviewToHost, ViewSnapshot } from '../core/protocol';
import { renderChatPage } from '../core/webviewHtml';
import { Transcript } from '../core/chat/transcript';
import type { Config } from './config';

export const CHAT_VIEW_ID = 'parley.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private focusWhenReady = false;
  private readonly transcript = new Transcript();
  private readonly viewSubscriptions: vscode.Disposable[] = [];
  private readonly handshake = new vscode.EventEmitter<void>();
  /** Fires each time the webview completes the ready handshake and has received its snapshot. */
  readonly onDidHandshake = this.handshake.event;
  private readonly configSubscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly extensionVersion: string,
    private readonly config: Config,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.configSubscription = config.onDidChange(() => this.postSnapshot());
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
    view.webview.html = renderChatPage({
      cspSource: view.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUris: [
        view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
        view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.css')).toString(),
      ],
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
    this.handle(message);
  }

  private handle(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        if (message.protocol !== PROTOCOL_VERSION) {
          this.log.warn(`Chat view speaks protocol ${message.protocol}, host ${PROTOCOL_VERSION}; reloading it.`);
        }
        this.ready = true;
        this.postSnapshot();
        if (this.focusWhenReady) {
          this.focusWhenReady = false;
          this.post({ type: 'input/focus' });
        }
        this.handshake.fire();
        return;
      case 'chat/send': {
        const text = message.text.trim();
        if (text === '') return;
        const question = this.transcript.add('user', text);
        // The model connection is the next piece of work; until then the view says so plainly.
        const notice = this.transcript.add(
          'notice',
          'Parley cannot answer yet: this build has no model connection. Your question is kept above.',
        );
        this.post({ type: 'transcript/append', entries: [question, notice] });
        return;
      }
    }
  }

  private snapshot(): ViewSnapshot {
    return {
      extensionVersion: this.extensionVersion,
      model: this.config.read().model || undefined,
      transcript: this.transcript.snapshot(),
    };
  }

  private postSnapshot(): void {
    this.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  private post(message: HostToWebview): void {
    if (!this.view || !this.ready) return;
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
    this.configSubscription.dispose();
    this.handshake.dispose();
  }
}
