import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeModelServer } from '../fixtures/fakeModelServer';
import type { ChipView } from '../../src/core/protocol';
import type { ParleyApi } from '../../src/extension';
import { activateParley, connectToFakeServer, nextEvent, openChatView, until, withoutWorkspaceLine } from './helpers';

describe('editor context', function () {
  let server: FakeModelServer;
  let disconnect: () => Promise<void>;
  let api: ParleyApi;
  let chips: readonly ChipView[] = [];
  let subscription: vscode.Disposable;
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri ?? assert.fail('the tests run with a workspace folder');

  before(async () => {
    ({ server, disconnect } = await connectToFakeServer(['fake-model']));
    api = await activateParley();
    subscription = api.chatView.onDidDeliver((message) => {
      if (message.type === 'context') chips = message.chips;
      if (message.type === 'snapshot') chips = message.snapshot.chips;
    });
    await openChatView(api);
  });

  after(async () => {
    subscription?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await disconnect?.();
  });

  beforeEach(() => {
    server.reset();
    api.chat.newChat();
  });

  async function ask(question: string): Promise<string> {
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, `the answer to "${question}"`);
    await api.chat.send(question);
    await answered;
    const body = server.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as { messages: { role: string; content: string }[] };
    return body.messages.at(-1)?.content ?? '';
  }

  it('follows the active editor and its selection as chips, and sends what they show with the question', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src', 'csv.ts'));
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(6, 0, 8, 0);
    await until(() => chips.some((c) => c.id === 'selection'), 5000, 'the selection chip');
    assert.deepEqual(chips.map((c) => c.label).slice(0, 2), ['csv.ts', 'selection L7–8']);
    assert.deepEqual(chips.map((c) => c.kind), ['file', 'selection', 'workspace']);
    await until(() => chips.every((c) => c.tokens !== undefined), 5000, 'token counts on the chips');

    const sent = await ask('Why does this loop stop early?');
    assert.match(sent, /^File src\/csv\.ts:\n```typescript\n\/\/ Splits one CSV line/);
    assert.match(sent, /Selected in src\/csv\.ts, lines 7–8:\n```typescript\n {2}for \(let i = 0; i < n - 1; i\+\+\) \{/);
    assert.match(sent, /\n\nQuestion:\nWhy does this loop stop early\?$/);
    assert.equal(api.chat.conversation.turns[0]?.text, 'Why does this loop stop early?', 'the conversation shows the question as typed');
  });

  it('says what the editor holds when it is not a workspace file: an untitled buffer, a notebook cell, a file elsewhere', async () => {
    const untitled = await vscode.workspace.openTextDocument({ language: 'python', content: 'print("draft")\n' });
    await vscode.window.showTextDocument(untitled);
    await until(() => chips.some((c) => c.kind === 'file' && /untitled/.test(c.detail)), 5000, 'the untitled buffer chip');
    assert.match(await ask('What does this draft print?'), /```python\nprint\("draft"\)/);

    const notebook = await vscode.workspace.openNotebookDocument(
      'jupyter-notebook',
      new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'total = sum([1, 2, 3])', 'python')]),
    );
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(0).document;
    await until(() => vscode.window.activeTextEditor?.document === cell, 5000, 'the cell editor to be active').catch(async () => {
      // A notebook opens with no cell editor focused; focusing the first cell is what a person's click does.
      await vscode.commands.executeCommand('notebook.focusTop');
      await vscode.commands.executeCommand('notebook.cell.edit');
    });
    await until(() => chips.some((c) => c.kind === 'file' && /one cell of a notebook/.test(c.detail)), 10_000, 'the notebook cell chip');
    assert.match(chips.find((c) => c.kind === 'file')?.label ?? '', /\(cell 1\)/);

    const elsewhere = vscode.Uri.file(join(tmpdir(), `parley-elsewhere-${Date.now()}.ts`));
    await vscode.workspace.fs.writeFile(elsewhere, Buffer.from('export const outside = true;\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(elsewhere));
    await until(() => chips.some((c) => c.kind === 'file' && /outside the workspace/.test(c.detail)), 5000, 'the chip of a file outside the workspace');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('leaves a chip the person removed out of the next question only', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src', 'report.py'));
    await vscode.window.showTextDocument(document);
    await until(() => chips.length === 2 && chips[0]?.label === 'report.py', 5000, 'the report.py chip');
    // What the view asks for when the chip's × is clicked (the end-to-end test clicks it).
    api.context.toggle('file');
    await until(() => chips[0]?.state === 'removed', 5000, 'the chip marked as left out');
    assert.equal(withoutWorkspaceLine(await ask('Without the file, please')), 'Without the file, please');
    assert.match(await ask('And now with it'), /^File src\/report\.py:/);
  });

  it('honours .parleyignore at the workspace root, as soon as it is written', async () => {
    const ignoreFile = vscode.Uri.joinPath(folder(), '.parleyignore');
    await vscode.workspace.fs.writeFile(ignoreFile, Buffer.from('# customer data\nsrc/report.py\n'));
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src', 'report.py'));
      await vscode.window.showTextDocument(document);
      await until(() => chips[0]?.label === 'report.py' && chips[0]?.state === 'excluded', 10_000, 'report.py excluded by .parleyignore');
      assert.equal(withoutWorkspaceLine(await ask('What does summarize do?')), 'What does summarize do?');
    } finally {
      await vscode.workspace.fs.delete(ignoreFile);
    }
    await until(() => chips[0]?.label === 'report.py' && chips[0]?.state === 'kept', 10_000, 'report.py sent again once .parleyignore is gone');
  });

  it('a .parleyignore that cannot be read excludes every file until it can, and the chip says why', async () => {
    // A folder where the file should be: reading it fails, and not because it is missing.
    const ignoreFile = vscode.Uri.joinPath(folder(), '.parleyignore');
    await vscode.workspace.fs.createDirectory(ignoreFile);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src', 'report.py')));
      await until(() => chips[0]?.label === 'report.py' && chips[0]?.state === 'excluded', 10_000, 'report.py excluded while .parleyignore cannot be read');
      assert.match(chips[0]?.detail ?? '', /\.parleyignore, which could not be read/);
      assert.equal(withoutWorkspaceLine(await ask('What does summarize do?')), 'What does summarize do?');
    } finally {
      await vscode.workspace.fs.delete(ignoreFile, { recursive: true });
    }
    await until(() => chips[0]?.label === 'report.py' && chips[0]?.state === 'kept', 10_000, 'report.py sent again once .parleyignore is readable (here: gone)');
  });

  it('never sends the text of an excluded file, and shows why', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), '.env'));
    await vscode.window.showTextDocument(document);
    await until(() => chips.some((c) => c.state === 'excluded'), 5000, 'the excluded chip');
    assert.equal(chips[0]?.label, '.env');
    const sent = await ask('What is in my env file?');
    assert.equal(withoutWorkspaceLine(sent), 'What is in my env file?');
    for (const request of server.requests) assert.ok(!JSON.stringify(request.body).includes('local-only-value'), 'the excluded file never arrived');
  });
});
