import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeModelServer } from '../fixtures/fakeModelServer';
import type { ChipView } from '../../src/core/protocol';
import type { ParleyApi } from '../../src/extension';
import type { ViewActions } from '../../src/host/viewActions';
import { activateParley, connectToFakeServer, nextEvent, openChatView, setSettings, until } from './helpers';

type Body = { messages: { role: string; content: string }[] };

describe('project instructions and slash commands', function () {
  let server: FakeModelServer;
  let disconnect: () => Promise<void>;
  let api: ParleyApi;
  let chips: readonly ChipView[] = [];
  let subscription: vscode.Disposable;
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri ?? assert.fail('the tests run with a workspace folder');
  const file = (path: string) => vscode.Uri.joinPath(folder(), ...path.split('/'));
  const write = (path: string, text: string) => vscode.workspace.fs.writeFile(file(path), new TextEncoder().encode(text));
  const instructions = () => chips.find((c) => c.id === 'instructions');
  const lastBody = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as Body;

  async function ask(question: string): Promise<Body> {
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, `the answer to "${question}"`);
    await api.chat.send(question);
    await answered;
    return lastBody();
  }

  before(async () => {
    ({ server, disconnect } = await connectToFakeServer(['fake-model'], { excludeFiles: ['CLAUDE.md'] }));
    await write('AGENTS.md', 'Use tabs in this project, never spaces.\n');
    await write('.cursor/rules/typescript.mdc', '---\ndescription: TypeScript\nglobs: "**/*.ts"\nalwaysApply: false\n---\nPrefer readonly arrays.\n');
    await write('.cursor/rules/python.mdc', '---\nglobs: "**/*.py"\n---\nPython rule text.\n');
    await write('CLAUDE.md', 'claude-only-value: must never be read.\n');
    await write('.github/prompts/summarize.prompt.md', '---\ndescription: Summarize for a reader\n---\nSummarize ${file} for ${input:reader}.\n');
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
    for (const path of ['AGENTS.md', '.cursor', 'CLAUDE.md', '.github']) await vscode.workspace.fs.delete(file(path), { recursive: true }).then(undefined, () => undefined);
    await disconnect?.();
    await setSettings({ excludeFiles: undefined });
  });

  beforeEach(() => {
    server.reset();
    api.chat.newChat();
  });

  it('shows one instructions chip with its sources and tokens, and sends its text in the system message', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('src/csv.ts')));
    await until(() => instructions()?.tokens !== undefined && /prompt: AGENTS\.md, \.cursor\/rules\/typescript\.mdc\./.test(instructions()?.detail ?? ''), 10_000, 'the instructions chip for csv.ts with its token count');
    const chip = instructions()!;
    assert.equal(chip.kind, 'instructions');
    assert.equal(chip.state, 'kept');
    assert.match(chip.detail, /AGENTS\.md, \.cursor\/rules\/typescript\.mdc/);
    assert.match(chip.detail, /python\.mdc \(globs \*\*\/\*\.py do not match csv\.ts\)/);
    const body = await ask('Is this file fine?');
    const system = body.messages[0];
    assert.equal(system?.role, 'system');
    assert.match(system?.content ?? '', /Use tabs in this project, never spaces\./);
    assert.match(system?.content ?? '', /Prefer readonly arrays\./);
    assert.ok(!(system?.content ?? '').includes('Python rule text'));
    assert.ok(!(body.messages.at(-1)?.content ?? '').includes('Use tabs in this project'), 'not repeated in the question');
  });

  it('an excluded instruction file is taken out before it is read: the chip says so and its text never arrives', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('src/csv.ts')));
    await until(() => instructions()?.detail.includes('CLAUDE.md (excluded)') === true, 10_000, 'the chip naming CLAUDE.md as excluded');
    await ask('Anything else?');
    for (const request of server.requests) assert.ok(!JSON.stringify(request.body ?? '').includes('claude-only-value'));
  });

  it('picks up a change on disk before the next question', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('src/csv.ts')));
    await until(() => instructions()?.tokens !== undefined, 10_000, 'the instructions chip with its token count');
    const before = instructions()?.tokens;
    await write('AGENTS.md', 'Use two spaces, changed on disk. Indent continuation lines by four, and keep lines under 100 characters.\n');
    await until(() => instructions()?.tokens !== before, 10_000, 'the chip counting the new AGENTS.md');
    const body = await ask('And now?');
    assert.match(body.messages[0]?.content ?? '', /Use two spaces, changed on disk\./);
    assert.ok(!(body.messages[0]?.content ?? '').includes('never spaces'));
  });

  it('× leaves the instructions out for the rest of the chat; a new chat sends them again', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('src/csv.ts')));
    await until(() => instructions() !== undefined, 10_000, 'the instructions chip');
    api.context.toggle('instructions');
    await until(() => instructions()?.state === 'removed', 5000, 'the chip shown as removed');
    assert.ok(!((await ask('First?')).messages[0]?.content ?? '').includes('Prefer readonly arrays'));
    assert.ok(!((await ask('Second?')).messages[0]?.content ?? '').includes('Prefer readonly arrays'), 'still left out in the same chat');
    api.chat.newChat();
    assert.match((await ask('New chat?')).messages[0]?.content ?? '', /Prefer readonly arrays/);
  });

  it('/explain says what it will send, then asks about the selection', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('src/csv.ts')));
    editor.selection = new vscode.Selection(1, 0, 4, 0);
    const slash = (api.actions as unknown as ViewActions).slash;
    const typing = await slash.query('/ex');
    assert.equal(typing.entries[0]?.label, '/explain');
    const commands = (await slash.query('/')).entries.map((e) => e.label);
    assert.ok(commands.includes('/summarize'), 'the prompt file is a command');
    const line = await slash.query('/explain ');
    assert.equal(line.entries[0]?.description, '/explain · the selection in csv.ts, lines 2–4');
    const body = await ask('/explain');
    const question = body.messages.at(-1)?.content ?? '';
    assert.match(question, /Question:\nExplain the selected code \(lines 2–4 of src\/csv\.ts\)/);
    assert.match(question, /Selected in src\/csv\.ts, lines 2–4:/);
  });
});
