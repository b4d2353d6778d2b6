import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateParley, EXTENSION_ID, nextEvent, openChatView } from './helpers';

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

  it('activates and registers every command its manifest contributes', async () => {
    await activateParley();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 4);
    for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
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
});
