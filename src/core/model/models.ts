// The model list for the picker (and for discovery): GET /models, read tolerantly, sorted.
import type { TurnError } from '../chat/conversation';
import { openaiClient } from './client';
import { baseUrlProblem, describeModelError, scrubSecrets } from './errors';
import { hostOf } from './endpoint';
import type { ModelEndpoint } from './types';

export type ModelList =
  | { readonly ok: true; readonly models: string[] }
  | { readonly ok: false; readonly error: TurnError; readonly detail: string };

/** Without a signal a stalled server would keep the picker waiting for the SDK's 10-minute default. */
const DEFAULT_TIMEOUT_MS = 15_000;

export async function listModels(endpoint: Omit<ModelEndpoint, 'model'>, signal?: AbortSignal): Promise<ModelList> {
  const invalid = baseUrlProblem(endpoint, 'models');
  if (invalid) return { ok: false, ...invalid };
  const client = openaiClient(endpoint);
  let body: unknown;
  try {
    // The raw body rather than client.models.list(): the SDK turns any 200 (an HTML page, say) into an empty
    // page, and a server that is not an OpenAI-compatible API must not look like one with no models.
    body = await client.get<unknown>('/models', { timeout: DEFAULT_TIMEOUT_MS, ...(signal ? { signal } : {}) });
  } catch (err) {
    return { ok: false, ...describeModelError(err, endpoint, 'models') };
  }
  const models = modelIds(body);
  if (models === undefined) {
    return {
      ok: false,
      error: {
        kind: 'bad-response',
        message: `The server at ${hostOf(endpoint.baseUrl)} answered, but not with a model list; check that the base URL is an OpenAI-compatible API.`,
        action: 'open-settings',
      },
      detail: scrubSecrets(`GET /models at ${endpoint.baseUrl}: unexpected body ${JSON.stringify(body)?.slice(0, 200) ?? typeof body}`, endpoint.apiKey),
    };
  }
  return { ok: true, models };
}

/** `{ data: [{ id }] }` as OpenAI, Ollama, LM Studio, vLLM and llama.cpp send it; undefined for anything else. */
function modelIds(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = (body as Record<string, unknown>)['data'];
  if (!Array.isArray(data)) return undefined;
  const ids = new Set<string>();
  for (const entry of data) {
    const id = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['id'] : undefined;
    if (typeof id === 'string' && id.trim() !== '') ids.add(id);
  }
  return [...ids].sort((a, b) => a.localeCompare(b));
}
