import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { IgnoredWorkspaceSettings, InMemoryConfig, installedManifest, machineScopedSettings } from '../../src/host/config';
import type { SettingsChange } from '../../src/host/config';
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

describe('the in-memory settings service', () => {
  it("reads like VS Code: manifest defaults, a folder's own value for its files, and a change event naming the setting", () => {
    const config = new InMemoryConfig(installedManifest(), { requestTimeoutSeconds: 5 });
    const folder = vscode.Uri.file('/work/project');
    const changes: SettingsChange[] = [];
    const subscription = config.onDidChange((change) => changes.push(change));
    try {
      assert.equal(config.read().requestTimeoutSeconds, 5);
      assert.equal(config.read().maxOutputTokens, 2048, 'the manifest default');
      config.set('excludeFiles', ['*.sql'], folder);
      assert.deepEqual(config.forResource(vscode.Uri.joinPath(folder, 'db', 'schema.sql')).excludeFiles, ['*.sql']);
      assert.deepEqual(config.forResource(vscode.Uri.file('/work/other/a.sql')).excludeFiles, []);
      assert.equal(changes.length, 1);
      assert.ok(changes[0]?.affects('excludeFiles', vscode.Uri.joinPath(folder, 'a.sql')));
      assert.ok(!changes[0]?.affects('excludeFiles', vscode.Uri.file('/work/other/a.sql')));
      assert.ok(!changes[0]?.affects('codeLens.enabled'));
    } finally {
      subscription.dispose();
      config.dispose();
    }
  });
});
