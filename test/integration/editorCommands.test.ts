import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { chmod } from 'node:fs/promises';
import { until, useSampleCsv } from './helpers';

const LOOP_REWRITE = ['Read every character, then keep the last field:', '', '```ts', '  for (let i = 0; i < n; i++) {', '    const ch = line[i];', '```'].join('\n');

describe('refactor commands, code actions and explanations in the editor', function () {
  const suite = useSampleCsv();

  async function openCsv(select?: vscode.Range): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(suite.csv));
    if (select) editor.selection = new vscode.Selection(select.start, select.end);
    return editor;
  }

  /** TypeScript's language server takes a while to start; the symbol-based commands need it. */
  async function symbolsReady(uri: vscode.Uri): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const symbols = await vscode.commands.executeCommand<unknown[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
      if (symbols && symbols.length > 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('no document symbols for csv.ts after 30 s');
  }

  const proposalSideOpen = () => vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'parley-proposal');

  it('Refactor Selection asks about the selected lines and opens the answer as a proposal in the diff editor', async () => {
    await openCsv(new vscode.Range(6, 0, 8, 0));
    suite.server.enqueue({ reply: LOOP_REWRITE });
    await vscode.commands.executeCommand('parley.refactorSelection', 'Simplify');
    const asked = suite.chatBodies().at(-1)?.messages.at(-1)?.content ?? '';
    assert.match(asked, /Simplify this code without changing what it does\.[\s\S]*Apply it to the selected code \(lines 7–8 of src\/csv\.ts\)/);
    assert.match(asked, /Selected in src\/csv\.ts, lines 7–8:/);
    const proposal = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1);
    assert.deepEqual(proposal?.files.map((f) => f.path), ['src/csv.ts']);
    assert.ok(proposalSideOpen(), 'the diff editor shows the proposal');
    await suite.api.proposals.decide(proposal!.id, undefined, undefined, true);
    const text = (await vscode.workspace.openTextDocument(suite.csv)).getText();
    assert.equal(text, suite.original.replace('i < n - 1', 'i < n'));
  });

  it('with nothing selected, works on the function around the cursor', async () => {
    const editor = await openCsv();
    await symbolsReady(suite.csv);
    editor.selection = new vscode.Selection(7, 4, 7, 4);
    suite.server.enqueue({ reply: ['```ts', suite.original.split('\n').slice(1, 19).join('\n').replace('i < n - 1', 'i < n'), '```'].join('\n') });
    await vscode.commands.executeCommand('parley.refactorSelection', 'Simplify');
    assert.match(suite.chatBodies().at(-1)?.messages.at(-1)?.content ?? '', /Apply it to the function parseRow \(lines 2–19 of src\/csv\.ts\)/);
    const proposal = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1);
    assert.equal(proposal?.files[0]?.hunks.length, 1);
  });

  it('Generate tests proposes a new test file named like the project’s', async () => {
    await openCsv(new vscode.Range(1, 0, 19, 0));
    suite.server.enqueue({ reply: ['```ts', "import { parseRow } from './csv';", '', "it('keeps the last field', () => {});", '```'].join('\n') });
    await vscode.commands.executeCommand('parley.refactorSelection', 'Generate tests');
    const proposal = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1);
    assert.deepEqual(proposal?.files.map((f) => [f.path, f.isNew]), [['src/csv.test.ts', true]]);
    assert.match(suite.chatBodies().at(-1)?.messages.at(-1)?.content ?? '', /new file src\/csv\.test\.ts/);
  });

  it('works on an untitled buffer like on a file, without asking for confirmation', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'function add(a, b) {\n  return a + b;\n}\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 3, 0);
    suite.server.enqueue({ reply: ['```ts', 'function add(a: number, b: number): number {', '  return a + b;', '}', '```'].join('\n') });
    await vscode.commands.executeCommand('parley.refactorSelection', 'Add types');
    const proposal = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1) ?? assert.fail('a proposal');
    assert.equal(proposal.files[0]?.caution, undefined);
    await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
    assert.equal(document.getText(), 'function add(a: number, b: number): number {\n  return a + b;\n}\n');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a read-only file is not refactored, and nothing is asked of the model', async () => {
    await openCsv(new vscode.Range(6, 0, 8, 0));
    await chmod(suite.csv.fsPath, 0o444);
    try {
      await vscode.commands.executeCommand('parley.refactorSelection', 'Simplify');
      assert.equal(suite.chatBodies().length, 0);
    } finally {
      await chmod(suite.csv.fsPath, 0o644);
    }
  });

  it('Cancel on the progress notification stops the answer: nothing applied and no proposal', async () => {
    // The notification's Cancel button cancels the token VS Code hands the task: hand the task a token the test
    // cancels instead (the notification itself is not reachable from the extension host).
    const window = vscode.window as { withProgress: typeof vscode.window.withProgress };
    const withProgress = window.withProgress;
    const cancel = new vscode.CancellationTokenSource();
    let cancellable: boolean | undefined;
    window.withProgress = (options, task) => {
      cancellable = options.cancellable;
      return withProgress(options, (progress) => task(progress, cancel.token));
    };
    try {
      await openCsv(new vscode.Range(6, 0, 8, 0));
      suite.server.enqueue({ reply: LOOP_REWRITE.repeat(30), chunkSize: 3, delayMs: 20 });
      const running = vscode.commands.executeCommand('parley.refactorSelection', 'Simplify');
      await until(() => (suite.api.chat.isBusy && suite.api.chat.conversation.turns.at(-1)?.text.length) ? true : false, 10_000, 'the refactor answer to stream');
      assert.equal(cancellable, true, 'the notification offers Cancel');
      cancel.cancel();
      await running;
      assert.equal(suite.api.chat.conversation.turns.at(-1)?.status, 'stopped');
      assert.equal(suite.api.proposals.views(suite.api.chat.conversation.id).length, 0);
      assert.equal((await vscode.workspace.openTextDocument(suite.csv)).getText(), suite.original);
    } finally {
      window.withProgress = withProgress;
      cancel.dispose();
    }
  });

  it('offers Fix with Parley on a problem, Refactor and Explain on a selection, and nothing otherwise', async () => {
    await openCsv();
    const diagnostics = vscode.languages.createDiagnosticCollection('parley-test');
    try {
      const problem = new vscode.Diagnostic(new vscode.Range(6, 2, 6, 40), 'The loop stops one character early.', vscode.DiagnosticSeverity.Warning);
      diagnostics.set(suite.csv, [problem]);
      const titles = async (range: vscode.Range) =>
        ((await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', suite.csv, range)) ?? []).map((a) => a.title).filter((t) => /Parley/.test(t));
      assert.deepEqual(await titles(new vscode.Range(6, 5, 6, 5)), ['Fix with Parley: The loop stops one character early.']);
      assert.deepEqual(await titles(new vscode.Range(12, 0, 14, 0)), ['Refactor with Parley…', 'Explain with Parley']);
      assert.deepEqual(await titles(new vscode.Range(20, 0, 20, 0)), []);

      suite.server.enqueue({ reply: LOOP_REWRITE });
      const fix = ((await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', suite.csv, new vscode.Range(6, 5, 6, 5))) ?? []).find((a) => a.title.startsWith('Fix with Parley'));
      assert.ok(fix?.command);
      await symbolsReady(suite.csv);
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      const asked = suite.chatBodies().at(-1)?.messages.at(-1)?.content ?? '';
      assert.match(asked, /Fix this problem in src\/csv\.ts at line 7: The loop stops one character early\./);
      assert.match(asked, /The function parseRow in src\/csv\.ts/);
      assert.ok(suite.api.proposals.views(suite.api.chat.conversation.id).at(-1), 'the fix became a proposal');
    } finally {
      diagnostics.dispose();
    }
  });

  it('Explain streams into a thread at the code; a reply continues the same conversation; an edit marks it out of date', async () => {
    const editor = await openCsv(new vscode.Range(6, 0, 8, 0));
    suite.server.enqueue({ reply: 'It walks the line **one character at a time**, but stops one short.' });
    const thread = await suite.api.explanations.explain();
    assert.ok(thread, 'a thread was made');
    await until(() => suite.api.explanations.threads().some((t) => t.turns.at(-1)?.status === 'done'), 10_000, 'the explanation');
    const shown = suite.api.explanations.threads()[0]!;
    assert.equal(shown.thread.range?.start.line, 6);
    assert.match(String((shown.thread.comments[0]?.body as vscode.MarkdownString).value), /one character at a time/);
    assert.equal(shown.thread.comments[0]?.author.name, 'Parley');

    suite.server.enqueue({ reply: 'Because `n - 1` excludes the last index.' });
    await vscode.commands.executeCommand('parley.explain.reply', { thread, text: 'Why one short?' });
    const body = suite.chatBodies().at(-1)!;
    assert.deepEqual(body.messages.slice(1).map((m) => m.role), ['user', 'assistant', 'user']);
    assert.match(body.messages[1]!.content, /Explain the selected code \(lines 7–8 of src\/csv\.ts\)/);
    assert.match(body.messages[2]!.content, /one character at a time/);
    assert.match(body.messages[3]!.content, /Why one short\?$/);
    assert.match(body.messages[3]!.content, /Selected in src\/csv\.ts, lines 7–8:/, 'the follow-up carries the same context');
    assert.equal(body.messages[3]!.content.split('Selected in src/csv.ts').length, 2, 'the selection is sent once, not as the editor’s and the explanation’s');
    assert.deepEqual(thread!.comments.map((c) => c.author.name), ['Parley', 'You', 'Parley']);

    // The same unchanged code again: the thread is shown, the model is not asked.
    const requests = suite.chatBodies().length;
    assert.equal(await suite.api.explanations.explain(), thread);
    assert.equal(suite.chatBodies().length, requests);

    await editor.edit((e) => e.insert(new vscode.Position(7, 0), '    // checked\n'));
    await until(() => suite.api.explanations.threads()[0]?.stale === true, 5000, 'the out-of-date mark');
    assert.match(thread!.label ?? '', /possibly out of date/);
  });

  it('Open in Chat moves an explanation’s conversation to the sidebar', async () => {
    await openCsv(new vscode.Range(6, 0, 8, 0));
    suite.server.enqueue({ reply: 'It walks the line.' });
    const thread = await suite.api.explanations.explain();
    await until(() => suite.api.explanations.threads().some((t) => t.turns.at(-1)?.status === 'done'), 10_000, 'the explanation');
    const turns = suite.api.explanations.threads().find((t) => t.thread === thread)!.turns;
    await vscode.commands.executeCommand('parley.explain.openInChat', thread);
    assert.deepEqual(suite.api.chat.conversation.turns.map((t) => t.text), turns.map((t) => t.text));
    assert.equal(suite.api.explanations.threads().some((t) => t.thread === thread), false, 'the thread is gone from the editor');
  });
});
