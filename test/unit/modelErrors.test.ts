import * as assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { describeModelError, scrubSecrets } from '../../src/core/model/errors';
import type { ModelEndpoint } from '../../src/core/model/types';

const KEY = 'sk-test-0123456789abcdefSECRET';
const remote: ModelEndpoint = { baseUrl: 'https://models.example.com/v1', apiKey: KEY, model: 'gpt-4o-mini' };
const local: ModelEndpoint = { baseUrl: 'http://127.0.0.1:11434/v1', apiKey: undefined, model: 'qwen2.5-coder:7b' };

/** An SDK error as the client builds it from an HTTP response. */
function httpError(status: number, body: object | undefined, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, body, undefined, new Headers(headers));
}

/** Node's fetch failing to connect: TypeError("fetch failed") caused by a socket error with a code. */
function connectionError(code: string, message = `connect ${code}`): APIConnectionError {
  const socket = Object.assign(new Error(message), { code });
  return new APIConnectionError({ message: 'Connection error.', cause: new TypeError('fetch failed', { cause: socket }) });
}

describe('describeModelError', () => {
  it('maps 401 and 403 to a rejected key with the set-key action', () => {
    for (const status of [401, 403]) {
      const { error } = describeModelError(httpError(status, { error: { message: 'Invalid key' } }), remote);
      assert.deepEqual(error, { kind: 'auth', message: 'The server at models.example.com rejected the API key.', action: 'set-key' });
    }
  });

  it('maps a 404 on chat to the model not being found, naming the model', () => {
    const { error } = describeModelError(httpError(404, { error: { message: 'model "gpt-4o-mini" not found' } }), remote);
    assert.deepEqual(error, {
      kind: 'model-not-found',
      message: 'The model "gpt-4o-mini" was not found at models.example.com.',
      action: 'pick-model',
    });
  });

  it('maps a 404 on the model list to a wrong base URL rather than a missing model', () => {
    const { error } = describeModelError(httpError(404, undefined), remote, 'models');
    assert.equal(error.kind, 'bad-response');
    assert.equal(error.action, 'open-settings');
    assert.match(error.message, /no model list at https:\/\/models\.example\.com\/v1\/models/);
  });

  it('maps 429 to rate-limiting, and an exhausted quota to its own sentence', () => {
    const limited = describeModelError(httpError(429, { error: { message: 'slow down' } }, { 'retry-after': '3' }), remote).error;
    assert.deepEqual(limited, {
      kind: 'rate-limit',
      message: 'The server at models.example.com is rate-limiting requests; try again in a moment.',
      action: 'retry',
    });
    const quota = describeModelError(httpError(429, { error: { message: 'You exceeded your quota', code: 'insufficient_quota' } }), remote).error;
    assert.equal(quota.kind, 'rate-limit');
    assert.match(quota.message, /run out of quota/);
  });

  it('maps 5xx to a server error with the status, adding a short reason from a JSON body', () => {
    const plain = describeModelError(httpError(503, undefined), remote).error;
    assert.deepEqual(plain, { kind: 'server', message: 'The server at models.example.com had an error (503).', action: 'retry' });
    const reasoned = describeModelError(httpError(500, { error: { message: 'model requires more system memory (8 GiB) than is available' } }), local).error;
    assert.equal(reasoned.message, 'The server at 127.0.0.1:11434 had an error (500): model requires more system memory (8 GiB) than is available.');
  });

  it('reports another 4xx with the server\'s first sentence', () => {
    const { error } = describeModelError(
      httpError(400, { error: { message: "This model's maximum context length is 8192 tokens. However, you requested 9000." } }),
      remote,
    );
    assert.equal(error.kind, 'unknown');
    assert.equal(error.message, "The server at models.example.com refused the request (400): This model's maximum context length is 8192 tokens.");
  });

  it('says no server answered when the connection is refused, with retry on loopback and settings elsewhere', () => {
    const onLoopback = describeModelError(connectionError('ECONNREFUSED'), local).error;
    assert.deepEqual(onLoopback, { kind: 'connection', message: 'No server answered at http://127.0.0.1:11434/v1.', action: 'retry' });
    const remoteRefused = describeModelError(connectionError('ECONNREFUSED'), remote).error;
    assert.equal(remoteRefused.action, 'open-settings');
  });

  it('finds a refused connection inside an AggregateError (localhost resolving to two addresses)', () => {
    const both = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:11434'), { code: 'ECONNREFUSED' })], '');
    const err = new APIConnectionError({ message: 'Connection error.', cause: new TypeError('fetch failed', { cause: both }) });
    assert.match(describeModelError(err, local).error.message, /^No server answered at /);
  });

  it('names the host that DNS could not find', () => {
    const { error } = describeModelError(connectionError('ENOTFOUND', 'getaddrinfo ENOTFOUND models.example.com'), remote);
    assert.equal(error.kind, 'connection');
    assert.equal(error.message, 'The server name models.example.com could not be found; check the base URL.');
    assert.equal(error.action, 'open-settings');
  });

  it('tells a reset before the answer apart from one in the middle of it', () => {
    const before = describeModelError(connectionError('UND_ERR_SOCKET', 'other side closed'), remote).error;
    assert.equal(before.message, 'The connection to models.example.com was closed before the server answered.');
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const during = describeModelError(new TypeError('terminated', { cause: socket }), remote).error;
    assert.deepEqual(during, {
      kind: 'connection',
      message: 'The connection to models.example.com broke off before the answer was complete.',
      action: 'retry',
    });
  });

  it('recognizes an untrusted certificate and plain HTTP spoken to an https:// URL', () => {
    assert.match(describeModelError(connectionError('DEPTH_ZERO_SELF_SIGNED_CERT'), remote).error.message, /certificate this machine does not trust/);
    const wrong = connectionError('EPROTO', 'SSL routines:ssl3_get_record:wrong version number');
    assert.match(describeModelError(wrong, remote).error.message, /does not speak HTTPS; try http:\/\//);
  });

  it('maps malformed stream data to a bad response', () => {
    const { error } = describeModelError(new SyntaxError('Unexpected token } in JSON at position 7'), remote);
    assert.equal(error.kind, 'bad-response');
    assert.equal(error.message, 'The server at models.example.com sent data Parley could not read.');
  });

  it('maps an error event inside the stream to a server error with its message', () => {
    const inStream = new APIError(undefined, { message: 'The model crashed. Please retry.' }, undefined, new Headers());
    const { error } = describeModelError(inStream, remote);
    assert.equal(error.kind, 'server');
    assert.equal(error.message, 'The server at models.example.com reported an error: The model crashed.');
  });

  it('maps the SDK timeout to a timeout, and anything else to unknown with one sentence', () => {
    assert.equal(describeModelError(new APIConnectionTimeoutError(), remote).error.kind, 'timeout');
    const { error } = describeModelError(new Error('Something odd happened. Details follow here.\nstack...'), remote);
    assert.deepEqual(error, { kind: 'unknown', message: 'The request to models.example.com failed: Something odd happened.', action: 'retry' });
  });

  it('puts the status, the server message, the URL and the causes in the detail', () => {
    const { detail } = describeModelError(httpError(500, { error: { message: 'boom', code: 'oops' } }, { 'x-request-id': 'req_42' }), remote);
    assert.match(detail, /POST \/chat\/completions at https:\/\/models\.example\.com\/v1/);
    assert.match(detail, /status 500/);
    assert.match(detail, /boom/);
    assert.match(detail, /code oops/);
    assert.match(detail, /request id req_42/);
    const refused = describeModelError(connectionError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:11434'), local).detail;
    assert.match(refused, /cause TypeError: fetch failed <- Error ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:11434/);
  });

  it('never lets the key into the message or the detail, even when the server echoes it', () => {
    const echoes = [
      httpError(401, { error: { message: `Incorrect API key provided: ${KEY}.` } }),
      httpError(400, { error: { message: `Bad header Authorization: Bearer ${KEY}` } }),
      httpError(500, { error: { message: `crash with api_key=${KEY}` } }),
      new Error(`request to https://user:${KEY}@models.example.com failed`),
    ];
    for (const err of echoes) {
      const { error, detail } = describeModelError(err, remote);
      assert.ok(!detail.includes(KEY), detail);
      assert.ok(!error.message.includes(KEY), error.message);
      assert.ok(!detail.includes('SECRET'), detail);
    }
  });
});

describe('scrubSecrets', () => {
  it('removes the exact key even when it has no recognizable shape', () => {
    assert.equal(scrubSecrets('key was plainTokenValue42 here', 'plainTokenValue42'), 'key was [redacted] here');
  });

  it('removes well-known key formats and URL passwords without a key to compare', () => {
    const out = scrubSecrets('a sk-proj-abcdefghijkl b gsk_abcdefghijklmnop c https://me:pw@host/v1', undefined);
    assert.equal(out, 'a [redacted] b [redacted] c https://[redacted]@host/v1');
    assert.equal(scrubSecrets('sent Bearer opaque.token-123 and api_key=opaque456', undefined), 'sent Bearer [redacted] and api_key=[redacted]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'The model "gpt-4o" was not found at api.openai.com (task-list, risk-free).';
    assert.equal(scrubSecrets(text, 'x'), text);
  });
});
