// Entry point: builds Parley's objects, wires them together and registers them. Nothing else lives here.
import * as vscode from 'vscode';
import { ChatViewProvider, CHAT_VIEW_ID } from './host/chatView';
import { WorkspaceConfig } from './host/config';
import { ApiKeyStore } from './host/apiKey';

/** What `activate` returns: the integration tests (and other extensions) reach Parley through it. */
export interface ParleyApi {
  readonly chatView: Pick<ChatViewProvider, 'onDidHandshake' | 'isReady'>;
}

export function activate(context: vscode.ExtensionContext): ParleyApi {
  const log = vscode.window.createOutputChannel('Parley', { log: true });
  const config = new WorkspaceConfig();
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const chatView = new ChatViewProvider(context.extensionUri, version, config, log);
  const apiKey = new ApiKeyStore(context.secrets, log);

  context.subscriptions.push(
    log,
    config,
    chatView,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chatView),
    vscode.commands.registerCommand('parley.openChat', () => chatView.reveal()),
    vscode.commands.registerCommand('parley.setApiKey', () => apiKey.promptAndStore()),
    vscode.commands.registerCommand('parley.clearApiKey', () => apiKey.clear()),
    vscode.commands.registerCommand('parley.showLog', () => log.show()),
  );
  log.info(`Parley ${version} activated in VS Code ${vscode.version}.`);
  return { chatView };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
