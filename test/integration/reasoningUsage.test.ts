import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeModelServer, Scenario } from '../fixtures/fakeModelServer';
import type { Conversation } from '../../src/core/chat/conversation';
import type { ParleyApi } from '../../src/extension';
import { activateParley, connectToFakeServer, nextEvent, openChatView } from './helpers';

describe('reasoning models, usage and long conversations', function () {
  let server: FakeModelServer;
  let disconnect: () => Promise<void>;
  let api: ParleyApi;

  before(async () => {
    ({ server, disconnect } = await connectToFakeServer(['fake-model'], { requestTimeoutSeconds: 2 }));
    api = await activateParley();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await openChatView(api);
  });

  after(async () => disconnect?.());

  beforeEach(() => {
    server.reset();
    server.setModels(['fake-model']);
    api.chat.newChat();
  });

  async function ask(question: string, ...scenarios: Scenario[]): Promise<Conversation> {
    server.enqueue(...scenarios);
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, `the answer to "${question}"`);
    await api.chat.send(question);
    return answered;
  }

  const chatBodies = () =>
    server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as { messages: { role: string; content: string }[]; stream_options?: unknown });

  it('keeps reasoning out of the answer, out of proposals and out of later requests, and in history', async () => {
    const sketch = '```ts src/sketch.ts\n<<<<<<< SEARCH\n=======\nexport const x = 1;\n>>>>>>> REPLACE\n```';
    const conversation = await ask('Why does parseRow drop the last field?', {
      chunks: ['<thi', `nk>Maybe a new file:\n${sketch}\n</thi`, 'nk>\n\nThe loop stops one short.'],
    });
    const answer = conversation.turns[1];
    assert.equal(answer?.text, 'The loop stops one short.');
    assert.match(answer?.reasoning?.text ?? '', /export const x = 1/);
    assert.deepEqual(api.proposals.views(conversation.id), [], 'code sketched while thinking is no proposal');
    const saved = await api.history.load(conversation.id);
    assert.deepEqual(saved?.turns[1]?.reasoning?.text, answer?.reasoning?.text);
    await ask('And the first field?', { reply: 'That one is fine.' });
    const later = chatBodies().at(-1);
    assert.ok(later?.messages.every((m) => !m.content.includes('export const x = 1')), 'the reasoning is not sent back');
  });

  it('ends an answer that only reasons with a message saying so', async () => {
    const conversation = await ask('Think about it', { reasoning: 'Hmm, let me think this through.' });
    const answer = conversation.turns[1];
    assert.equal(answer?.status, 'done');
    assert.equal(answer?.text, '');
    assert.match(answer?.error?.message ?? '', /without giving an answer/);
  });

  it('records usage and time on the answer', async () => {
    const conversation = await ask('How many tokens?', { reply: 'About this many.', cachedTokens: 5 });
    const answer = conversation.turns[1];
    assert.ok(answer?.usage && answer.usage.prompt > 0 && answer.usage.completion > 0);
    assert.equal(answer?.usage?.cached, 5);
    assert.ok((answer?.elapsedMs ?? -1) >= 0);
  });

  it('asks again without stream_options when a server refuses them, and remembers that', async () => {
    server.setDefault({ reply: 'no usage here', rejectStreamOptions: true });
    await ask('first');
    await ask('second');
    const bodies = chatBodies();
    assert.equal(bodies.length, 3, 'one refused request, then two without stream_options');
    assert.ok(bodies[0]?.stream_options);
    assert.equal(bodies[1]?.stream_options, undefined);
    assert.equal(bodies[2]?.stream_options, undefined);
  });

  it('Summarize and continue replaces the older turns with one summary in later requests, keeping them in history', async () => {
    await ask('question one', { reply: 'answer one' });
    await ask('question two', { reply: 'answer two' });
    await ask('question three', { reply: 'answer three' });
    server.enqueue({ reply: 'They asked three things; all answered.' });
    await vscode.commands.executeCommand('parley.compactConversation');
    const turns = api.chat.conversation.turns;
    assert.equal(turns.length, 7);
    const summary = turns[4];
    assert.deepEqual(summary?.summaryOf, { turns: 4 });
    assert.equal(summary?.text, 'They asked three things; all answered.');
    const summarizing = chatBodies().at(-1);
    assert.match(summarizing?.messages[1]?.content ?? '', /question one[\s\S]*answer two/);
    await ask('question four', { reply: 'answer four' });
    const next = chatBodies().at(-1);
    assert.match(next?.messages[0]?.content ?? '', /They asked three things/);
    assert.deepEqual(next?.messages.slice(1).map((m) => m.content.replace(/^[\s\S]*\n\nQuestion:\n/, '')), ['question three', 'answer three', 'question four']);
  });
});
