// Shared by the integration tests: reaching Parley's API, and waiting for something without fixed sleeps.
import * as vscode from 'vscode';
import type { ParleyApi } from '../../src/extension';
import { startFakeModelServer } from '../fixtures/fakeModelServer';
import type { FakeModelServer } from '../fixtures/fakeModelServer';

export const EXTENSION_ID = 'parley-dev.parley';

export async function activateParley(): Promise<ParleyApi> {
  const extension = vscode.extensions.getExtension<ParleyApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

/** Resolves with the first event `event` fires, or rejects after `ms` with a message naming `what`. */
export function nextEvent<T>(event: vscode.Event<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const subscription = event((value) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Sets Parley's user settings (as a person would in Settings), waiting for VS Code to apply them. */
export async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('parley');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

/** Waits until `predicate` holds, checking every 20 ms; rejects after `ms` naming `what`. */
export async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens the chat view and waits for its handshake, unless the view is ready already. */
export async function openChatView(api: ParleyApi): Promise<void> {
  if (api.chatView.isReady) return;
  const handshake = nextEvent(api.chatView.onDidHandshake, 20_000, 'the chat view handshake');
  await vscode.commands.executeCommand('parley.openChat');
  await handshake;
}

/** A fake model server with Parley's settings pointed at it; `disconnect()` puts the settings back and stops it. */
export async function connectToFakeServer(
  models: string[],
  settings: Record<string, unknown> = {},
): Promise<{ server: FakeModelServer; disconnect(): Promise<void> }> {
  const server = await startFakeModelServer({ models });
  const all = { baseUrl: server.url, model: models[0], ...settings };
  await setSettings(all);
  return {
    server,
    async disconnect() {
      await setSettings(Object.fromEntries(Object.keys(all).map((key) => [key, undefined])));
      await server.close();
    },
  };
}

/** The one line about the workspace that goes with every question; most tests look at the rest. */
export const withoutWorkspaceLine = (sent: string): string => sent.replace(/^Workspace "[^"\n]*"[^\n]*\n\n(?:Question:\n)?/m, '');

/**
 * Puts a workspace file back to `text`, on disk and in its open buffer: an unsaved buffer is reverted first (a
 * dirty buffer ignores the disk), then the file is written, and this waits until the buffer shows it.
 */
export async function resetFile(uri: vscode.Uri, text: string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) {
    await vscode.window.showTextDocument(open);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  // The document VS Code keeps for the file (open in no editor, it may still be cached) catches up with the disk
  // a moment later: until it has, Parley would read the old, or a half-written, text (seen: an empty buffer).
  const document = await vscode.workspace.openTextDocument(uri);
  await until(() => document.getText() === text && !document.isDirty, 5000, `${uri.path} back as it was`);
}

/** What the editing tests share; filled in by the hooks useSampleCsv registers. */
export interface SampleCsvSuite {
  readonly server: FakeModelServer;
  readonly api: ParleyApi;
  /** src/csv.ts of the sample workspace. */
  readonly csv: vscode.Uri;
  /** Its text as committed. */
  readonly original: string;
  /** The bodies of the chat requests the fake server received, oldest first. */
  chatBodies(): { messages: { role: string; content: string }[] }[];
}

/**
 * The set-up of the tests that edit code: a fake model server Parley talks to, the chat view open, and before each
 * test a new chat and src/csv.ts back as committed (saved, no editor open). Registers mocha hooks in the calling
 * `describe`; read the suite's fields inside tests and hooks.
 */
export function useSampleCsv(): SampleCsvSuite {
  const suite = {
    chatBodies: () => suite.server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as { messages: { role: string; content: string }[] }),
  } as { -readonly [K in keyof SampleCsvSuite]: SampleCsvSuite[K] };
  let disconnect: (() => Promise<void>) | undefined;
  before(async () => {
    const connected = await connectToFakeServer(['fake-model']);
    suite.server = connected.server;
    disconnect = () => connected.disconnect();
    suite.api = await activateParley();
    await openChatView(suite.api);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!folder) throw new Error('the tests run with a workspace folder');
    suite.csv = vscode.Uri.joinPath(folder, 'src', 'csv.ts');
    suite.original = Buffer.from(await vscode.workspace.fs.readFile(suite.csv)).toString('utf8');
  });
  after(async () => {
    if (suite.csv) await resetFile(suite.csv, suite.original);
    await disconnect?.();
  });
  beforeEach(async () => {
    suite.server.reset();
    suite.api.chat.newChat();
    await resetFile(suite.csv, suite.original);
  });
  return suite;
}
