import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { retryDelayMs, streamChat } from '../../src/core/model/client';
import { findLocalServer } from '../../src/core/model/discovery';
import { listModels } from '../../src/core/model/models';
import type { ModelEndpoint, StreamOutcome, StreamRequest } from '../../src/core/model/types';
import { startFakeModelServer } from '../fixtures/fakeModelServer';
import type { FakeModelServer } from '../fixtures/fakeModelServer';

const KEY = 'sk-parley-test-0123456789SECRET';
const MODEL = 'fake-coder';

/** What the person sees and what was sent to them while one answer streams. */
interface Run {
  readonly outcome: StreamOutcome;
  readonly deltas: string[];
  readonly waits: { secondsLeft: number; attempt: number; reason: string }[];
  readonly ms: number;
}

async function run(endpoint: ModelEndpoint, overrides: Partial<StreamRequest> & { onDeltaAlso?: (text: string) => void } = {}): Promise<Run> {
  const deltas: string[] = [];
  const waits: Run['waits'] = [];
  const started = Date.now();
  const outcome = await streamChat(endpoint, {
    messages: [{ role: 'user', content: 'Why does parseRow drop the last field?' }],
    maxTokens: undefined,
    temperature: undefined,
    signal: new AbortController().signal,
    idleTimeoutMs: 2_000,
    onWaiting: (info) => waits.push({ ...info }),
    ...overrides,
    onDelta: (text) => {
      deltas.push(text);
      overrides.onDeltaAlso?.(text);
    },
  });
  // Whatever happened, the key must not reach the log or the chat.
  if (outcome.kind === 'error') {
    assert.ok(!outcome.detail.includes(KEY), `key in detail: ${outcome.detail}`);
    assert.ok(!outcome.error.message.includes(KEY));
  }
  return { outcome, deltas, waits, ms: Date.now() - started };
}

