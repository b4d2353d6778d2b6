// Which server Parley talks to (DESIGN.md §1): the `parley.baseUrl` setting, else OPENAI_BASE_URL, else a local
// server on loopback (findLocalServer, probed by the caller), else OpenAI when there is a key, else a setup card.
// Everything here is decided without I/O.
import type { TurnError } from '../chat/conversation';

/** "api.openai.com" or "127.0.0.1:11434": enough to say where requests go, nothing secret. */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** What the settings and the environment decide before anything is probed. */
export type EndpointPlan =
  | { readonly kind: 'use'; readonly baseUrl: string; readonly source: 'settings' | 'env' }
  /** Nothing configured: probe loopback, then use `fallback` (OpenAI, when a key is set), else not configured. */
  | { readonly kind: 'probe'; readonly fallback: string | undefined }
  /** A configured value that is not an http(s) URL: say so instead of silently using something else. */
  | { readonly kind: 'invalid'; readonly source: 'settings' | 'env'; readonly error: TurnError };

export function resolveEndpoint(
  settings: { readonly baseUrl: string },
  env: { readonly OPENAI_BASE_URL?: string | undefined },
  apiKey: string | undefined,
): EndpointPlan {
  const configured: [string | undefined, 'settings' | 'env'][] = [
    [settings.baseUrl, 'settings'],
    [env.OPENAI_BASE_URL, 'env'],
  ];
  for (const [raw, source] of configured) {
    if (raw === undefined || raw.trim() === '') continue;
    const normalized = normalizeBaseUrl(raw);
    if (normalized.ok) return { kind: 'use', baseUrl: normalized.baseUrl, source };
    const where = source === 'settings' ? 'The parley.baseUrl setting' : 'OPENAI_BASE_URL';
    return {
      kind: 'invalid',
      source,
      error: { kind: 'not-configured', message: `${where} ${normalized.problem}`, action: 'open-settings' },
    };
  }
  return { kind: 'probe', fallback: apiKey !== undefined && apiKey.trim() !== '' ? OPENAI_BASE_URL : undefined };
}

/**
 * Cleans up a base URL where the intent is unambiguous: surrounding spaces and trailing slashes go, a pasted
 * `…/chat/completions` endpoint becomes its base, and a bare origin (`http://localhost:11434`) gets `/v1`, the
 * path every OpenAI-compatible server uses. Any other path is kept as written (Azure, OpenRouter and proxies
 * have their own), and a value without http:// or https:// is refused rather than guessed.
 */
export function normalizeBaseUrl(raw: string): { readonly ok: true; readonly baseUrl: string } | { readonly ok: false; readonly problem: string } {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `"${text}" is not a URL; it should look like http://localhost:11434/v1.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `"${text}" needs to start with http:// or https://.` };
  }
  let path = url.pathname.replace(/\/+$/, '').replace(/\/chat\/completions$/, '');
  if (path === '') path = '/v1';
  // Rebuild from the parts rather than URL.href, so a query or fragment the person wrote is kept as is.
  const auth = url.username !== '' ? `${url.username}${url.password !== '' ? `:${url.password}` : ''}@` : '';
  return { ok: true, baseUrl: `${url.protocol}//${auth}${url.host}${path}${url.search}${url.hash}` };
}

/**
 * The configured base URL (setting, else OPENAI_BASE_URL), normalized; undefined when neither is set, meaning
 * "probe loopback, then OpenAI if there is a key". A value that is not an http(s) URL comes back trimmed, so the
 * request fails and says so; resolveEndpoint reports it up front instead.
 */
export function resolveBaseUrl(setting: string, envBaseUrl: string | undefined): string | undefined {
  const plan = resolveEndpoint({ baseUrl: setting }, { OPENAI_BASE_URL: envBaseUrl }, undefined);
  if (plan.kind === 'use') return plan.baseUrl;
  if (plan.kind === 'invalid') return (setting.trim() || envBaseUrl?.trim()) ?? undefined;
  return undefined;
}
