import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FakeModelServer } from '../fixtures/fakeModelServer';
import type { ChipView } from '../../src/core/protocol';
import type { ParleyApi } from '../../src/extension';
import { activateParley, connectToFakeServer, nextEvent, openChatView, resetFile, until } from './helpers';

// The planted-secrets corpus of test/fixtures/secrets, copied into the sample workspace under planted/, sent every
// way context can be added: not one planted value (nor a 16-character piece of one) may reach the server.
const corpus = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'secrets');
const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as { secrets: { file: string; kind: string; value: string }[] };
/** Where each corpus file goes in the workspace (`config.ts.txt` is kept from the type checker as .txt). */
const placed = (file: string) => file.replace(/\.txt$/, '');
const files = [...new Set(manifest.secrets.map((s) => s.file))];

/** The pieces that must not arrive: each value, its ends, and each line of a multi-line key, as they look in JSON. */
const forbidden = manifest.secrets.flatMap(({ value }) => {
  const pieces = [value, ...value.split(/\\n|\r?\n/).filter((line) => line.length >= 16 && !line.startsWith('-----'))];
  if (value.length > 16) pieces.push(value.slice(0, 16), value.slice(-16));
  return pieces.map((p) => JSON.stringify(p).slice(1, -1));
});

describe('planted secrets never reach the server', function () {
  let server: FakeModelServer;
  let disconnect: () => Promise<void>;
  let api: ParleyApi;
  let chips: readonly ChipView[] = [];
  let subscription: vscode.Disposable;
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri ?? assert.fail('the tests run with a workspace folder');
  const uri = (file: string) => vscode.Uri.joinPath(folder(), 'planted', placed(file));
  const chatBodies = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => JSON.stringify(r.body));

  before(async () => {
    ({ server, disconnect } = await connectToFakeServer(['fake-model']));
    api = await activateParley();
    subscription = api.chatView.onDidDeliver((message) => {
      if (message.type === 'context') chips = message.chips;
      if (message.type === 'snapshot') chips = message.snapshot.chips;
    });
    await openChatView(api);
    for (const file of files) await vscode.workspace.fs.writeFile(uri(file), fs.readFileSync(path.join(corpus, file)));
  });

  after(async () => {
    subscription?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'planted'), { recursive: true });
    await disconnect?.();
  });

  beforeEach(async () => {
    server.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.chat.newChat();
  });

  /** Called at the end of each test: what was sent is checked for every planted value. */
  function assertNoneLeaked(): void {
    const bodies = chatBodies();
    assert.ok(bodies.length > 0, 'something was sent');
    const leaked = forbidden.filter((piece) => bodies.some((b) => b.includes(piece)));
    assert.deepEqual(leaked.map((p) => `${p.slice(0, 6)}… (${p.length} characters)`), [], 'planted secrets reached the server');
  }

  async function ask(question: string): Promise<string> {
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, `the answer to "${question}"`);
    await api.chat.send(question);
    await answered;
    return chatBodies().at(-1) ?? '';
  }

  it('with each planted file open in the editor', async () => {
    for (const file of files) {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(file)));
      await until(() => chips.some((c) => c.kind === 'file' && c.label === path.basename(placed(file))), 5000, `the ${file} chip`);
      const sent = await ask(`What does ${file} configure?`);
      // Something of the file went, so the check above means something (unless the file is excluded by default).
      const excluded = chips.some((c) => c.label === path.basename(placed(file)) && c.state !== 'kept');
      if (!excluded) assert.ok(sent.includes(JSON.stringify(editor.document.lineAt(0).text).slice(1, -1)), `${file} was sent`);
    }
    assertNoneLeaked();
  });

  it('with the whole of a file selected, and the secrets pasted into the question and asked about again', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri('settings.py')));
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
    await until(() => chips.some((c) => c.kind === 'selection'), 5000, 'the selection chip');
    // The chip says what kinds it found (each once), and not one secret.
    const planted = manifest.secrets.filter((s) => s.file === 'settings.py');
    const kinds = [...new Set(planted.map((s) => s.kind))];
    await until(() => chips.some((c) => c.kind === 'selection' && kinds.every((k) => c.secretKinds.includes(k))), 10_000, 'the kinds on the selection chip');
    const selection = chips.find((c) => c.kind === 'selection');
    assert.equal(selection?.secretKinds.length, new Set(selection?.secretKinds).size, 'each kind once');
    assert.ok((selection?.secrets ?? 0) >= planted.length);
    assert.ok(!planted.some((s) => JSON.stringify(selection).includes(s.value)), 'no secret in the chip');
    await ask('Which of these settings are wrong?');
    const pasted = manifest.secrets.filter((s) => s.file === 'notes-crlf.md').map((s) => s.value);
    await ask(`Are these keys still valid?\n${pasted.join('\n')}`);
    // A follow-up carries the earlier question (as history) again.
    await ask('And the first one?');
    assertNoneLeaked();
  });

  it('with the files added through #', async () => {
    for (const batch of [files.slice(0, 4), files.slice(4, 8), files.slice(8)]) {
      for (const file of batch) await api.picker.choose(`file:planted/${placed(file)}`);
      await until(() => batch.every((f) => chips.some((c) => c.id === `#file:planted/${placed(f)}`)), 5000, 'the added chips');
      await ask('Is this configuration consistent?');
    }
    assertNoneLeaked();
  });

  it('with the files added by Add to Parley from the Explorer', async () => {
    const uris = files.map(uri);
    await vscode.commands.executeCommand('parley.addToChat', uris[0], uris);
    await until(() => chips.filter((c) => c.explicit).length === uris.length, 5000, 'every planted file added');
    await ask('Review these files');
    assertNoneLeaked();
  });

  it('with the secrets in the uncommitted changes (#changes)', async function () {
    const git = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: readonly unknown[] } }>('vscode.git');
    if (!git) this.skip();
    const gitApi = (git.isActive ? git.exports : await git.activate()).getAPI(1);
    try {
      await until(() => gitApi.repositories.length > 0, 15_000, 'Git to find the sample repository');
    } catch {
      this.skip(); // no git on this machine: the workspace copy is not a repository
    }
    const report = vscode.Uri.joinPath(folder(), 'src', 'report.py');
    const original = Buffer.from(await vscode.workspace.fs.readFile(report)).toString('utf8');
    try {
      await vscode.workspace.fs.writeFile(report, Buffer.concat([Buffer.from(original), fs.readFileSync(path.join(corpus, 'settings.py'))]));
      await api.picker.choose('changes');
      await until(() => chips.some((c) => c.id === '#changes' && c.state === 'kept'), 10_000, 'the changes chip');
      const sent = await ask('Review my changes');
      assert.match(sent, /Uncommitted changes/);
    } finally {
      await resetFile(report, original);
    }
    assertNoneLeaked();
  });
});
