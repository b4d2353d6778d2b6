import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeModelServer } from '../fixtures/fakeModelServer';
import type { ContextItem } from '../../src/core/context/items';
import type { ChipView } from '../../src/core/protocol';
import type { ParleyApi } from '../../src/extension';
import { activateParley, connectToFakeServer, nextEvent, openChatView, until } from './helpers';

const RETRY = `// Retrying with exponential backoff.
export function computeBackoffDelay(attempt: number, baseMs = 200): number {
  return Math.floor(Math.random() * baseMs * 2 ** attempt);
}
`;

describe('#codebase', function () {
  let server: FakeModelServer;
  let disconnect: () => Promise<void>;
  let api: ParleyApi;
  let chips: readonly ChipView[] = [];
  let subscription: vscode.Disposable;
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri ?? assert.fail('the tests run with a workspace folder');
  const file = (...path: string[]) => vscode.Uri.joinPath(folder(), 'codebase-it', ...path);
  const write = (name: string, text: string) => vscode.workspace.fs.writeFile(file(name), Buffer.from(text));
  const paths = (items: readonly ContextItem[]) => items.filter((i) => i.id.startsWith('#codebase:')).map((i) => i.id.split(':')[1] ?? '');

  /** Searches until `predicate` holds for the chips found (the watcher is debounced, the worker asynchronous). */
  async function searchUntil(question: string, predicate: (found: string[]) => boolean, what: string): Promise<string[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = paths(await api.codebase.search(question));
      if (predicate(found)) return found;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; found ${found.join(', ') || 'nothing'}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  before(async () => {
    ({ server, disconnect } = await connectToFakeServer(['fake-model']));
    api = await activateParley();
    subscription = api.chatView.onDidDeliver((message) => {
      if (message.type === 'context') chips = message.chips;
      if (message.type === 'snapshot') chips = message.snapshot.chips;
    });
    await openChatView(api);
    await write('retry.ts', RETRY);
    await write('routes.ts', 'export function flamingoRoute(): string {\n  return "/flamingo";\n}\n');
    await write('.env.local', 'ZEBRAFISH_TOKEN=zebrafish-secret-value\n');
    await api.codebase.sync();
  });

  after(async () => {
    subscription?.dispose();
    await vscode.workspace.fs.delete(file(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await disconnect?.();
  });

  it('indexes the workspace in the worker and says how far it got', () => {
    const state = api.codebase.state;
    assert.equal(state.kind, 'ready');
    assert.ok(state.kind === 'ready' && state.files >= 3, JSON.stringify(state));
  });

  it('never indexes or offers an excluded file', async () => {
    const found = await api.codebase.search('zebrafish token secret value');
    assert.ok(!found.some((i) => i.id.includes('.env')), found.map((i) => i.id).join(', '));
    assert.ok(found.every((i) => !i.text.includes('zebrafish-secret-value')));
  });

  it('indexes a changed file again', async () => {
    await searchUntil('flamingo route', (found) => found.includes('codebase-it/routes.ts'), 'the new file');
    await write('routes.ts', 'export function pelicanRoute(): string {\n  return "/pelican";\n}\n');
    await searchUntil('pelican route', (found) => found.includes('codebase-it/routes.ts'), 'the changed file');
    await searchUntil('flamingo', (found) => !found.includes('codebase-it/routes.ts'), 'the old text to be gone');
  });

  it('adds the best chunks as chips from the # picker, and their text reaches the model', async () => {
    const entries = (await api.picker.query('codeb')).entries;
    assert.equal(entries[0]?.ref, 'codebase');
    assert.match(entries[0]?.description ?? '', /indexed files/);
    const shown = nextEvent(api.context.onDidChange, 5000, 'the chips');
    await api.picker.choose('codebase:how is the backoff delay computed');
    await shown;
    await until(() => chips.some((c) => c.id.startsWith('#codebase:codebase-it/retry.ts')), 5000, 'the retry.ts chip');
    const chip = chips.find((c) => c.id.startsWith('#codebase:codebase-it/retry.ts'))!;
    assert.match(chip.label, /^retry\.ts L1–4$/);
    await until(() => chips.find((c) => c.id === chip.id)?.tokens !== undefined, 5000, 'the chip token count');
    await api.chat.send('How is the backoff delay computed?');
    await until(() => !api.chat.isBusy, 10_000, 'the answer');
    const body = JSON.stringify(server.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body);
    assert.ok(body.includes('computeBackoffDelay'), 'the chunk was sent');
  });

  it('a chip #codebase added can be removed before sending', async () => {
    await api.picker.choose('codebase:pelican route');
    await until(() => chips.some((c) => c.id.startsWith('#codebase:codebase-it/routes.ts')), 5000, 'the routes.ts chip');
    const id = chips.find((c) => c.id.startsWith('#codebase:codebase-it/routes.ts'))!.id;
    api.context.toggle(id);
    const sent = await api.context.takeForQuestion();
    assert.ok(!sent.some((i) => i.id === id));
  });

  it('a question that says #codebase carries the chunks found for it', async () => {
    const sent = await api.context.takeForQuestion('where is pelicanRoute defined? #codebase');
    assert.ok(paths(sent).includes('codebase-it/routes.ts'), sent.map((i) => i.id).join(', '));
  });
});
