// What Parley keeps in the extension's storage (conversations, corrections): never anything an excluded file holds.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { nextEvent, resetFile, useSampleCsv } from './helpers';
import { CSV_PUSH } from '../fixtures/answers';

/** The sample workspace's .env holds this; nothing else does. */
const SECRET = 'local-only-value-7f3a';

/** Every file under `dir` with its text. */
async function filesUnder(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(entries.filter((e) => e.isFile()).map(async (e) => ({ path: join(e.parentPath, e.name), text: await readFile(join(e.parentPath, e.name), 'utf8') })));
}

describe("Parley's storage", function () {
  const suite = useSampleCsv();
  const env = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? assert.fail('a workspace folder'), '.env');
  let envText = '';

  before(async () => {
    envText = Buffer.from(await vscode.workspace.fs.readFile(env())).toString('utf8');
    assert.ok(envText.includes(SECRET), 'the fixture holds the value this test looks for');
  });

  after(async () => {
    await resetFile(env(), envText);
  });

  it('never holds what an excluded file holds: not from its chip, its proposal or the decision on it', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(env()));
    // A whole-file edit of .env: the proposal is made against its text, which the answer itself never repeats.
    suite.server.enqueue({ reply: 'Rename the variable:\n\n```env .env\nAPI_KEY=set-me\n```' });
    const answered = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the answer');
    await suite.api.chat.send('Rename API_TOKEN in my env file to API_KEY');
    const conversation = await answered;
    const proposal = suite.api.proposals.views(conversation.id).at(-1) ?? assert.fail('a proposal for .env');
    assert.deepEqual(proposal.files.map((f) => f.path), ['.env']);
    await suite.api.proposals.decide(proposal.id, undefined, undefined, false);
    // A correction that is recorded, after: once it is on disk, one wrongly recorded for .env would be too.
    suite.server.enqueue({ reply: CSV_PUSH });
    const next = nextEvent(suite.api.chat.onDidAnswer, 20_000, 'the second answer');
    await suite.api.chat.send('parseRow drops the last field; fix it');
    const second = suite.api.proposals.views((await next).id).at(-1) ?? assert.fail('a proposal for csv.ts');
    const recorded = nextEvent(suite.api.corrections.onDidRecord, 15_000, 'the csv.ts correction');
    await suite.api.proposals.decide(second.id, undefined, undefined, false);
    await recorded;

    const stored = await filesUnder(dirname(suite.api.corrections.dir));
    assert.ok(stored.some((f) => f.text.includes('Rename API_TOKEN in my env file')), `the conversation is stored where this test looks (${stored.map((f) => f.path).join(', ')})`);
    assert.ok(stored.some((f) => f.path.startsWith(suite.api.corrections.dir) && f.text.includes('fields.push(current)')), 'so is the csv.ts correction');
    for (const file of stored) assert.ok(!file.text.includes(SECRET), `${file.path} holds text of the excluded .env`);
  });
});
