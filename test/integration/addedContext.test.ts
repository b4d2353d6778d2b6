import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeModelServer } from '../fixtures/fakeModelServer';
import type { BudgetView, ChipView } from '../../src/core/protocol';
import type { ParleyApi } from '../../src/extension';
import { activateParley, connectToFakeServer, nextEvent, openChatView, setSettings, until } from './helpers';

/** A GitHub token of the right shape (not a real one): secretlint's recommended rules find it. */
const PLANTED_TOKEN = ['ghp', '_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('');

describe('context the person adds', function () {
  let server: FakeModelServer;
  let disconnect: () => Promise<void>;
  let api: ParleyApi;
  let chips: readonly ChipView[] = [];
  let budget: BudgetView | undefined;
  let subscription: vscode.Disposable;
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri ?? assert.fail('the tests run with a workspace folder');
  const file = (...path: string[]) => vscode.Uri.joinPath(folder(), ...path);
  const chipsSent = () => server.requests.filter((r) => r.path.endsWith('/chat/completions'));

  before(async () => {
    ({ server, disconnect } = await connectToFakeServer(['fake-model']));
    api = await activateParley();
    subscription = api.chatView.onDidDeliver((message) => {
      if (message.type === 'context') chips = message.chips;
      if (message.type === 'snapshot') chips = message.snapshot.chips;
      if (message.type === 'budget') budget = message.budget;
    });
    await openChatView(api);
    await vscode.workspace.fs.writeFile(file('build', 'out.js'), Buffer.from('// generated\n'));
    await vscode.workspace.fs.writeFile(file('src', 'settings.ts'), Buffer.from(`export const token = '${PLANTED_TOKEN}';\nexport const retries = 3;\n`));
  });

  after(async () => {
    subscription?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await disconnect?.();
  });

  beforeEach(async () => {
    server.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.chat.newChat();
    await until(() => !chips.some((c) => c.explicit), 5000, 'no added chips in a new chat');
  });

  async function ask(question: string): Promise<string> {
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, `the answer to "${question}"`);
    await api.chat.send(question);
    await answered;
    const body = chipsSent().at(-1)?.body as { messages: { role: string; content: string }[] };
    return body.messages.at(-1)?.content ?? '';
  }

  it('# lists the workspace files less what .gitignore ignores, and a chosen file goes with the next question only', async () => {
    const { entries } = await api.picker.query('rep');
    assert.ok(entries.some((e) => e.ref === 'file:src/report.py'), JSON.stringify(entries.map((e) => e.ref)));
    const built = await api.picker.query('out.js');
    assert.ok(!built.entries.some((e) => e.ref.startsWith('file:build/')), 'build/ is in .gitignore');
    const special = await api.picker.query('');
    assert.deepEqual(special.entries.slice(0, 5).map((e) => e.ref), ['selection', 'problems', 'changes', 'codebase', 'symbol-mode']);

    await api.picker.choose('file:src/report.py');
    await until(() => chips.some((c) => c.id === '#file:src/report.py' && c.explicit), 5000, 'the report.py chip');
    assert.match(await ask('What does summarize return?'), /File src\/report\.py:\n```python\n/);
    await until(() => !chips.some((c) => c.id === '#file:src/report.py'), 5000, 'the added chip gone after the question');
    assert.ok(!(await ask('And then?')).includes('File src/report.py'), 'not sent again');
  });

  it('# shows a withheld file greyed with its reason, and choosing it gives the locked chip without reading it', async () => {
    await vscode.workspace.fs.writeFile(file('notes', '.gitignore'), Buffer.from('scratch.txt\n'));
    await vscode.workspace.fs.writeFile(file('notes', 'scratch.txt'), Buffer.from('ignored-scratch-text\n'));
    try {
      const env = await api.picker.query('.env');
      const entry = env.entries.find((e) => e.ref === 'file:.env');
      assert.equal(entry?.withheld, 'secret file by default', JSON.stringify(env));
      assert.notEqual(env.note, 'Nothing matches.');
      // The list is made again once the watcher has seen the new files.
      let scratch = await api.picker.query('scratch');
      for (let i = 0; i < 50 && !scratch.entries.some((e) => e.ref === 'file:notes/scratch.txt'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        scratch = await api.picker.query('scratch');
      }
      assert.equal(scratch.entries.find((e) => e.ref === 'file:notes/scratch.txt')?.withheld, 'ignored by notes/.gitignore', JSON.stringify(scratch));
      // A bare # lists what can be sent; a folder .gitignore ignores is not listed at all.
      assert.ok(!(await api.picker.query('')).entries.some((e) => e.ref === 'file:notes/scratch.txt'));
      assert.ok(!(await api.picker.query('out.js')).entries.some((e) => e.ref === 'file:build/out.js'));

      await api.picker.choose('file:notes/scratch.txt');
      await api.picker.choose('file:.env');
      // Excluded by its path alone: a file that is not there is not "unreadable", because it is never read.
      await api.picker.choose('file:secrets/not-there.txt');
      await until(() => ['#file:notes/scratch.txt', '#file:.env', '#file:secrets/not-there.txt'].every((id) => chips.some((c) => c.id === id)), 5000, 'the locked chips');
      for (const id of ['#file:notes/scratch.txt', '#file:.env', '#file:secrets/not-there.txt']) assert.equal(chips.find((c) => c.id === id)?.state, 'excluded', id);
      assert.match(chips.find((c) => c.id === '#file:notes/scratch.txt')?.detail ?? '', /ignored by notes\/\.gitignore: Parley does not read it/);
      const sent = await ask('What is in my notes?');
      assert.ok(!sent.includes('ignored-scratch-text') && !sent.includes('local-only-value'), 'nothing of the withheld files was sent');
    } finally {
      await vscode.workspace.fs.delete(file('notes'), { recursive: true });
    }
  });

  it('a pinned chip goes with every question of the conversation', async () => {
    await api.picker.choose('file:src/csv.ts');
    await until(() => chips.some((c) => c.id === '#file:src/csv.ts'), 5000, 'the csv.ts chip');
    api.context.pin('#file:src/csv.ts');
    await until(() => chips.some((c) => c.id === '#file:src/csv.ts' && c.pinned), 5000, 'the chip pinned');
    assert.match(await ask('first'), /File src\/csv\.ts:/);
    assert.match(await ask('second'), /File src\/csv\.ts:/);
    api.chat.newChat();
    await until(() => !chips.some((c) => c.id === '#file:src/csv.ts'), 5000, 'a new chat starts without it');
  });

  it('Add to Parley adds the selection from the editor, and files picked in the Explorer', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('src', 'csv.ts')));
    editor.selection = new vscode.Selection(1, 0, 3, 0);
    await vscode.commands.executeCommand('parley.addToChat', editor.document.uri);
    await until(() => chips.some((c) => c.id === '#selection:src/csv.ts:2-3'), 5000, 'the added selection');
    await vscode.commands.executeCommand('parley.addToChat', file('README.md'), [file('README.md'), file('package.json')]);
    await until(() => chips.filter((c) => c.explicit).length === 3, 5000, 'three added chips');
    const sent = await ask('How do these fit together?');
    assert.match(sent, /Selected in src\/csv\.ts, lines 2–3:/);
    assert.match(sent, /File README\.md:/);
    assert.match(sent, /File package\.json:/);
  });

  it('an excluded file added on purpose is a greyed chip, and a planted key is replaced: neither reaches the server', async () => {
    await vscode.commands.executeCommand('parley.addToChat', file('.env'), [file('.env'), file('src', 'settings.ts')]);
    await until(() => chips.some((c) => c.id === '#file:.env' && c.state === 'excluded'), 5000, 'the excluded .env chip');
    await until(() => chips.some((c) => c.id === '#file:src/settings.ts' && c.secrets === 1), 10_000, 'the secret found in settings.ts');
    const sent = await ask('Is my configuration right?');
    assert.match(sent, /export const retries = 3;/, 'the rest of settings.ts is sent');
    assert.match(sent, /\[secret removed by Parley: [^\]]+\]/);
    for (const request of server.requests) {
      const body = JSON.stringify(request.body);
      assert.ok(!body.includes('local-only-value'), 'the excluded file never arrived');
      assert.ok(!body.includes(PLANTED_TOKEN), 'the planted key never arrived');
    }
  });

  it('what does not fit the context window is left out by priority and reported', async () => {
    const big = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i}; // padding to make the file long`).join('\n');
    await vscode.workspace.fs.writeFile(file('src', 'big.ts'), Buffer.from(big));
    await setSettings({ contextWindow: 1500, maxOutputTokens: 256 });
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('src', 'csv.ts')));
      editor.selection = new vscode.Selection(6, 0, 8, 0);
      await until(() => chips.some((c) => c.id === 'selection'), 5000, 'the selection chip');
      await api.picker.choose('file:src/big.ts');
      await until(() => chips.some((c) => c.id === '#file:src/big.ts'), 5000, 'the big.ts chip');
      const sent = await ask('Too much?');
      assert.match(sent, /Selected in src\/csv\.ts, lines 7–8:/, 'the selection has the first claim');
      assert.ok(!sent.includes('value399'), 'big.ts did not fit');
      assert.ok(budget?.leftOut.some((label) => label.startsWith('big.ts')), JSON.stringify(budget));
      assert.ok(budget && budget.used <= budget.available);
    } finally {
      await setSettings({ contextWindow: undefined, maxOutputTokens: undefined });
    }
  });

  it('takes the context window from the server when the setting is empty', async () => {
    server.setContextLength(3000);
    await setSettings({ maxOutputTokens: 1000 });
    try {
      await ask('How big is your window?');
      assert.equal(budget?.available, 2000);
      assert.ok(server.requests.some((r) => r.path === '/api/show'), 'the server was asked');
    } finally {
      await setSettings({ maxOutputTokens: undefined });
    }
  });

  it('#changes sends the uncommitted diff from Git, #problems the workspace problems', async function () {
    const git = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: readonly unknown[] } }>('vscode.git');
    if (!git) this.skip();
    const gitApi = (git.isActive ? git.exports : await git.activate()).getAPI(1);
    try {
      await until(() => gitApi.repositories.length > 0, 15_000, 'Git to find the sample repository');
    } catch {
      // No git on this machine: the workspace copy is not a repository. Say so rather than pass silently.
      this.skip();
    }
    await vscode.workspace.fs.writeFile(file('src', 'report.py'), Buffer.from('def summarize(rows):\n    return len(rows)\n'));
    await api.picker.choose('changes');
    await until(() => chips.some((c) => c.id === '#changes' && c.state === 'kept'), 10_000, 'the changes chip');
    await api.picker.choose('problems');
    await until(() => chips.some((c) => c.id === '#problems'), 5000, 'the problems chip');
    const sent = await ask('Review my changes');
    assert.match(sent, /Uncommitted changes in the working tree:\n````?diff\n[\s\S]*\+ {4}return len\(rows\)/);
    assert.match(sent, /Problems in the workspace:/);
  });
});
