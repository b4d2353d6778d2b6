import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChipView, ProposalView } from '../../src/core/protocol';
import { nextEvent, setSettings, until, useSampleCsv } from './helpers';
import { CSV_PUSH } from '../fixtures/answers';

describe('corrections: what the person changed in a proposal', function () {
  const suite = useSampleCsv();
  let chips: readonly ChipView[] = [];
  let subscription: vscode.Disposable;

  before(() => {
    subscription = suite.api.chatView.onDidDeliver((message) => {
      if (message.type === 'context') chips = message.chips;
      if (message.type === 'snapshot') chips = message.snapshot.chips;
    });
  });

  after(async () => {
    subscription?.dispose();
    await setSettings({ 'lessons.enabled': undefined });
  });

  async function propose(): Promise<ProposalView> {
    suite.server.enqueue({ reply: CSV_PUSH });
    const answered = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the answer');
    await suite.api.chat.send('parseRow drops the last field; fix it');
    const conversation = await answered;
    return suite.api.proposals.views(conversation.id).at(-1) ?? assert.fail('a proposal');
  }

  it('a proposal corrected in the diff editor, then accepted, is recorded with the model’s text and the person’s', async () => {
    const before = (await suite.api.corrections.list()).length;
    const proposal = await propose();
    await suite.api.proposalEditor.open(proposal.id, 'src/csv.ts');
    const right = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'parley-proposal') ?? assert.fail('the proposal side');
    await right.edit((e) => {
      const text = right.document.getText();
      const at = text.lastIndexOf('fields.push(current);');
      e.replace(new vscode.Range(right.document.positionAt(at), right.document.positionAt(at + 'fields.push(current);'.length)), 'fields.push(current.trim());');
    });
    const recorded = nextEvent(suite.api.corrections.onDidRecord, 15_000, 'the recorded correction');
    await suite.api.proposals.decide(proposal.id, undefined, undefined, true);
    const example = await recorded;
    assert.equal(example.kind, 'corrected');
    assert.match(example.modelAnswer, /fields\.push\(current\);/);
    assert.match(example.correctedAnswer, /fields\.push\(current\.trim\(\)\);/);
    assert.ok(!example.correctedAnswer.includes('fields.push(current);\n'), 'the model’s line is replaced by the person’s');
    assert.equal(example.messages[0]?.role, 'system');
    assert.match(example.messages.at(-1)?.content ?? '', /parseRow drops the last field; fix it$/);
    const all = await suite.api.corrections.list();
    assert.equal(all.length, before + 1);
    const stored = all[0]!;
    assert.match(stored.files[0]!.model, /\n {2}fields\.push\(current\);\n/);
    assert.match(stored.files[0]!.accepted, /\n {2}fields\.push\(current\.trim\(\)\);\n/);
  });

  it('a rejected proposal is recorded as rejected, and both export formats write lines that read back', async () => {
    const proposal = await propose();
    const recorded = nextEvent(suite.api.corrections.onDidRecord, 15_000, 'the recorded rejection');
    await suite.api.proposals.decide(proposal.id, undefined, undefined, false);
    assert.equal((await recorded).kind, 'rejected');

    const chatFile = vscode.Uri.file(join(tmpdir(), `parley-chat-${Date.now()}.jsonl`));
    const chat = await suite.api.corrections.exportTo('chat', chatFile);
    const lines = (await readFile(chatFile.fsPath, 'utf8')).split('\n').filter((l) => l !== '');
    assert.equal(lines.length, chat.written);
    assert.ok(chat.written >= 1, 'the corrected example from the test before is written');
    assert.ok(chat.skipped.some((s) => /rejected/i.test(s.reason)), JSON.stringify(chat.skipped));
    for (const line of lines) {
      const { messages } = JSON.parse(line) as { messages: { role: string; content: string }[] };
      assert.equal(messages.at(-1)?.role, 'assistant');
      assert.ok(messages.every((m) => m.content.trim() !== ''));
    }
    assert.ok(lines.some((l) => l.includes('fields.push(current.trim());')), 'the corrected answer is the assistant turn');

    const pairsFile = vscode.Uri.file(join(tmpdir(), `parley-pairs-${Date.now()}.jsonl`));
    const pairs = await suite.api.corrections.exportTo('preferences', pairsFile);
    type Pair = { prompt: unknown[]; chosen: { content: string }[]; rejected: { content: string }[] };
    const written = (await readFile(pairsFile.fsPath, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Pair);
    assert.equal(written.length, pairs.written);
    // The correction: the person's text chosen over the model's. The rejection: no change chosen over the change.
    const corrected = written.find((p) => p.chosen[0]!.content.includes('current.trim()')) ?? assert.fail('the corrected pair');
    assert.match(corrected.rejected[0]!.content, /fields\.push\(current\);/);
    assert.ok(written.some((p) => p.rejected[0]!.content.includes('fields.push(current);') && !p.chosen[0]!.content.includes('fields.push(current')), 'the rejected proposal as a pair');
  });

  it('with lessons on, a lessons chip appears for similar code and its text reaches the model', async () => {
    await setSettings({ 'lessons.enabled': true });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(suite.csv));
    await until(() => chips.some((c) => c.kind === 'lessons'), 10_000, 'the lessons chip');
    suite.server.enqueue({ reply: 'Noted.' });
    const answered = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the answer');
    await suite.api.chat.send('Anything else to fix here?');
    await answered;
    const body = suite.server.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as { messages: { content: string }[] };
    assert.match(body.messages.at(-1)?.content ?? '', /fields\.push\(current\.trim\(\)\);/, 'the person’s correction is in the prompt as a lesson');
  });
});