function errorOf(outcome: StreamOutcome) {
  assert.equal(outcome.kind, 'error', `expected an error, got ${JSON.stringify(outcome)}`);
  assert.ok(outcome.kind === 'error');
  return outcome;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A plain HTTP server for the shapes the fake model server does not produce. */
async function rawServer(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (part: Buffer) => (body += part.toString('utf8')));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('streamChat against the fake model server', function () {
  this.timeout(5_000);
  let server: FakeModelServer;
  let endpoint: ModelEndpoint;

  before(async () => {
    server = await startFakeModelServer();
    endpoint = { baseUrl: server.url, apiKey: KEY, model: MODEL };
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  const chatRequests = () => server.requests.filter((r) => r.path === '/v1/chat/completions');

  it('hands each streamed piece to onDelta in order and ends done with the whole text', async () => {
    server.enqueue({ chunks: ['Because ', 'the loop ', 'stops at ', '`n - 1`.'] });
    const { outcome, deltas } = await run(endpoint);
    assert.deepEqual(deltas, ['Because ', 'the loop ', 'stops at ', '`n - 1`.']);
    assert.deepEqual({ ...outcome, usage: undefined }, { kind: 'done', text: 'Because the loop stops at `n - 1`.', finishReason: 'stop', usage: undefined });
    const [request] = chatRequests();
    assert.ok(request);
    assert.deepEqual(request.body, {
      model: MODEL,
      messages: [{ role: 'user', content: 'Why does parseRow drop the last field?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.equal(request.headers['authorization'], `Bearer ${KEY}`);
  });

  it('sends no Authorization header at all when there is no key', async () => {
    server.enqueue({ reply: 'ok' });
    const { outcome } = await run({ ...endpoint, apiKey: undefined });
    assert.equal(outcome.kind, 'done');
    assert.equal(chatRequests()[0]?.headers['authorization'], undefined);
  });

  it('passes max tokens and temperature when they are set', async () => {
    server.enqueue({ reply: 'ok' });
    await run(endpoint, { maxTokens: 256, temperature: 0.2 });
    const body = chatRequests()[0]?.body as Record<string, unknown>;
    assert.equal(body['max_tokens'], 256);
    assert.equal(body['temperature'], 0.2);
  });

  it('keeps the partial answer when the person presses Stop mid-stream', async () => {
    server.enqueue({ reply: 'one two three four five six seven eight nine ten', chunkSize: 4, delayMs: 20 });
    const stop = new AbortController();
    let seen = 0;
    const { outcome, deltas } = await run(endpoint, {
      signal: stop.signal,
      onDeltaAlso: () => {
        if (++seen === 3) stop.abort();
      },
    });
    assert.equal(outcome.kind, 'stopped');
    assert.ok(outcome.kind === 'stopped');
    assert.equal(outcome.by, 'user');
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.text, 'one two thre');
    assert.deepEqual(deltas, ['one ', 'two ', 'thre']);
  });

  it('stops as idle and keeps the partial answer when the stream stalls', async () => {
    server.enqueue({ chunks: ['The ', 'loop ', 'never ends'], fault: 'stall-mid', faultAfterChunks: 2 });
    const { outcome, ms } = await run(endpoint, { idleTimeoutMs: 300 });
    assert.equal(outcome.kind, 'stopped');
    assert.ok(outcome.kind === 'stopped');
    assert.equal(outcome.by, 'idle');
    assert.equal(outcome.text, 'The loop ');
    assert.equal(outcome.error?.kind, 'idle');
    assert.match(outcome.error?.message ?? '', /^The model stopped responding/);
    assert.ok(ms >= 290 && ms < 1_500, `took ${ms} ms`);
  });

  it('reports a timeout when no response arrives at all', async () => {
    server.enqueue({ fault: 'stall-before' });
    const { outcome, ms } = await run(endpoint, { idleTimeoutMs: 300 });
    const { error, text } = errorOf(outcome);
    assert.equal(error.kind, 'timeout');
    assert.equal(error.action, 'retry');
    assert.equal(text, '');
    assert.ok(ms >= 290 && ms < 1_500, `took ${ms} ms`);
  });

  it('reports a timeout when the headers come but the first chunk does not', async () => {
    server.enqueue({ reply: 'late', firstChunkDelayMs: 3_000 });
    const { outcome } = await run(endpoint, { idleTimeoutMs: 300 });
    assert.equal(errorOf(outcome).error.kind, 'timeout');
  });

  it('waits out a 429 with retry-after, counting down, then retries and succeeds', async () => {
    server.enqueue({ fault: 'http-429', retryAfterSeconds: 1 }, { reply: 'after the wait' });
    const { outcome, waits, ms } = await run(endpoint);
    assert.deepEqual({ ...outcome, usage: undefined }, { kind: 'done', text: 'after the wait', finishReason: 'stop', usage: undefined });
    assert.equal(waits.length, 1);
    assert.equal(waits[0]?.secondsLeft, 1);
    assert.equal(waits[0]?.attempt, 1);
    assert.match(waits[0]?.reason ?? '', /rate-limiting/);
    assert.equal(chatRequests().length, 2);
    assert.ok(ms >= 950, `retried after ${ms} ms`);
  });

  it('gives up with a rate-limit error after three retries', async () => {
    const limited = { fault: 'http-429', retryAfterSeconds: 0 } as const;
    server.enqueue(limited, limited, limited, limited, { reply: 'never asked for' });
    const { outcome } = await run(endpoint);
    const { error, detail } = errorOf(outcome);
    assert.equal(error.kind, 'rate-limit');
    assert.equal(error.action, 'retry');
    assert.match(detail, /status 429/);
    assert.equal(chatRequests().length, 4);
  });

  it('stops without retrying when the person presses Stop during the wait', async () => {
    server.enqueue({ fault: 'http-429', retryAfterSeconds: 5 }, { reply: 'never asked for' });
    const stop = new AbortController();
    const { outcome, ms } = await run(endpoint, { signal: stop.signal, onWaiting: () => stop.abort() });
    assert.deepEqual(outcome, { kind: 'stopped', by: 'user', text: '' });
    assert.equal(chatRequests().length, 1);
    assert.ok(ms < 1_000, `took ${ms} ms`);
  });

  it('reports a rejected key as auth, without the key in the detail', async () => {
    server.setApiKey('the-right-key');
    const { outcome } = await run(endpoint);
    const { error, detail } = errorOf(outcome);
    assert.deepEqual(error, { kind: 'auth', message: `The server at ${new URL(server.url).host} rejected the API key.`, action: 'set-key' });
    assert.match(detail, /status 401/);
    assert.match(detail, /Incorrect API key provided/);
  });

  it('reports an unknown model as model-not-found, naming it', async () => {
    server.setModels(['qwen2.5-coder:7b']);
    const { outcome } = await run(endpoint);
    const { error } = errorOf(outcome);
    assert.equal(error.kind, 'model-not-found');
    assert.equal(error.action, 'pick-model');
    assert.match(error.message, /^The model "fake-coder" was not found at 127\.0\.0\.1:\d+\.$/);
  });

  it('reports a 500 as a server error', async () => {
    server.enqueue({ fault: 'http-500' });
    const { error } = errorOf((await run(endpoint)).outcome);
    assert.equal(error.kind, 'server');
    assert.match(error.message, /had an error \(500\)/);
    assert.equal(chatRequests().length, 1, 'a 500 is not retried automatically');
  });

  it('reports a reset before the answer as a connection error', async () => {
    server.enqueue({ fault: 'reset-before' });
    const { error } = errorOf((await run(endpoint)).outcome);
    assert.equal(error.kind, 'connection');
    assert.equal(error.action, 'retry');
    assert.match(error.message, /closed before the server answered/);
  });

  it('keeps the partial answer when the connection breaks off mid-stream', async () => {
    server.enqueue({ chunks: ['first ', 'second ', 'third'], fault: 'reset-mid', faultAfterChunks: 2 });
    const outcome = errorOf((await run(endpoint)).outcome);
    assert.equal(outcome.text, 'first second ');
    assert.equal(outcome.error.kind, 'connection');
    assert.match(outcome.error.message, /broke off before the answer was complete/);
  });

  // Decision: a line that is not JSON ends the answer as bad-response rather than being skipped, because skipping
  // could silently drop part of the answer; what arrived before it is kept.
  it('ends with bad-response on malformed stream data, keeping what came before', async () => {
    server.enqueue({ chunks: ['good ', 'data ', 'lost'], fault: 'malformed-sse', faultAfterChunks: 2 });
    const outcome = errorOf((await run(endpoint)).outcome);
    assert.equal(outcome.error.kind, 'bad-response');
    assert.equal(outcome.text, 'good data ');
  });
});

describe('streamChat edge cases', function () {
  this.timeout(5_000);

  it('says no server answered when nothing listens on the port', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const { error } = errorOf((await run({ baseUrl, apiKey: KEY, model: MODEL })).outcome);
    assert.deepEqual(error, { kind: 'connection', message: `No server answered at ${baseUrl}.`, action: 'retry' });
  });

  it('refuses an empty or non-http base URL without sending anything (the SDK would fall back to OpenAI)', async () => {
    for (const baseUrl of ['', 'localhost:11434/v1']) {
      const { error } = errorOf((await run({ baseUrl, apiKey: KEY, model: MODEL })).outcome);
      assert.equal(error.kind, 'not-configured', baseUrl);
      assert.equal(error.action, 'open-settings');
      const listed = await listModels({ baseUrl, apiKey: KEY });
      assert.ok(!listed.ok);
      assert.equal(listed.error.kind, 'not-configured');
    }
  });

  it('asks for a model to be picked when none is set, instead of sending an empty name', async () => {
    const { error } = errorOf((await run({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY, model: ' ' })).outcome);
    assert.equal(error.kind, 'model-not-found');
    assert.equal(error.action, 'pick-model');
  });

  it('tolerates null content, empty choices and a usage-only chunk, and reports a cut-off answer', async () => {
    const sse = [
      { choices: [{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }] },
      { choices: [] },
      { choices: [{ index: 0, delta: { content: 'partial ' }, finish_reason: null }] },
      { choices: [{ index: 0, delta: {}, finish_reason: null }] },
      { choices: [{ index: 0, delta: { content: 'answer' }, finish_reason: 'length' }] },
      { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
    ];
    const server = await rawServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${sse.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`);
    });
    try {
      const { outcome, deltas } = await run({ baseUrl: server.url, apiKey: undefined, model: MODEL });
      assert.deepEqual(outcome, { kind: 'done', text: 'partial answer', finishReason: 'length', usage: { prompt: 3, completion: 2 } });
      assert.deepEqual(deltas, ['partial ', 'answer']);
    } finally {
      await server.close();
    }
  });

  it('delivers nothing after Stop, even events that arrived in the same packet', async () => {
    const event = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    const server = await rawServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // One write, and the stream left open: everything is buffered at the client before the first delta.
      res.write(['one ', 'two ', 'three '].map(event).join(''));
      setTimeout(() => res.end(), 500);
    });
    try {
      const stop = new AbortController();
      const { outcome, deltas } = await run({ baseUrl: server.url, apiKey: undefined, model: MODEL }, { signal: stop.signal, onDeltaAlso: () => stop.abort() });
      assert.deepEqual(deltas, ['one ']);
      assert.deepEqual(outcome, { kind: 'stopped', by: 'user', text: 'one ' });
    } finally {
      await server.close();
    }
  });

  it('reports a 200 that is not a chat stream as bad-response', async () => {
    const server = await rawServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx</body></html>');
    });
    try {
      const { error } = errorOf((await run({ baseUrl: server.url, apiKey: undefined, model: MODEL })).outcome);
      assert.equal(error.kind, 'bad-response');
      assert.equal(error.action, 'open-settings');
    } finally {
      await server.close();
    }
  });

  it('resends max_tokens as max_completion_tokens once when the server asks for that', async () => {
    const bodies: Record<string, unknown>[] = [];
    const server = await rawServer((_req, body, res) => {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      bodies.push(parsed);
      if ('max_tokens' in parsed) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", param: 'max_tokens', code: 'unsupported_parameter' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    });
    try {
      const { outcome } = await run({ baseUrl: server.url, apiKey: KEY, model: 'o4-mini' }, { maxTokens: 100 });
      assert.equal(outcome.kind, 'done');
      assert.equal(bodies.length, 2);
      assert.equal(bodies[1]?.['max_completion_tokens'], 100);
    } finally {
      await server.close();
    }
  });
});

describe('retryDelayMs', () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it('reads retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    assert.equal(retryDelayMs(headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1500);
    assert.equal(retryDelayMs(headers({ 'retry-after': '3' })), 3000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryDelayMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now), 7000);
  });

  it('waits 2 s without a usable header and never more than 60 s', () => {
    assert.equal(retryDelayMs(undefined), 2000);
    assert.equal(retryDelayMs(headers({ 'retry-after': 'soon' })), 2000);
    assert.equal(retryDelayMs(headers({ 'retry-after': '3600' })), 60_000);
    assert.equal(retryDelayMs(headers({ 'retry-after': 'Wed, 01 Jan 2020 00:00:00 GMT' })), 0);
  });
});

describe('listModels', function () {
  this.timeout(5_000);
  let server: FakeModelServer;

  before(async () => {
    server = await startFakeModelServer({ models: ['qwen2.5-coder:7b', 'llama3.1:8b', 'deepseek-r1:14b'] });
  });
  after(() => server.close());

  it('returns the listed ids sorted', async () => {
    assert.deepEqual(await listModels({ baseUrl: server.url, apiKey: undefined }), {
      ok: true,
      models: ['deepseek-r1:14b', 'llama3.1:8b', 'qwen2.5-coder:7b'],
    });
  });

  it('reports a rejected key as auth without the key in the detail', async () => {
    server.setApiKey('the-right-key');
    try {
      const result = await listModels({ baseUrl: server.url, apiKey: KEY });
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'auth');
      assert.ok(!result.detail.includes(KEY));
    } finally {
      server.setApiKey(undefined);
    }
  });

  it('reports a base URL without the API path as having no model list', async () => {
    const result = await listModels({ baseUrl: server.url.replace(/\/v1$/, ''), apiKey: undefined });
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'bad-response');
    assert.equal(result.error.action, 'open-settings');
  });

  it('reports a closed port as no server answering', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const result = await listModels({ baseUrl, apiKey: undefined });
    assert.ok(!result.ok);
    assert.equal(result.error.message, `No server answered at ${baseUrl}.`);
  });
});

describe('findLocalServer', function () {
  this.timeout(5_000);
  let first: FakeModelServer;
  let second: FakeModelServer;

  before(async () => {
    first = await startFakeModelServer({ models: ['llama3.1:8b'] });
    second = await startFakeModelServer({ models: ['qwen2.5-coder:7b'] });
  });
  after(async () => {
    await first.close();
    await second.close();
  });

  it('finds a server that answers, skipping a closed port', async () => {
    const closed = { name: 'Ollama', baseUrl: `http://127.0.0.1:${await closedPort()}/v1` };
    const found = await findLocalServer({ candidates: [closed, { name: 'LM Studio', baseUrl: second.url }] });
    assert.deepEqual(found, { name: 'LM Studio', baseUrl: second.url, models: ['qwen2.5-coder:7b'] });
  });

  it('prefers the earlier candidate when both answer', async () => {
    const found = await findLocalServer({ candidates: [{ name: 'A', baseUrl: first.url }, { name: 'B', baseUrl: second.url }] });
    assert.equal(found?.name, 'A');
  });

  it('prefers a server with models over an earlier one with none', async () => {
    first.setModels([]);
    try {
      const found = await findLocalServer({ candidates: [{ name: 'A', baseUrl: first.url }, { name: 'B', baseUrl: second.url }] });
      assert.equal(found?.name, 'B');
      const onlyEmpty = await findLocalServer({ candidates: [{ name: 'A', baseUrl: first.url }] });
      assert.deepEqual(onlyEmpty, { name: 'A', baseUrl: first.url, models: [] });
    } finally {
      first.setModels(['llama3.1:8b']);
    }
  });

  it('returns undefined when nothing answers', async () => {
    const found = await findLocalServer({ candidates: [{ name: 'Ollama', baseUrl: `http://127.0.0.1:${await closedPort()}/v1` }] });
    assert.equal(found, undefined);
  });

  it('gives up on a server that accepts but never answers within the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const found = await findLocalServer({ timeoutMs: 200, candidates: [{ name: 'Silent', baseUrl: `http://127.0.0.1:${port}/v1` }] });
      const ms = Date.now() - started;
      assert.equal(found, undefined);
      assert.ok(ms >= 190 && ms < 1_000, `took ${ms} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
