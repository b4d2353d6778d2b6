import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateParley, EXTENSION_ID, nextEvent, openChatView, until } from './helpers';
import { guardActivation } from '../../src/host/activationFailure';

interface Manifest {
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, { scope?: string }> } };
}

describe('Parley in the extension host', () => {
  it('activates once VS Code has started, never during start-up', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'extension is installed');
    // onStartupFinished: the lightbulb and CodeLens are there without opening the chat, and start-up never waits.
    assert.deepEqual((extension.packageJSON as { activationEvents: string[] }).activationEvents, ['onStartupFinished']);
  });

  it('activates and registers every command its manifest contributes, and no command the manifest does not list', async () => {
    const api = await activateParley();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 4);
    for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
    // The command table and the manifest name the same commands, each once.
    assert.deepEqual([...api.commands].sort(), [...contributed].sort());
    assert.equal(new Set(api.commands).size, api.commands.length);
  });

  it('keeps the model connection settings out of reach of workspace settings', () => {
    const inspect = vscode.workspace.getConfiguration('parley').inspect('baseUrl');
    assert.ok(inspect, 'parley.baseUrl is a known setting');
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['parley.baseUrl']?.scope, 'machine');
    assert.equal(props['parley.model']?.scope, 'machine');
  });

  it('resolves the chat view and completes the ready handshake when the view is opened', async () => {
    const api = await activateParley();
    const handshake = nextEvent(api.chatView.onDidHandshake, 20_000, 'the chat view handshake');
    await vscode.commands.executeCommand('parley.openChat');
    await handshake;
    assert.equal(api.chatView.isReady, true);
  });

  it('sends a fresh snapshot when the view is shown again after being hidden', async () => {
    const api = await activateParley();
    await openChatView(api);
    await vscode.commands.executeCommand('workbench.view.explorer');
    const again = nextEvent(api.chatView.onDidHandshake, 20_000, 'the handshake after re-showing the view');
    await vscode.commands.executeCommand('parley.openChat');
    await again;
    assert.equal(api.chatView.isReady, true);
  });
  it('a failure to activate says so with Show Log, logs the stack, and is rethrown for VS Code to record', async () => {
    const logged: string[] = [];
    let shown = false;
    const log = { error: (message: string) => void logged.push(message), show: () => void (shown = true) };
    const said: string[] = [];
    // The person clicks Show Log.
    const window = { showErrorMessage: (message: string, ...items: string[]) => (said.push(message), Promise.resolve(items[0])) } as unknown as Pick<typeof vscode.window, 'showErrorMessage'>;
    const fail = () => {
      throw new Error('The storage folder is read-only.');
    };
    assert.throws(() => guardActivation(fail, log, window), /read-only/);
    assert.deepEqual(said, ['Parley could not start: The storage folder is read-only.']);
    assert.match(logged[0] ?? '', /^Parley could not start: Error: The storage folder is read-only\.\n\s+at /);
    await until(() => shown, 2000, 'the log shown after Show Log');
    assert.equal(guardActivation(() => 'built', log, window), 'built', 'what activation builds is returned as it is');
  });
});
