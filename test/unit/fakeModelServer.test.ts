import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { generateMarkdown, lastUserText, loadScenarioFile, matchScenario, questionOf, startFakeModelServer } from '../fixtures/fakeModelServer';
import type { FakeModelServer } from '../fixtures/fakeModelServer';

const MODEL = 'fake-model';
const messages = [{ role: 'user' as const, content: 'Why does parseRow drop the last field?' }];

/** Streams one answer through the real SDK and returns its content pieces (the first chunk's role too). */
async function streamPieces(client: OpenAI, signal?: AbortSignal): Promise<{ pieces: string[]; roles: string[]; finish: (string | null)[] }> {
  const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true }, signal ? { signal } : {});
  const pieces: string[] = [];
  const roles: string[] = [];
  const finish: (string | null)[] = [];
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice?.delta.role) roles.push(choice.delta.role);
    if (choice?.delta.content) pieces.push(choice.delta.content);
    finish.push(choice?.finish_reason ?? null);
  }
  return { pieces, roles, finish };
}

/** Streams through the SDK and collects the pieces until the stream fails; returns both. */
async function piecesUntilError(client: OpenAI, signal?: AbortSignal): Promise<{ pieces: string[]; error: unknown }> {
  const pieces: string[] = [];
  try {
    const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true }, signal ? { signal } : {});
    for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? '');
  } catch (error) {
    return { pieces: pieces.filter((p) => p !== ''), error };
  }
  return { pieces, error: undefined };
}

function postChat(server: FakeModelServer, body: Record<string, unknown> = {}, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    signal: signal ?? null,
    headers: { 'content-type': 'application/json', authorization: 'Bearer test', ...headers },
    body: JSON.stringify({ model: MODEL, messages, stream: true, ...body }),
  });
}

