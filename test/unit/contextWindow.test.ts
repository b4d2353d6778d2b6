import * as assert from 'node:assert/strict';
import { llamaCppWindow, lmStudioWindow, modelsListWindow, ollamaWindow, serverContextWindow } from '../../src/core/model/contextWindow';

describe('the context window the server reports', () => {
  it('Ollama: num_ctx when set (what the server runs with), else the model trained length', () => {
    assert.equal(ollamaWindow({ parameters: 'stop "<|im_end|>"\nnum_ctx 16384', model_info: { 'qwen2.context_length': 32768 } }), 16384);
    assert.equal(ollamaWindow({ parameters: '', model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 } }), 131072);
    assert.equal(ollamaWindow({ error: 'model not found' }), undefined);
  });

  it('LM Studio, vLLM, OpenRouter and llama.cpp each in their own field; nonsense is ignored', () => {
    assert.equal(lmStudioWindow({ loaded_context_length: 4096, max_context_length: 32768 }), 4096);
    assert.equal(modelsListWindow({ data: [{ id: 'a', max_model_len: 8192 }, { id: 'b', max_model_len: 4096 }] }, 'b'), 4096);
    assert.equal(modelsListWindow({ data: [{ id: 'gpt', context_length: 128000 }] }, 'gpt'), 128000);
    assert.equal(modelsListWindow({ data: [{ id: 'gpt' }] }, 'gpt'), undefined);
    assert.equal(llamaCppWindow({ default_generation_settings: { n_ctx: 4096 } }), 4096);
    assert.equal(lmStudioWindow({ loaded_context_length: -5 }), undefined);
    assert.equal(lmStudioWindow({ loaded_context_length: '4096' }), undefined);
  });

  it('asks every kind of server at once, without the API key, and takes the first that says', async () => {
    const asked: { url: string; headers: unknown }[] = [];
    const fake = async (url: string, init: { headers?: Record<string, string> }) => {
      asked.push({ url, headers: init.headers });
      if (url.endsWith('/api/show')) return { ok: false, json: async () => ({}) };
      if (url.endsWith('/models')) return { ok: true, json: async () => ({ data: [{ id: 'm', max_model_len: 12000 }] }) };
      throw new Error('connection refused');
    };
    const window = await serverContextWindow({ baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'sk-secret', model: 'm' }, fake);
    assert.equal(window, 12000);
    assert.equal(asked.length, 4);
    assert.ok(!JSON.stringify(asked).includes('sk-secret'));
    assert.equal(await serverContextWindow({ baseUrl: 'not a url', apiKey: undefined, model: 'm' }, fake), undefined);
  });
});
