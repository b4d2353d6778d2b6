import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeModelServer } from '../fixtures/fakeModelServer';
import type { FakeModelServer, Scenario } from '../fixtures/fakeModelServer';
import type { HostToWebview } from '../../src/core/protocol';
import type { Conversation } from '../../src/core/chat/conversation';
import type { ParleyApi } from '../../src/extension';
import { activateParley, connectToFakeServer, nextEvent, openChatView, setSettings, until, withoutWorkspaceLine } from './helpers';

describe('chatting with a model', function () {
  let server: FakeModelServer;
  let disconnect: () => Promise<void>;
  let api: ParleyApi;
  /** Every message the view was sent, with its size as posted. */
  const delivered: { message: HostToWebview; bytes: number }[] = [];
  let subscription: vscode.Disposable;

  before(async () => {
    ({ server, disconnect } = await connectToFakeServer(['fake-model', 'other-model'], { requestTimeoutSeconds: 2 }));
    api = await activateParley();
    // These tests are about the conversation: no editor, so only the one workspace line goes with a question.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    subscription = api.chatView.onDidDeliver((message) => delivered.push({ message, bytes: Buffer.byteLength(JSON.stringify(message)) }));
    await openChatView(api);
  });

  after(async () => {
    subscription?.dispose();
    await disconnect?.();
  });

  beforeEach(() => {
    server.reset();
    server.setModels(['fake-model', 'other-model']);
    delivered.length = 0;
    api.chat.newChat();
  });

  /** Sends a question and resolves with the conversation once the answer has ended. */
  async function ask(question: string, ...scenarios: Scenario[]): Promise<Conversation> {
    server.enqueue(...scenarios);
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, `the answer to "${question}"`);
    await api.chat.send(question);
    return answered;
  }

  const lastTurn = (c: Conversation) => c.turns[c.turns.length - 1];

  it('streams the answer to the view as small deltas and ends it as done', async () => {
    const reply = 'The loop stops at `n - 1`, so the **last field** is never pushed.';
    const conversation = await ask('Why does parseRow drop the last field?', { reply, chunkSize: 5 });
    assert.equal(conversation.turns.length, 2);
    assert.equal(conversation.turns[0]?.text, 'Why does parseRow drop the last field?');
    assert.deepEqual({ text: lastTurn(conversation)?.text, status: lastTurn(conversation)?.status }, { text: reply, status: 'done' });
    const deltas = delivered.filter((d) => d.message.type === 'turn/delta').map((d) => d.message as Extract<HostToWebview, { type: 'turn/delta' }>);
    assert.ok(deltas.length >= 1);
    assert.equal(deltas.map((d) => d.text).join(''), reply);
    const end = delivered.find((d) => d.message.type === 'turn/end')?.message;
    assert.deepEqual(end && { type: end.type, status: (end as { status: string }).status }, { type: 'turn/end', status: 'done' });
  });

  it('sends the system prompt and the whole conversation to the server', async () => {
    await ask('First question', { reply: 'First answer' });
    await ask('Second question', { reply: 'Second answer' });
    const body = server.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as {
      model: string;
      stream: boolean;
      messages: { role: string; content: string }[];
    };
    assert.equal(body.model, 'fake-model');
    assert.equal(body.stream, true);
    assert.equal(body.messages[0]?.role, 'system');
    assert.match(body.messages[0]?.content ?? '', /clarifying question/);
    assert.deepEqual(body.messages.slice(1).map((m) => ({ ...m, content: withoutWorkspaceLine(m.content) })), [
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'First answer' },
      { role: 'user', content: 'Second question' },
    ]);
  });

  it('Stop ends the answer at once and keeps what arrived, marked as stopped', async () => {
    server.enqueue({ reply: 'word '.repeat(400), chunkSize: 5, delayMs: 20 });
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, 'the stopped answer');
    const sending = api.chat.send('Tell me a long story');
    await until(() => delivered.some((d) => d.message.type === 'turn/delta'), 10_000, 'the first delta');
    api.chat.stop();
    const conversation = await answered;
    await sending;
    const answer = lastTurn(conversation);
    assert.equal(answer?.status, 'stopped');
    assert.ok((answer?.text.length ?? 0) > 0, 'the partial answer is kept');
    assert.ok((answer?.text.length ?? 0) < 2000, 'the stream was cut short');
  });

  it('New chat while an answer streams stops it and keeps it, stopped, in the conversation it belongs to', async () => {
    server.enqueue({ reply: 'word '.repeat(400), chunkSize: 5, delayMs: 20 });
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, 'the interrupted answer');
    const sending = api.chat.send('A question I leave behind');
    await until(() => delivered.some((d) => d.message.type === 'turn/delta'), 10_000, 'the first delta');
    api.chat.newChat();
    const old = await answered;
    await sending;
    assert.equal(api.chat.conversation.turns.length, 0, 'the new chat is empty');
    const saved = await api.history.load(old.id);
    assert.deepEqual(saved?.turns.map((t) => t.status), ['done', 'stopped']);
    assert.ok((saved?.turns[1]?.text.length ?? 0) > 0);
  });

  it('removes a secret from the question before it leaves the machine, and says so', async () => {
    // Built at run time so the source holds no token-shaped string.
    const token = `ghp_${'Zx9Yw8Vu7T'.repeat(3)}qrstuv`;
    const question = `Why is this rejected?\nconst client = new Octokit({ auth: "${token}" });`;
    await ask(question, { reply: 'Check the scopes.' });
    await ask('And now?', { reply: 'Still fine.' });
    const bodies = server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => JSON.stringify(r.body));
    assert.equal(bodies.length, 2);
    for (const body of bodies) {
      assert.ok(!body.includes(token), 'the token never reached the server');
      assert.match(body, /\[secret removed by Parley: GitHub Token\]/);
    }
    const asked = api.chat.conversation.turns[0];
    assert.equal(asked?.text, question, 'the question is kept as typed, on this machine');
    assert.deepEqual(asked?.redactions, [{ line: 2, kind: 'GitHub Token' }]);
    assert.ok(delivered.some((d) => d.message.type === 'turn/redactions'), 'the view was told');
    assert.ok(!delivered.some((d) => JSON.stringify(d.message).includes(token) && d.message.type !== 'turn/add' && d.message.type !== 'snapshot'));
  });

  it('reports how much of the context window a request took, counted by the real tokenizer', async () => {
    await ask('hello world', { reply: 'Hi.' });
    const budget = delivered.filter((d) => d.message.type === 'budget').at(-1)?.message as Extract<HostToWebview, { type: 'budget' }> | undefined;
    assert.ok(budget, 'the view was told the budget');
    assert.equal(budget.budget.exact, true, 'counted by the tokenizer, not estimated');
    assert.equal(budget.budget.omitted, 0);
    assert.equal(budget.budget.available, 8192 - 2048);
    assert.ok(budget.budget.used > 20 && budget.budget.used < 400, `used ${budget.budget.used}`);
  });

  it('leaves the oldest messages out when the conversation outgrows the window, and says how many', async () => {
    await setSettings({ contextWindow: 1400, maxOutputTokens: 256 });
    try {
      const long = 'lorem ipsum dolor sit amet '.repeat(60);
      await ask(`First: ${long}`, { reply: `A1 ${long}` });
      await ask(`Second: ${long}`, { reply: `A2 ${long}` });
      await ask('Third, short', { reply: 'A3' });
      const budget = delivered.filter((d) => d.message.type === 'budget').at(-1)?.message as Extract<HostToWebview, { type: 'budget' }>;
      assert.ok(budget.budget.omitted >= 1, `omitted ${budget.budget.omitted}`);
      assert.ok(budget.budget.used <= budget.budget.available);
      const body = server.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as { messages: { content: string }[] };
      assert.ok(!body.messages.some((m) => m.content.startsWith('First:')), 'the oldest question was left out');
      assert.equal(withoutWorkspaceLine(body.messages.at(-1)?.content ?? ''), 'Third, short');
    } finally {
      await setSettings({ contextWindow: undefined, maxOutputTokens: undefined });
    }
  });

  it('Regenerate asks the last question again and replaces the answer', async () => {
    await ask('Name a colour', { reply: 'Red' });
    server.enqueue({ reply: 'Blue' });
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, 'the regenerated answer');
    await api.chat.regenerate();
    const conversation = await answered;
    assert.deepEqual(conversation.turns.map((t) => t.text), ['Name a colour', 'Blue']);
    const asked = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.equal(asked.length, 2);
  });

  it('edit and resend replaces the question and drops what came after it', async () => {
    await ask('What is 2+2?', { reply: '4' });
    const first = api.chat.conversation.turns[0];
    await ask('And 3+3?', { reply: '6' });
    server.enqueue({ reply: '10' });
    const answered = nextEvent(api.chat.onDidAnswer, 20_000, 'the answer to the edited question');
    await api.chat.edit(first?.id ?? '', 'What is 5+5?');
    const conversation = await answered;
    assert.deepEqual(conversation.turns.map((t) => t.text), ['What is 5+5?', '10']);
  });

  const faults: { name: string; scenario: Scenario; kind: string; action: string | undefined; status: string }[] = [
    { name: '401', scenario: { fault: 'http-401' }, kind: 'auth', action: 'set-key', status: 'error' },
    { name: '403', scenario: { fault: 'http-403' }, kind: 'auth', action: 'set-key', status: 'error' },
    { name: '500', scenario: { fault: 'http-500' }, kind: 'server', action: 'retry', status: 'error' },
    { name: 'a reset before the answer', scenario: { fault: 'reset-before' }, kind: 'connection', action: 'retry', status: 'error' },
    { name: 'a stall mid-stream', scenario: { reply: 'partial answer that stalls', fault: 'stall-mid', faultAfterChunks: 2 }, kind: 'idle', action: 'retry', status: 'stopped' },
  ];
  for (const fault of faults) {
    it(`${fault.name} gives one clear message with its action and keeps the question`, async () => {
      const conversation = await ask('Explain csv.ts', fault.scenario);
      assert.equal(conversation.turns[0]?.text, 'Explain csv.ts');
      const answer = lastTurn(conversation);
      assert.equal(answer?.status, fault.status);
      assert.equal(answer?.error?.kind, fault.kind);
      assert.equal(answer?.error?.action, fault.action);
      assert.ok((answer?.error?.message.length ?? 0) > 10 && !answer?.error?.message.includes('\n'), answer?.error?.message);
      if (fault.status === 'stopped') assert.ok((answer?.text.length ?? 0) > 0, 'the partial answer is kept');
    });
  }

  it('an unknown model says so and offers the model picker', async () => {
    await setSettings({ model: 'no-such-model' });
    try {
      const conversation = await ask('Hello?');
      assert.equal(lastTurn(conversation)?.error?.kind, 'model-not-found');
      assert.equal(lastTurn(conversation)?.error?.action, 'pick-model');
      assert.match(lastTurn(conversation)?.error?.message ?? '', /no-such-model/);
    } finally {
      await setSettings({ model: 'fake-model' });
    }
  });

  it('a 429 waits for retry-after with a visible countdown, then answers', async () => {
    const conversation = await ask('Busy?', { fault: 'http-429', retryAfterSeconds: 1 }, { reply: 'Answered after waiting.' });
    assert.equal(lastTurn(conversation)?.text, 'Answered after waiting.');
    const waits = delivered.filter((d) => d.message.type === 'busy' && d.message.waiting !== undefined);
    assert.ok(waits.length >= 1, 'the view was told to show a countdown');
    assert.equal(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 2);
  });

  it('no server at the URL gives "no server" and keeps the question', async () => {
    const closed = await startFakeModelServer();
    const url = closed.url;
    await closed.close();
    await setSettings({ baseUrl: url });
    try {
      const conversation = await ask('Anyone there?');
      assert.equal(conversation.turns[0]?.text, 'Anyone there?');
      assert.equal(lastTurn(conversation)?.error?.kind, 'connection');
      assert.match(lastTurn(conversation)?.error?.message ?? '', /127\.0\.0\.1/);
    } finally {
      await setSettings({ baseUrl: server.url });
    }
  });

  it('keeps each streamed message to the view proportional to its chunk, however long the conversation', async () => {
    const turns = Array.from({ length: 200 }, (_, i) => ({
      id: `t${i}`,
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      text: `turn ${i} `.repeat(100),
      status: 'done' as const,
      createdAt: Date.now(),
    }));
    const id = `long-${Date.now()}`;
    await api.history.save({ id, title: 'A long chat', createdAt: Date.now(), updatedAt: Date.now(), turns });
    assert.equal(await api.chat.open(id), true);
    delivered.length = 0;
    await ask('One more question', { reply: 'abcd'.repeat(200), chunkSize: 4, delayMs: 1 });
    const deltas = delivered.filter((d) => d.message.type === 'turn/delta');
    assert.ok(deltas.length > 0);
    for (const d of deltas) {
      const text = (d.message as { text: string }).text;
      assert.ok(d.bytes <= text.length + 120, `a delta of ${text.length} characters took ${d.bytes} bytes`);
    }
  });

  it('saves every conversation so it can be reopened from history', async () => {
    const conversation = await ask('Remember this question', { reply: 'Remembered.' });
    const { conversations } = await api.history.list();
    const saved = conversations.find((c) => c.id === conversation.id);
    assert.equal(saved?.title, 'Remember this question');
    api.chat.newChat();
    assert.equal(api.chat.conversation.turns.length, 0);
    assert.equal(await api.chat.open(conversation.id), true);
    assert.deepEqual(api.chat.conversation.turns.map((t) => t.text), ['Remember this question', 'Remembered.']);
  });
});
