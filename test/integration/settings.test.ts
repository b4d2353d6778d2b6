import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { IgnoredWorkspaceSettings, machineScopedSettings } from '../../src/host/config';
import { activateParley } from './helpers';

describe('settings a workspace cannot change', function () {
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri ?? assert.fail('the tests run with a workspace folder');
  const settingsFile = () => vscode.Uri.joinPath(folder(), '.vscode', 'settings.json');
  let checker: IgnoredWorkspaceSettings | undefined;

  before(() => activateParley());

  afterEach(async () => {
    checker?.dispose();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.vscode'), { recursive: true }).then(undefined, () => undefined);
  });

  it('the machine-scoped settings come from the manifest: the connection and what is asked of the model', () => {
    const machine = machineScopedSettings();
    for (const key of ['parley.baseUrl', 'parley.model', 'parley.requestTimeoutSeconds', 'parley.maxOutputTokens']) assert.ok(machine.has(key), key);
    assert.ok(!machine.has('parley.excludeFiles'), 'a workspace may exclude more files');
  });

  it("a machine setting in .vscode/settings.json is reported once, in words, with the way to the setting that counts", async () => {
    const text = `{
  // a comment, as VS Code allows
  "parley.requestTimeoutSeconds": 5,
  "parley.excludeFiles": ["*.sql"], /* a folder may set this one */
  "editor.tabSize": 2,
}`;
    await vscode.workspace.fs.writeFile(settingsFile(), Buffer.from(text));
    // VS Code drops it without a word: not even inspect() sees it, which is why Parley reads the file.
    assert.equal(vscode.workspace.getConfiguration('parley').inspect('requestTimeoutSeconds')?.workspaceValue, undefined);
    const shown: { message: string; action: string }[] = [];
    checker = new IgnoredWorkspaceSettings((message, action) => {
      shown.push({ message, action });
      return Promise.resolve(undefined);
    });
    assert.deepEqual(await checker.lastCheck, ['parley.requestTimeoutSeconds']);
    const where = vscode.env.remoteName !== undefined ? 'Remote settings' : 'User settings';
    assert.deepEqual(shown, [
      { message: `Parley ignores parley.requestTimeoutSeconds in this workspace's settings: set it in your ${where}.`, action: `Open ${where}` },
    ]);
    // Once: looking again (the file changed, say) says nothing new, until another such setting appears.
    assert.deepEqual(await checker.check(), ['parley.requestTimeoutSeconds']);
    assert.equal(shown.length, 1);
    await vscode.workspace.fs.writeFile(settingsFile(), Buffer.from('{ "parley.requestTimeoutSeconds": 5, "parley.baseUrl": "http://elsewhere.invalid/v1" }'));
    assert.deepEqual(await checker.check(), ['parley.baseUrl', 'parley.requestTimeoutSeconds']);
    assert.equal(shown.length, 2);
    assert.match(shown[1]?.message ?? '', /^Parley ignores parley\.baseUrl in this workspace's settings: set it in your /);
  });

  it('a workspace without such settings hears nothing', async () => {
    await vscode.workspace.fs.writeFile(settingsFile(), Buffer.from('{ "parley.excludeFiles": ["*.sql"] }'));
    let shown = 0;
    checker = new IgnoredWorkspaceSettings(() => {
      shown++;
      return Promise.resolve(undefined);
    });
    assert.deepEqual(await checker.lastCheck, []);
    assert.equal(shown, 0);
  });
});
