import * as assert from 'node:assert/strict';
import { streamChat } from '../../src/core/model/client';
import type { ModelEndpoint, StreamOutcome, StreamRequest } from '../../src/core/model/types';
import { startFakeModelServer } from '../fixtures/fakeModelServer';
import type { FakeModelServer } from '../fixtures/fakeModelServer';

interface Run {
  readonly outcome: StreamOutcome;
  readonly answer: string[];
  readonly reasoning: string[];
}

async function run(endpoint: ModelEndpoint, overrides: Partial<StreamRequest> = {}): Promise<Run> {
  const answer: string[] = [];
  const reasoning: string[] = [];
  const outcome = await streamChat(endpoint, {
    messages: [{ role: 'user', content: 'Why does parseRow drop the last field?' }],
    maxTokens: undefined,
    temperature: undefined,
    signal: new AbortController().signal,
    idleTimeoutMs: 2_000,
    onDelta: (text) => answer.push(text),
    onReasoning: (text) => reasoning.push(text),
    ...overrides,
  });
  return { outcome, answer, reasoning };
}

describe('streamChat with reasoning models and usage', function () {
  this.timeout(5_000);
  let server: FakeModelServer;
  let endpoint: ModelEndpoint;

  before(async () => {
    server = await startFakeModelServer();
    endpoint = { baseUrl: server.url, apiKey: undefined, model: 'fake-r1' };
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  const chatBodies = () => server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Record<string, unknown>);

  it('reads reasoning_content deltas as reasoning, apart from the answer', async () => {
    server.enqueue({ reasoning: 'The bound is n - 1.', reply: 'Loop to n.' });
    const { outcome, answer, reasoning } = await run(endpoint);
    assert.equal(reasoning.join(''), 'The bound is n - 1.');
    assert.equal(answer.join(''), 'Loop to n.');
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.text, 'Loop to n.');
    assert.equal(outcome.reasoning, 'The bound is n - 1.');
  });

  it('reads Ollama\'s reasoning deltas the same way', async () => {
    server.enqueue({ reasoning: 'thinking hard', reasoningField: 'reasoning', reply: 'ok' });
    const { outcome } = await run(endpoint);
    assert.deepEqual([outcome.text, outcome.reasoning], ['ok', 'thinking hard']);
  });

  it('takes inline think tags split across chunks out of the answer', async () => {
    server.enqueue({ chunks: ['<thi', 'nk>first ', 'idea</th', 'ink>', '\n\nThe answer.'] });
    const { outcome, answer, reasoning } = await run(endpoint);
    assert.equal(reasoning.join(''), 'first idea');
    assert.equal(answer.join(''), '\n\nThe answer.');
    assert.equal(outcome.text, '\n\nThe answer.');
  });

  it('a stream that ends inside <think> ends done with reasoning and no answer', async () => {
    server.enqueue({ chunks: ['<think>Let me', ' consider </thi'] });
    const { outcome, answer } = await run(endpoint);
    assert.deepEqual(answer, []);
    assert.equal(outcome.kind, 'done');
    assert.deepEqual([outcome.text, outcome.reasoning], ['', 'Let me consider </thi']);
  });

  it('keeps the reasoning of an answer stopped mid-thought', async () => {
    server.enqueue({ reasoning: 'one two three four five six', chunkSize: 3, delayMs: 20 });
    const stop = new AbortController();
    const { outcome } = await run(endpoint, { signal: stop.signal, onReasoning: (t) => t && stop.abort() });
    assert.equal(outcome.kind, 'stopped');
    assert.ok(outcome.reasoning?.startsWith('one'));
  });

  it('asks for usage and reports prompt, completion, cached and reasoning tokens', async () => {
    server.enqueue({ reasoning: 'abcdefgh', reply: 'abcd', cachedTokens: 3 });
    const { outcome } = await run(endpoint);
    assert.deepEqual(chatBodies()[0]?.['stream_options'], { include_usage: true });
    assert.ok(outcome.usage);
    assert.equal(outcome.usage.completion, 3);
    assert.equal(outcome.usage.cached, 3);
    assert.equal(outcome.usage.reasoning, 2);
    assert.ok(outcome.usage.prompt > 0);
    assert.equal(outcome.usageRefused, undefined);
  });

  it('asks once more without stream_options when the server refuses them, and says so', async () => {
    server.setDefault({ reply: 'fine', rejectStreamOptions: true });
    const { outcome } = await run(endpoint);
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.text, 'fine');
    assert.equal(outcome.usageRefused, true);
    assert.equal(outcome.usage, undefined);
    const bodies = chatBodies();
    assert.equal(bodies.length, 2);
    assert.ok('stream_options' in (bodies[0] ?? {}));
    assert.ok(!('stream_options' in (bodies[1] ?? {})));
  });

  it('does not ask for usage when told the server refuses it', async () => {
    server.enqueue({ reply: 'fine', rejectStreamOptions: true });
    const { outcome } = await run(endpoint, { includeUsage: false });
    assert.equal(outcome.text, 'fine');
    assert.equal(chatBodies().length, 1);
  });
});
