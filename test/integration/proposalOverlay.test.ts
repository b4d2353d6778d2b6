import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { nextEvent, until, useSampleCsv } from './helpers';
import { CSV_LOOP_AND_PUSH } from '../fixtures/answers';

describe('a pending proposal shown in its editor', function () {
  const suite = useSampleCsv();

  async function proposeWithEditorOpen(): Promise<{ editor: vscode.TextEditor; proposalId: string }> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(suite.csv));
    suite.server.enqueue({ reply: CSV_LOOP_AND_PUSH });
    const answered = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the answer');
    await suite.api.chat.send('Fix parseRow, please');
    const conversation = await answered;
    const proposal = suite.api.proposals.views(conversation.id).at(-1) ?? assert.fail('a proposal');
    return { editor, proposalId: proposal.id };
  }

  const lensTitles = async (uri: vscode.Uri): Promise<string[]> => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    return lenses.flatMap((l) => (l.command?.command.startsWith('parley.proposal.') ? [`${l.range.start.line}:${l.command.title}`] : []));
  };

  it('marks the lines each change replaces, offers Accept | Reject | Diff above it, and clears once decided', async () => {
    const { editor, proposalId } = await proposeWithEditorOpen();
    // Earlier suites may leave proposals for this file undecided: once this one is decided, the next is drawn.
    const ours = () => suite.api.proposalOverlay.placed(suite.csv).filter((p) => p.proposalId === proposalId);
    const lines = editor.document.getText().split('\n');
    const loop = lines.findIndex((l) => l.includes('i < n - 1'));
    await until(() => ours().length === 2, 5_000, 'both changes drawn');
    const [first, second] = ours();
    assert.deepEqual([first?.start, first?.end, first?.added], [loop, loop + 1, ['  for (let i = 0; i < n; i++) {']]);
    assert.ok(second?.added.includes('  fields.push(current);'));
    assert.deepEqual(await lensTitles(suite.csv), [
      `${loop}:$(check) Accept +1 −1`, `${loop}:$(close) Reject`, `${loop}:$(diff) Diff`,
      `${second?.start}:$(check) Accept +${second?.added.length} −${second?.removed}`, `${second?.start}:$(close) Reject`, `${second?.start}:$(diff) Diff`,
    ]);

    // Typing above the changes moves them with the text.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// typed while reviewing\n'));
    await until(() => ours()[0]?.start === loop + 1, 5_000, 'the marks follow the typing');

    const view = suite.api.proposals.views(suite.api.chat.conversation.id).at(-1)!;
    await suite.api.proposals.decide(proposalId, 'src/csv.ts', view.files[0]!.hunks[0]!.id, false);
    await until(() => ours().length === 1, 5_000, 'the rejected change is no longer drawn');
    await suite.api.proposals.decide(proposalId, undefined, undefined, true);
    await until(() => ours().length === 0, 5_000, 'nothing of it drawn once all is decided');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', suite.csv);
    assert.ok(!(lenses ?? []).some((l) => l.command?.arguments?.[0] === proposalId), 'no lens of it left');
  });

  it('the Diff lens opens the proposal beside the file', async () => {
    const { proposalId } = await proposeWithEditorOpen();
    await vscode.commands.executeCommand('parley.proposal.openDiff', proposalId, 'src/csv.ts');
    await until(() => vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'parley-proposal'), 5_000, 'the proposal side is open');
    await suite.api.proposals.decide(proposalId, undefined, undefined, false);
  });
});