describe('fake model server', () => {
  let server: FakeModelServer;
  let client: OpenAI;

  before(async () => {
    server = await startFakeModelServer();
    client = new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  it('streams a reply in order, in chunks of chunkSize, with the role only in the first', async () => {
    server.enqueue({ reply: 'The loop stops one short.', chunkSize: 5 });
    const { pieces, roles, finish } = await streamPieces(client);
    assert.deepEqual(pieces, ['The l', 'oop s', 'tops ', 'one s', 'hort.']);
    assert.deepEqual(roles, ['assistant']);
    assert.equal(finish.at(-1), 'stop');
    assert.equal(finish.filter((f) => f !== null).length, 1);
  });

  it('sends explicit chunks as given, then a stop chunk and [DONE] on the wire', async () => {
    server.enqueue({ chunks: ['a', 'bc', 'def'] });
    const res = await postChat(server);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const text = await res.text();
    assert.ok(text.endsWith('data: [DONE]\n\n'), text.slice(-40));
    const events = text.split('\n\n').filter((e) => e !== '').map((e) => e.replace(/^data: /, ''));
    assert.equal(events.pop(), '[DONE]');
    const chunks = events.map((e) => JSON.parse(e) as OpenAI.ChatCompletionChunk);
    assert.deepEqual(chunks.map((c) => c.choices[0]?.delta.content ?? null), ['a', 'bc', 'def', null]);
    assert.deepEqual(chunks.at(-1)?.choices[0]?.delta, {});
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === MODEL && c.id === chunks[0]?.id));
  });

  it('streams reasoning in its own delta field before the answer, with the role on the first', async () => {
    server.enqueue({ reasoningChunks: ['weigh ', 'it'], reasoningField: 'reasoning', reply: 'ok' });
    const text = await (await postChat(server)).text();
    const deltas = text.split('\n\n').filter((e) => e.startsWith('data: {')).map((e) => (JSON.parse(e.slice(6)) as OpenAI.ChatCompletionChunk).choices[0]?.delta);
    assert.deepEqual(deltas.slice(0, 3), [{ role: 'assistant', reasoning: 'weigh ' }, { reasoning: 'it' }, { content: 'ok' }]);
  });

  it('reports usage with cached and reasoning tokens when asked, in a chunk without choices', async () => {
    server.enqueue({ reasoning: 'abcdefgh', reply: 'abcd', cachedTokens: 2 });
    const text = await (await postChat(server, { stream_options: { include_usage: true } })).text();
    const last = text.split('\n\n').filter((e) => e.startsWith('data: {')).map((e) => JSON.parse(e.slice(6)) as OpenAI.ChatCompletionChunk).at(-1);
    assert.deepEqual(last?.choices, []);
    assert.equal(last?.usage?.completion_tokens, 3);
    assert.deepEqual(last?.usage?.prompt_tokens_details, { cached_tokens: 2 });
    assert.deepEqual(last?.usage?.completion_tokens_details, { reasoning_tokens: 2 });
  });

  it('refuses stream_options with a 400 naming them when the scenario says so, and answers without', async () => {
    server.setDefault({ reply: 'fine', rejectStreamOptions: true });
    const refused = await postChat(server, { stream_options: { include_usage: true } });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /stream_options/);
    assert.equal((await postChat(server)).status, 200);
  });

  it('answers a non-streaming request with one chat.completion', async () => {
    server.enqueue({ reply: 'Whole answer.' });
    const completion = await client.chat.completions.create({ model: MODEL, messages });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0]?.message.content, 'Whole answer.');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
  });

  it('answers from the queue in order, then with the echo default', async () => {
    server.enqueue({ reply: 'first' }, { reply: 'second' });
    assert.equal((await streamPieces(client)).pieces.join(''), 'first');
    assert.equal((await streamPieces(client)).pieces.join(''), 'second');
    assert.equal((await streamPieces(client)).pieces.join(''), 'You said: Why does parseRow drop the last field?');
    server.setDefault((r) => ({ reply: `seen ${lastUserText(r.body).length} characters` }));
    assert.equal((await streamPieces(client)).pieces.join(''), 'seen 38 characters');
  });

  it('lists its models, and rejects a model it does not list with a 404 model_not_found', async () => {
    assert.deepEqual((await client.models.list()).data.map((m) => m.id), [MODEL]);
    server.setModels(['alpha', 'beta']);
    const list = await client.models.list();
    assert.deepEqual(list.data.map((m) => [m.id, m.object, m.owned_by]), [['alpha', 'model', 'fake'], ['beta', 'model', 'fake']]);
    const err = await client.chat.completions.create({ model: 'gamma', messages }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.NotFoundError, String(err));
    assert.equal(err.code, 'model_not_found');
    assert.match(err.message, /The model `gamma` does not exist/);
  });

  it('with an API key set, refuses a request without it (401) and never echoes what was sent', async () => {
    server.setApiKey('sk-right');
    const missing = await postChat(server, {}, { authorization: '' });
    assert.equal(missing.status, 401);
    const wrong = await postChat(server, {}, { authorization: 'Bearer sk-planted-secret' });
    assert.equal(wrong.status, 401);
    const body = await wrong.text();
    assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'invalid_api_key');
    assert.ok(!body.includes('sk-planted-secret'));
    const right = await postChat(server, {}, { authorization: 'Bearer sk-right' });
    assert.equal(right.status, 200);
    await right.text();
  });

  it('answers a 429 fault with retry-after, and the next scenario lets an SDK retry succeed', async () => {
    server.enqueue({ fault: 'http-429', retryAfterSeconds: 7 });
    const res = await postChat(server);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded');

    server.enqueue({ fault: 'http-429', retryAfterSeconds: 0 }, { reply: 'after the retry' });
    const retrying = new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 1 });
    const answer = await retrying.chat.completions.create({ model: MODEL, messages });
    assert.equal(answer.choices[0]?.message.content, 'after the retry');
    assert.equal(server.requests.filter((r) => r.path === '/v1/chat/completions').length, 3);
  });

  it('answers the other http faults with their status and an OpenAI-style error body', async () => {
    for (const [fault, status] of [['http-401', 401], ['http-403', 403], ['http-404', 404], ['http-500', 500], ['http-503', 503]] as const) {
      server.enqueue({ fault });
      const res = await postChat(server);
      assert.equal(res.status, status, fault);
      const body = (await res.json()) as { error: { message: string; type: string } };
      assert.ok(body.error.message.length > 0 && body.error.type.length > 0, fault);
    }
  });

  it('resets the connection before answering (reset-before), which rejects fetch and the SDK', async () => {
    server.enqueue({ fault: 'reset-before' }, { fault: 'reset-before' });
    await assert.rejects(postChat(server));
    const { error } = await piecesUntilError(client);
    assert.ok(error instanceof OpenAI.APIConnectionError, String(error));
    assert.equal(server.requests.length, 2, 'both requests arrived and were recorded');
  });

  it('drops the connection mid-stream (reset-mid) after the first chunks', async () => {
    server.enqueue({ reply: 'abcdefghijklmnop', chunkSize: 2, fault: 'reset-mid', faultAfterChunks: 3 });
    const { pieces, error } = await piecesUntilError(client);
    assert.ok(error, 'the stream rejects');
    assert.deepEqual(pieces, ['ab', 'cd', 'ef']);
  });

  it('stalls mid-stream (stall-mid): the first chunks arrive, then nothing until the client aborts', async () => {
    server.enqueue({ reply: 'abcdefghijklmnop', chunkSize: 2, fault: 'stall-mid', faultAfterChunks: 2 });
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const { pieces, error } = await piecesUntilError(client, abort.signal);
    clearTimeout(timer);
    assert.ok(Date.now() - started >= 280, 'it waited for the abort');
    assert.equal(error, undefined, 'the SDK ends a stream quietly when its signal aborts');
    assert.deepEqual(pieces, ['ab', 'cd']);
    // The server is still healthy after the client went away.
    server.enqueue({ reply: 'fine' });
    assert.equal((await streamPieces(client)).pieces.join(''), 'fine');
  });

  it('sends no response at all (stall-before) until the client gives up', async () => {
    server.enqueue({ fault: 'stall-before' });
    const started = Date.now();
    await assert.rejects(postChat(server, {}, {}, AbortSignal.timeout(200)), { name: 'TimeoutError' });
    assert.ok(Date.now() - started >= 190);
    assert.equal(server.requests.length, 1);
  });

  it('sends a line that is not JSON (malformed-sse) after the good chunks, then carries on to [DONE]', async () => {
    server.enqueue({ chunks: ['one', 'two', 'three'], fault: 'malformed-sse', faultAfterChunks: 2 });
    const text = await (await postChat(server)).text();
    const events = text.split('\n\n').filter((e) => e !== '');
    assert.equal(events[2], 'data: {not json');
    assert.match(events[3] ?? '', /"content":"three"/);
    assert.equal(events.at(-1), 'data: [DONE]');

    server.enqueue({ chunks: ['one', 'two'], fault: 'malformed-sse', faultAfterChunks: 1 });
    // logLevel 'off': the SDK would print the broken line to the test output.
    const { pieces, error } = await piecesUntilError(new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0, logLevel: 'off' }));
    assert.ok(error, 'the SDK fails on the broken line');
    assert.deepEqual(pieces, ['one']);
  });

  it('delivers a 1 MB generated markdown answer whole', async function () {
    this.timeout(4000);
    const bytes = 1024 * 1024;
    server.enqueue({ replyBytes: bytes, chunkSize: 16 });
    const { pieces } = await streamPieces(client);
    const text = pieces.join('');
    assert.equal(text.length, bytes);
    assert.equal(text, generateMarkdown(bytes));
    assert.match(text, /^## Part 1/);
    assert.match(text, /\n- step 2\.1: /);
    assert.match(text, /\n```ts\n/);
  });

  it('records every request with its method, path, headers and parsed body', async () => {
    server.enqueue({ reply: 'ok' });
    const before = Date.now();
    await streamPieces(client);
    await client.models.list();
    assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/chat/completions', 'GET /v1/models']);
    const chat = server.requests[0];
    assert.equal(chat?.headers['authorization'], 'Bearer test');
    assert.deepEqual(chat?.body, { model: MODEL, messages, stream: true });
    assert.ok((chat?.receivedAt ?? 0) >= before);
  });

  it('paces chunks by delayMs and survives a client that aborts mid-stream', async () => {
    server.enqueue({ reply: 'x'.repeat(100), chunkSize: 1, delayMs: 20 });
    const abort = new AbortController();
    const started = Date.now();
    const timer = setTimeout(() => abort.abort(), 110);
    const { pieces, error } = await piecesUntilError(client, abort.signal);
    clearTimeout(timer);
    assert.equal(error, undefined, 'the SDK ends a stream quietly when its signal aborts');
    assert.ok(pieces.length >= 2 && pieces.length <= 8, `${pieces.length} chunks in ${Date.now() - started} ms`);
    server.enqueue({ reply: 'still here' });
    assert.equal((await streamPieces(client)).pieces.join(''), 'still here');
  });

  it('answers a scenario file by the first match on the last user message, else its catch-all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-scenarios-'));
    try {
      const file = join(dir, 'scenarios.json');
      writeFileSync(file, JSON.stringify({ scenarios: [{ match: 'last field', reply: 'matched' }, { match: 'field', reply: 'too late' }, { reply: 'catch-all' }] }));
      const scripted = await startFakeModelServer({ scenarios: loadScenarioFile(file) });
      try {
        const c = new OpenAI({ baseURL: scripted.url, apiKey: 'test', maxRetries: 0 });
        const ask = async (content: string) => (await c.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] })).choices[0]?.message.content;
        assert.equal(await ask('Why is the LAST FIELD missing?'), 'matched');
        assert.equal(await ask('hello'), 'catch-all');
        scripted.enqueue({ reply: 'queued first' });
        assert.equal(await ask('last field'), 'queued first');
      } finally {
        await scripted.close();
      }
      writeFileSync(file, JSON.stringify({ scenarios: [{ reply: 'x', delay: 5 }] }));
      assert.throws(() => loadScenarioFile(file), /unknown field "delay"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('routes the demo questions about the sample project to their scripted answers', () => {
    // Unit tests run from the project root (scripts/test.mjs sets cwd), wherever the compiled test file lives.
    const demo = loadScenarioFile(join(process.cwd(), 'test', 'fixtures', 'scenarios', 'demo.json'));
    assert.ok(demo.length >= 5 && demo.length <= 10, `${demo.length} scenarios`);
    assert.equal(demo.at(-1)?.match, undefined, 'the last one is the catch-all');
    const reply = (question: string) => matchScenario(demo, question)?.reply ?? '';
    const why = reply('Why does parseRow drop the last field?');
    for (const part of [/^## /m, /^1\. /m, /^\| --- \|/m, /```ts\n[\s\S]*fields\.push\(current\);\n {2}return fields;/]) assert.match(why, part);
    assert.match(reply('Can parseTable read tab-separated files?'), /\n\nOptions: Use commas \| Use tabs \| Detect automatically$/);
    for (const option of ['Use commas', 'Use tabs', 'Detect automatically']) {
      assert.doesNotMatch(reply(option), /^Options:/m, `"${option}" gets an answer, not the question again`);
    }
    const walk = matchScenario(demo, 'Walk me through csv.ts');
    assert.ok((walk?.reply?.length ?? 0) > 1500 && (walk?.delayMs ?? 0) >= 15, 'a long answer at a readable pace');
    assert.match(reply('hello there'), /scripted demo model/);
    assert.match(reply('Fix it, please'), /```ts src\/csv\.ts\n<<<<<<< SEARCH\n {2}for \(let i = 0; i < n - 1; i\+\+\) \{\n=======/, 'a proposal to review');
    // Scenarios match the question, not the file sent as context before it.
    assert.equal(questionOf('File notes.md:\n```\nuse tabs\n```\n\nQuestion:\nhello there'), 'hello there');
    assert.equal(questionOf('just a question'), 'just a question');
  });

  it('ends a stalled connection promptly on close()', async () => {
    const own = await startFakeModelServer();
    own.enqueue({ reply: 'abcdefgh', fault: 'stall-mid', faultAfterChunks: 1 });
    const res = await postChat(own);
    const reader = res.body?.getReader();
    assert.ok(reader);
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /"content":"abcd"/);
    const pending = reader.read().then(
      (r) => (r.done ? 'ended' : 'more data'),
      () => 'rejected',
    );
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 500, `close took ${Date.now() - started} ms`);
    assert.notEqual(await pending, 'more data');
  });
});
