// Parley's own failures (bugs, not the model's errors): each ends in something the person sees and can act on,
// never in a view left waiting.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ContextItem } from '../../src/core/context/items';
import type { HostToWebview } from '../../src/core/protocol';
import type { ParleyApi } from '../../src/extension';
import type { FakeModelServer } from '../fixtures/fakeModelServer';
import { activateParley, connectToFakeServer, nextEvent, openChatView } from './helpers';

describe("Parley's own failures", function () {
  let server: FakeModelServer;
  let disconnect: () => Promise<void>;
  let api: ParleyApi;
  const delivered: HostToWebview[] = [];
  let subscription: vscode.Disposable;

  before(async () => {
    ({ server, disconnect } = await connectToFakeServer(['fake-model']));
    api = await activateParley();
    subscription = api.chatView.onDidDeliver((message) => delivered.push(message));
    await openChatView(api);
  });

  after(async () => {
    subscription?.dispose();
    await disconnect?.();
  });

  it('a throw before the answer streams ends it with an error and Retry, and the next question is answered', async () => {
    server.reset();
    api.chat.newChat();
    delivered.length = 0;
    // Context whose text cannot be read: the answerer throws while working out the budget, before asking the model.
    const poisoned = { id: 'poisoned', kind: 'file', explicit: true, label: 'poisoned.ts', detail: '', excluded: undefined, secret: false } as const;
    Object.defineProperty(poisoned, 'text', { enumerable: true, get: () => { throw new Error('an injected fault'); } });
    const context = api.context as { takeForQuestion(): Promise<ContextItem[]> };
    const original = context.takeForQuestion;
    context.takeForQuestion = () => Promise.resolve([poisoned as unknown as ContextItem]);
    try {
      const answered = nextEvent(api.chat.onDidAnswer, 20_000, 'the failed answer');
      await api.chat.send('Will this break?');
      const conversation = await answered;
      const last = conversation.turns.at(-1);
      assert.equal(conversation.turns[0]?.text, 'Will this break?', 'the question is kept');
      assert.equal(last?.role, 'assistant');
      assert.equal(last?.status, 'error');
      assert.equal(last?.error?.action, 'retry');
      assert.match(last?.error?.message ?? '', /see the Parley log/);
    } finally {
      context.takeForQuestion = original;
    }
    assert.equal(api.chat.isBusy, false);
    assert.ok(delivered.some((m) => m.type === 'turn/end' && m.status === 'error'), 'the view was told the answer ended');
    assert.equal(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 0, 'the model was never asked');

    server.enqueue({ reply: 'Not this time.' });
    const next = nextEvent(api.chat.onDidAnswer, 20_000, 'the next answer');
    await api.chat.send('And now?');
    assert.equal((await next).turns.at(-1)?.text, 'Not this time.');
  });
});
