import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { chmod } from 'node:fs/promises';
import type { ProposalView } from '../../src/core/protocol';
import { nextEvent, until, useSampleCsv } from './helpers';
import { CSV_CLINE, CSV_DAMAGED_MARKER, CSV_LOOP_AND_PUSH, CSV_V4A } from '../fixtures/answers';

describe('proposals from answers', function () {
  const suite = useSampleCsv();

  /** Asks; the fake model answers with `reply`; resolves with the proposal made from the answer. */
  async function propose(reply: string): Promise<ProposalView> {
    suite.server.enqueue({ reply });
    const answered = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the answer');
    await suite.api.chat.send('Fix parseRow, please');
    const conversation = await answered;
    const proposal = suite.api.proposals.views(conversation.id).at(-1);
    assert.ok(proposal, 'a proposal was made from the answer');
    return proposal;
  }

  const textOf = async (uri: vscode.Uri) => (await vscode.workspace.openTextDocument(uri)).getText();

  it('accepting all applies every hunk in one step that one undo takes back, in the open buffer, not on disk', async () => {
    const proposal = await propose(CSV_LOOP_AND_PUSH);
    assert.deepEqual(proposal.files.map((f) => [f.path, f.hunks.length]), [['src/csv.ts', 2]]);
    assert.deepEqual(proposal.refused, []);
    await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
    const document = await vscode.workspace.openTextDocument(suite.csv);
    assert.match(document.getText(), /for \(let i = 0; i < n; i\+\+\)/);
    assert.match(document.getText(), / {2}fields\.push\(current\);\n {2}return fields;/);
    assert.equal(document.isDirty, true, 'the edit is in the buffer, for the person to save');
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(suite.csv)).toString('utf8'), suite.original, 'nothing written to disk behind the editor');
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), suite.original);
  });

  it('accepting one hunk and rejecting the other applies exactly the one', async () => {
    const proposal = await propose(CSV_LOOP_AND_PUSH);
    const file = proposal.files[0]!;
    await suite.api.proposals.decide(proposal.id, file.path, file.hunks[0]!.id, true);
    await suite.api.proposals.decide(proposal.id, file.path, file.hunks[1]!.id, false);
    const text = await textOf(suite.csv);
    assert.equal(text, suite.original.replace('i < n - 1', 'i < n'));
    const view = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1);
    assert.deepEqual(view?.files[0]?.hunks.map((h) => h.status), ['accepted', 'rejected']);
  });

  it('works on an unsaved buffer, and keeps what the person typed after the proposal was made', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(suite.csv));
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// typed before asking\n'));
    const proposal = await propose(CSV_LOOP_AND_PUSH);
    await editor.edit((e) => e.insert(new vscode.Position(editor.document.lineCount - 1, 0), '// typed while reviewing\n'));
    await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
    const text = editor.document.getText();
    assert.ok(text.startsWith('// typed before asking\n'));
    assert.match(text, /\/\/ typed while reviewing\n/);
    assert.match(text, /i < n; i\+\+/);
    assert.match(text, /fields\.push\(current\);\n {2}return fields;/);
  });

  it('a hunk that collides with the person’s edit is a conflict: their text stays, the rest is applied', async () => {
    const proposal = await propose(CSV_LOOP_AND_PUSH);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(suite.csv));
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('i < n - 1'));
    await editor.edit((e) => e.replace(editor.document.lineAt(line).range, '  for (let i = 0; i <= n - 1; i++) { // mine'));
    await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
    const text = editor.document.getText();
    assert.match(text, /i <= n - 1; i\+\+\) \{ \/\/ mine/, 'the person’s line is kept');
    assert.match(text, /fields\.push\(current\);\n {2}return fields;/, 'the other hunk is applied');
    const view = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1);
    assert.deepEqual(view?.files[0]?.hunks.map((h) => h.status), ['conflict', 'accepted']);
    assert.match(view?.note?.text ?? '', /collides with your own edits/);

    // Settling it: the proposal side is made to say what the person wants there, then Try again.
    const proposed = suite.api.proposals.get(proposal.id)?.files[0]?.proposed ?? assert.fail('the proposal text');
    suite.api.proposals.correct(proposal.id, 'src/csv.ts', proposed.replace('  for (let i = 0; i < n; i++) {', '  for (let i = 0; i <= n - 1; i++) { // mine'));
    const retried = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1)!;
    const pending = retried.files[0]!.hunks.find((h) => h.status !== 'accepted') ?? assert.fail('the hunk to try again');
    await suite.api.proposals.decide(proposal.id, 'src/csv.ts', pending.id, true);
    assert.match(editor.document.getText(), /i <= n - 1; i\+\+\) \{ \/\/ mine/);
    assert.ok(suite.api.proposals.views(suite.api.chat.conversation.id).at(-1)!.files[0]!.hunks.every((h) => h.status === 'accepted'), 'nothing left in conflict');
  });

  it('a read-only file is not written, and the card says why', async () => {
    const proposal = await propose(CSV_LOOP_AND_PUSH);
    await chmod(suite.csv.fsPath, 0o444);
    try {
      await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
      const view = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1);
      assert.match(view?.note?.text ?? '', /read-only/);
      assert.equal(await textOf(suite.csv), suite.original);
    } finally {
      await chmod(suite.csv.fsPath, 0o644);
    }
  });

  it('reports the new problems an applied edit brings, and Undo puts the file back', async () => {
    // Stands in for a language server: it reports a problem on any line that calls an unknown function.
    const diagnostics = vscode.languages.createDiagnosticCollection('parley-test');
    const check = (document: vscode.TextDocument) => {
      if (document.uri.toString() !== suite.csv.toString()) return;
      const found = document.getText().split('\n').flatMap((text, line) => (text.includes('undefinedHelper(') ? [new vscode.Diagnostic(new vscode.Range(line, 0, line, text.length), "Cannot find name 'undefinedHelper'.")] : []));
      diagnostics.set(document.uri, found);
    };
    const watching = vscode.workspace.onDidChangeTextDocument((e) => check(e.document));
    try {
      const proposal = await propose(CSV_LOOP_AND_PUSH.replace('  fields.push(current);', '  fields.push(undefinedHelper(current));'));
      await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
      await until(() => /new problem/.test(suite.api.proposals.views(suite.api.chat.conversation.id).at(-1)?.note?.text ?? ''), 10_000, 'the problems note');
      const note = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1)?.note;
      // This test's own report, and TypeScript's when its server is quick enough to say the same.
      assert.match(note?.text ?? '', /^Applied\. [12] new problems?\.$/);
      assert.deepEqual(note?.actions, ['fix-problems', 'undo']);
      await suite.api.proposals.undo(proposal.id);
      assert.equal(await textOf(suite.csv), suite.original);
    } finally {
      watching.dispose();
      diagnostics.dispose();
    }
  });

  it('the person’s correction in the diff editor is what gets applied', async () => {
    const proposal = await propose(CSV_LOOP_AND_PUSH);
    await suite.api.proposalEditor.open(proposal.id, 'src/csv.ts');
    const right = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'parley-proposal');
    assert.ok(right, 'the proposal side is open in the diff editor');
    await right.edit((e) => {
      const text = right.document.getText();
      const at = text.lastIndexOf('fields.push(current);');
      e.replace(new vscode.Range(right.document.positionAt(at), right.document.positionAt(at + 'fields.push(current);'.length)), 'fields.push(current.trim());');
    });
    await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
    assert.match(await textOf(suite.csv), / {2}fields\.push\(current\.trim\(\)\);\n {2}return fields;/);
  });

  it('a block that cannot be placed is refused with the closest text, and Ask to fix says what was found', async () => {
    const reply = ['```ts src/csv.ts', '<<<<<<< SEARCH', '  for (let index = 0; index < count - 1; index++) {', '    const character = line[index];', '=======', '  for (const ch of line) {', '>>>>>>> REPLACE', '```'].join('\n');
    const proposal = await propose(reply);
    assert.equal(proposal.files.length, 0);
    assert.equal(proposal.refused.length, 1);
    assert.match(proposal.refused[0]?.reason ?? '', /was not found in src\/csv\.ts/);
    suite.server.enqueue({ reply: CSV_LOOP_AND_PUSH });
    const answered = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the fixed answer');
    await suite.api.chat.send(suite.api.proposals.fixMessage(proposal.id, 'refused') ?? assert.fail('a fix message'));
    await answered;
    const asked = suite.server.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as { messages: { content: string }[] };
    assert.match(asked.messages.at(-1)?.content ?? '', /could not be applied[\s\S]*The closest text in the file is lines \d+–\d+/);
    assert.equal(suite.api.proposals.views(suite.api.chat.conversation.id).at(-1)?.files.length, 1, 'the corrected answer became a proposal');
  });

  for (const [dialect, reply] of [['Cline’s tool call', CSV_CLINE], ['a V4A patch', CSV_V4A]] as const) {
    it(`an answer written as ${dialect} becomes the same two hunks, and accepting them fixes the file`, async () => {
      const proposal = await propose(reply);
      assert.deepEqual(proposal.refused, []);
      assert.deepEqual(proposal.files.map((f) => [f.path, f.hunks.length]), [['src/csv.ts', 2]]);
      await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
      const text = await textOf(suite.csv);
      assert.equal(text, suite.original.replace('i < n - 1', 'i < n').replace('  }\n  return fields;', '  }\n  fields.push(current);\n  return fields;'));
    });
  }

  it('a block with a damaged marker is refused with the reason and the file is left exactly as it was', async () => {
    const proposal = await propose(CSV_DAMAGED_MARKER);
    assert.deepEqual(proposal.files, []);
    assert.match(proposal.refused[0]?.reason ?? '', /`<<-- SEARCH`, which is not a well-formed marker/);
    assert.equal(await textOf(suite.csv), suite.original);
  });
});
