// Runs only in a window whose folder is not trusted (npm test opens one after the trusted run): Parley keeps the
// manifest's promise that it changes no files in Restricted Mode, and still chats and explains.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { FIX_COMMAND } from '../../src/host/codeActions';
import type { ProblemArgument } from '../../src/host/codeActions';
import { nextEvent, until, useSampleCsv } from './helpers';
import { CSV_LOOP_AND_PUSH } from '../fixtures/answers';

/** Every file of the workspace folder (Git's own folder aside) with its text. */
async function filesOf(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const name = relative(root, full);
    if (name.split(/[\\/]/)[0] !== '.git') out.set(name, await readFile(full, 'utf8'));
  }
  return out;
}

describe('Restricted Mode: an untrusted workspace', function () {
  const suite = useSampleCsv();
  let before: Map<string, string>;
  const root = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? assert.fail('a workspace folder');
  const requests = () => suite.chatBodies().length;

  async function openCsv(select?: vscode.Range): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(suite.csv));
    // The file was just written back as committed; its buffer may still be catching up with the disk (seen once:
    // an empty buffer read mid-write).
    await until(() => editor.document.getText() === suite.original, 5000, 'src/csv.ts open as committed');
    if (select) editor.selection = new vscode.Selection(select.start, select.end);
    return editor;
  }

  function assertUnchanged(document: vscode.TextDocument): void {
    assert.equal(document.getText(), suite.original, 'the buffer is as it was');
    assert.equal(document.isDirty, false, 'no unsaved edit either');
  }

  it('runs in a window whose workspace is not trusted', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the test host opened the folder untrusted');
    before = await filesOf(root());
    assert.ok(before.has(join('src', 'csv.ts')));
  });

  it('the chat still answers, with the open file as context', async () => {
    await openCsv();
    suite.server.enqueue({ reply: 'The loop stops one character early.' });
    const answered = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the answer');
    await suite.api.chat.send('Why does parseRow drop the last field?');
    const conversation = await answered;
    assert.equal(conversation.turns.at(-1)?.status, 'done');
    assert.equal(conversation.turns.at(-1)?.text, 'The loop stops one character early.');
    assert.match(suite.chatBodies().at(-1)?.messages.at(-1)?.content ?? '', /^File src\/csv\.ts:/m);
  });

  it('a proposal is shown with why Accept is unavailable, and accepting writes nothing', async () => {
    const document = (await openCsv()).document;
    suite.server.enqueue({ reply: CSV_LOOP_AND_PUSH });
    const answered = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the answer');
    await suite.api.chat.send('Fix parseRow, please');
    const proposal = suite.api.proposals.views((await answered).id).at(-1) ?? assert.fail('a proposal');
    assert.equal(proposal.files[0]?.hunks.length, 2, 'the proposal is there to review');
    assert.match(proposal.note?.text ?? '', /^Restricted Mode: .*Accept is unavailable/);
    await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
    await suite.api.proposals.decide(proposal.id, 'src/csv.ts', proposal.files[0]!.hunks[0]!.id, true);
    assertUnchanged(document);
    const after = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1);
    assert.deepEqual(after?.files[0]?.hunks.map((h) => h.status), ['pending', 'pending']);
    assert.match(after?.note?.text ?? '', /Restricted Mode/);
  });

  it('Insert puts nothing into the editor', async () => {
    const editor = await openCsv(new vscode.Range(6, 0, 8, 0));
    await suite.api.actions.insert('// inserted\n');
    assertUnchanged(editor.document);
  });

  it('Refactor Selection and Fix with Parley refuse before asking the model', async () => {
    const editor = await openCsv(new vscode.Range(6, 0, 8, 0));
    const asked = requests();
    await vscode.commands.executeCommand('parley.refactorSelection', 'Simplify');
    const problem: ProblemArgument = { uri: suite.csv.toString(), message: 'The loop stops one character early.', line: 7 };
    await vscode.commands.executeCommand(FIX_COMMAND, problem);
    assert.equal(requests(), asked, 'the model was not asked');
    assert.equal(suite.api.chat.conversation.turns.length, 0, 'nothing was asked in the chat');
    assertUnchanged(editor.document);
  });

  it('Explain still answers in a thread at the code', async () => {
    await openCsv(new vscode.Range(6, 0, 8, 0));
    suite.server.enqueue({ reply: 'It walks the line one character at a time, but stops one short.' });
    const thread = await suite.api.explanations.explain();
    assert.ok(thread, 'a thread was made');
    await until(() => suite.api.explanations.threads().some((t) => t.turns.at(-1)?.status === 'done'), 10_000, 'the explanation');
    assert.match(String((thread.comments[0]?.body as vscode.MarkdownString).value), /one character at a time/);
  });

  it('no file of the workspace was changed, created or deleted', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(await filesOf(root()), before);
  });
});
