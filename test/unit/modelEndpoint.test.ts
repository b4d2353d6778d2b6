import * as assert from 'node:assert/strict';
import { normalizeBaseUrl, OPENAI_BASE_URL, resolveBaseUrl, resolveEndpoint } from '../../src/core/model/endpoint';

describe('resolveEndpoint', () => {
  it('uses the setting before OPENAI_BASE_URL', () => {
    const plan = resolveEndpoint({ baseUrl: 'http://localhost:1234/v1' }, { OPENAI_BASE_URL: 'https://env.example.com/v1' }, 'key');
    assert.deepEqual(plan, { kind: 'use', baseUrl: 'http://localhost:1234/v1', source: 'settings' });
  });

  it('falls back to OPENAI_BASE_URL when the setting is empty or blank', () => {
    const plan = resolveEndpoint({ baseUrl: '  ' }, { OPENAI_BASE_URL: 'https://env.example.com/v1/' }, undefined);
    assert.deepEqual(plan, { kind: 'use', baseUrl: 'https://env.example.com/v1', source: 'env' });
  });

  it('asks for a probe with OpenAI as the fallback only when a key is set', () => {
    assert.deepEqual(resolveEndpoint({ baseUrl: '' }, {}, 'sk-abc'), { kind: 'probe', fallback: OPENAI_BASE_URL });
    assert.deepEqual(resolveEndpoint({ baseUrl: '' }, { OPENAI_BASE_URL: '' }, undefined), { kind: 'probe', fallback: undefined });
    assert.deepEqual(resolveEndpoint({ baseUrl: '' }, {}, '  '), { kind: 'probe', fallback: undefined });
  });

  it('reports a setting that is not a URL instead of quietly using the next source', () => {
    const plan = resolveEndpoint({ baseUrl: 'localhost:11434' }, { OPENAI_BASE_URL: 'https://env.example.com/v1' }, undefined);
    assert.equal(plan.kind, 'invalid');
    assert.ok(plan.kind === 'invalid');
    assert.equal(plan.source, 'settings');
    assert.equal(plan.error.action, 'open-settings');
    assert.match(plan.error.message, /^The parley\.baseUrl setting "localhost:11434" needs to start with http:\/\/ or https:\/\//);
  });

  it('accepts process.env as the environment', () => {
    const plan = resolveEndpoint({ baseUrl: 'http://127.0.0.1:8080/v1' }, process.env, undefined);
    assert.equal(plan.kind, 'use');
  });
});

describe('normalizeBaseUrl', () => {
  const ok = (raw: string) => {
    const result = normalizeBaseUrl(raw);
    assert.ok(result.ok, `${raw} should be accepted`);
    return result.baseUrl;
  };

  it('removes surrounding spaces and trailing slashes', () => {
    assert.equal(ok('  https://api.openai.com/v1/  '), 'https://api.openai.com/v1');
    assert.equal(ok('http://127.0.0.1:11434/v1//'), 'http://127.0.0.1:11434/v1');
  });

  it('adds /v1 to a bare origin, the one case where the path is unambiguous', () => {
    assert.equal(ok('http://localhost:11434'), 'http://localhost:11434/v1');
    assert.equal(ok('http://localhost:1234/'), 'http://localhost:1234/v1');
    assert.equal(ok('https://api.openai.com'), 'https://api.openai.com/v1');
  });

  it('keeps any other path as written', () => {
    assert.equal(ok('https://openrouter.ai/api/v1'), 'https://openrouter.ai/api/v1');
    assert.equal(ok('https://openrouter.ai/api'), 'https://openrouter.ai/api');
    assert.equal(ok('https://my-resource.openai.azure.com/openai/v1/'), 'https://my-resource.openai.azure.com/openai/v1');
    assert.equal(ok('https://proxy.example.com/llm'), 'https://proxy.example.com/llm');
  });

  it('turns a pasted chat completions endpoint into its base', () => {
    assert.equal(ok('http://localhost:8000/v1/chat/completions'), 'http://localhost:8000/v1');
    assert.equal(ok('https://openrouter.ai/api/v1/chat/completions/'), 'https://openrouter.ai/api/v1');
  });

  it('refuses values without http:// or https:// rather than guessing', () => {
    for (const raw of ['localhost:11434', 'api.openai.com/v1', 'ftp://example.com/v1', 'not a url']) {
      assert.equal(normalizeBaseUrl(raw).ok, false, raw);
    }
  });
});

describe('resolveBaseUrl', () => {
  it('returns the normalized setting, else the environment, else undefined for a probe', () => {
    assert.equal(resolveBaseUrl('http://localhost:11434', 'https://env.example.com/v1'), 'http://localhost:11434/v1');
    assert.equal(resolveBaseUrl('', 'https://env.example.com/v1/'), 'https://env.example.com/v1');
    assert.equal(resolveBaseUrl('', undefined), undefined);
  });

  it('hands back an invalid setting as written, so the request fails visibly instead of going elsewhere', () => {
    assert.equal(resolveBaseUrl(' localhost:11434 ', 'https://env.example.com/v1'), 'localhost:11434');
  });
});
