// How many tokens the model in use can take, when the server says. Each kind of server says it differently:
// Ollama in /api/show (num_ctx when set, else the model's trained length), LM Studio in /api/v0/models (the
// length it loaded the model with), vLLM and OpenRouter in their /models entries, llama.cpp in /props. All are
// asked at once, briefly and without the API key; the first answer in that order wins. Nothing found: undefined,
// and the caller uses its default.
import type { ModelEndpoint } from './types';

const TIMEOUT_MS = 1500;

type Fetch = (url: string, init: { method?: string; body?: string; headers?: Record<string, string>; signal: AbortSignal }) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const size = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 256 && value <= 10_000_000 ? value : undefined;

/** Ollama: `num_ctx 8192` among the parameters wins (it is what the server runs with), else `<arch>.context_length`. */
export function ollamaWindow(body: unknown): number | undefined {
  const show = record(body);
  const parameters = typeof show?.['parameters'] === 'string' ? show['parameters'] : '';
  const numCtx = /^\s*num_ctx\s+(\d+)/m.exec(parameters)?.[1];
  if (numCtx) return size(Number(numCtx));
  const info = record(show?.['model_info']);
  const key = info && Object.keys(info).find((k) => k.endsWith('.context_length'));
  return key ? size(info[key]) : undefined;
}

export function lmStudioWindow(body: unknown): number | undefined {
  const model = record(body);
  return size(model?.['loaded_context_length']) ?? size(model?.['max_context_length']);
}

/** vLLM's `max_model_len` or OpenRouter's `context_length` on the model's entry in GET /models. */
export function modelsListWindow(body: unknown, model: string): number | undefined {
  const data = record(body)?.['data'];
  if (!Array.isArray(data)) return undefined;
  const entry = data.map(record).find((m) => m?.['id'] === model);
  return size(entry?.['max_model_len']) ?? size(entry?.['context_length']);
}

export function llamaCppWindow(body: unknown): number | undefined {
  return size(record(record(body)?.['default_generation_settings'])?.['n_ctx']) ?? size(record(body)?.['n_ctx']);
}

export async function serverContextWindow(endpoint: ModelEndpoint, fetchImpl: Fetch = fetch as unknown as Fetch): Promise<number | undefined> {
  let origin: string;
  try {
    origin = new URL(endpoint.baseUrl).origin;
  } catch {
    return undefined;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const ask = async (url: string, read: (body: unknown) => number | undefined, body?: unknown): Promise<number | undefined> => {
    try {
      const response = await fetchImpl(url, {
        signal: controller.signal,
        ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      return response.ok ? read(await response.json()) : undefined;
    } catch {
      return undefined;
    }
  };
  try {
    const answers = await Promise.all([
      ask(`${origin}/api/show`, ollamaWindow, { model: endpoint.model }),
      ask(`${origin}/api/v0/models/${encodeURIComponent(endpoint.model)}`, lmStudioWindow),
      ask(`${endpoint.baseUrl.replace(/\/+$/, '')}/models`, (b) => modelsListWindow(b, endpoint.model)),
      ask(`${origin}/props`, llamaCppWindow),
    ]);
    return answers.find((a) => a !== undefined);
  } finally {
    clearTimeout(timer);
  }
}
