// With nothing configured, Parley looks for a model server on this machine before showing a setup card.
import { listModels } from './models';

export interface LocalServer {
  readonly name: string;
  readonly baseUrl: string;
}

/** In order of preference. 127.0.0.1 rather than localhost: both servers bind IPv4 loopback by default. */
export const LOCAL_SERVERS: readonly LocalServer[] = [
  { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
  { name: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1' },
];

const DEFAULT_TIMEOUT_MS = 400;

/**
 * Probes every candidate at once with GET /models and returns the first, in candidate order, that answers with a
 * model list. A server with models wins over an earlier one with none (an Ollama with nothing pulled cannot
 * answer); if none has models, the first that answered is returned so the caller can say what to install.
 * The probes carry no API key: the person's key never goes to a server they did not choose.
 */
export async function findLocalServer(options?: {
  readonly timeoutMs?: number;
  readonly candidates?: readonly LocalServer[];
}): Promise<{ name: string; baseUrl: string; models: string[] } | undefined> {
  const candidates = options?.candidates ?? LOCAL_SERVERS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const answers = await Promise.all(
      candidates.map((c) => listModels({ baseUrl: c.baseUrl, apiKey: undefined }, controller.signal)),
    );
    const found = candidates.flatMap((c, i) => {
      const answer = answers[i];
      return answer?.ok ? [{ name: c.name, baseUrl: c.baseUrl, models: answer.models }] : [];
    });
    return found.find((s) => s.models.length > 0) ?? found[0];
  } finally {
    clearTimeout(timer);
  }
}
