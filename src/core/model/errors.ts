// Turns whatever the openai SDK, undici or the server threw into one sentence a person can act on (shown in the
// chat) and a detail line for the log. Every user-facing sentence about the model connection lives here, so the
// wording stays consistent. Nothing returned from this file may contain the API key.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ErrorAction, ModelErrorKind, TurnError } from '../chat/conversation';
import type { ModelEndpoint } from './types';
import { hostOf } from './endpoint';

/** Which request failed: it decides what a 404 means and which URL the log names. */
export type ModelOperation = 'chat' | 'models';

/** What describeModelError needs to know about the endpoint; the model is optional for `GET /models`. */
export type EndpointInfo = Omit<ModelEndpoint, 'model'> & { readonly model?: string };

export interface DescribedError {
  readonly error: TurnError;
  /** For the log only: status, server message, URL, causes. Scrubbed of the key. */
  readonly detail: string;
}

export function describeModelError(
  err: unknown,
  endpoint: EndpointInfo,
  operation: ModelOperation = 'chat',
): DescribedError {
  const error = classify(err, endpoint, operation);
  const key = endpoint.apiKey;
  return {
    error: { ...error, message: scrubSecrets(error.message, key) },
    detail: scrubSecrets(detailOf(err, endpoint, operation), key),
  };
}

/**
 * A base URL the SDK must not be given: empty (the SDK would quietly use api.openai.com, with the key) or not
 * http(s) (fetch fails with a puzzling "unknown scheme"). Undefined when it is fine.
 */
export function baseUrlProblem(endpoint: EndpointInfo, operation: ModelOperation): DescribedError | undefined {
  const raw = endpoint.baseUrl.trim();
  let ok = false;
  try {
    ok = /^https?:$/.test(new URL(raw).protocol);
  } catch {
    ok = false;
  }
  if (ok) return undefined;
  const message =
    raw === ''
      ? 'No server URL is set for Parley.'
      : `"${raw}" is not a valid base URL; it should look like http://localhost:11434/v1.`;
  return {
    error: turnError('not-configured', scrubSecrets(message, endpoint.apiKey), 'open-settings'),
    detail: scrubSecrets(`${operation === 'chat' ? 'POST /chat/completions' : 'GET /models'}: invalid base URL ${JSON.stringify(raw)}`, endpoint.apiKey),
  };
}

/** The server lists no model and none is set. */
export function noModelError(endpoint: EndpointInfo): TurnError {
  return turnError('model-not-found', `No model is chosen for the server at ${hostOf(endpoint.baseUrl)}; pick one.`, 'pick-model');
}

/** No first chunk within the time limit. */
export function timeoutError(endpoint: EndpointInfo, ms: number): TurnError {
  return turnError('timeout', `The server at ${hostOf(endpoint.baseUrl)} did not start answering within ${seconds(ms)}.`, 'retry');
}

/** No next chunk within the time limit once the answer was streaming. */
export function idleError(ms: number): TurnError {
  return turnError('idle', `The model stopped responding for ${seconds(ms)}, so Parley stopped the answer and kept what arrived.`, 'retry');
}

/** The server said 200 but sent nothing Parley could read as a chat stream. */
export function emptyStreamError(endpoint: EndpointInfo): TurnError {
  return turnError(
    'bad-response',
    `The server at ${hostOf(endpoint.baseUrl)} answered, but not with a chat stream; check that the base URL is an OpenAI-compatible API.`,
    'open-settings',
  );
}

/**
 * Removes the key and anything shaped like a credential: the exact key value, bearer tokens, `api_key=` pairs,
 * well-known key formats (sk-…, gsk_…, hf_…, AIza…) and passwords in URLs.
 */
export function scrubSecrets(text: string, apiKey: string | undefined): string {
  let out = text;
  // Very short "keys" (e.g. a placeholder like "x") would blank out ordinary words, so only real-looking ones.
  if (apiKey !== undefined && apiKey.trim().length >= 4) out = out.split(apiKey.trim()).join('[redacted]');
  return out
    .replace(/\bBearer\s+[^\s"',;]+/gi, 'Bearer [redacted]')
    .replace(/\b(api[-_]?key|access[-_]?token|authorization)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1$2[redacted]')
    .replace(/\b(sk|gsk|hf|xai|pk|rk)[-_][A-Za-z0-9_*.-]{6,}/g, '[redacted]')
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, '[redacted]')
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[redacted]@');
}

function classify(err: unknown, endpoint: EndpointInfo, operation: ModelOperation): TurnError {
  const host = hostOf(endpoint.baseUrl);
  if (err instanceof APIUserAbortError) return turnError('unknown', 'The request was cancelled.', 'retry');
  if (err instanceof APIConnectionTimeoutError) return turnError('timeout', `The server at ${host} did not answer in time.`, 'retry');
  if (err instanceof APIConnectionError) return connectionError(err, endpoint, 'before');
  const status = statusOf(err);
  if (status !== undefined) return httpError(status, err, endpoint, operation);
  if (err instanceof APIError) {
    // An `error` event inside an otherwise good stream: the server gave up part-way.
    const said = serverMessage(err);
    return turnError('server', said ? `The server at ${host} reported an error: ${said}` : `The server at ${host} reported an error.`, 'retry');
  }
  if ([...causeCodes(err)].some(isNetworkCode) || /^(terminated|fetch failed)$/i.test(messageOf(err))) {
    return connectionError(err, endpoint, 'during');
  }
  if (err instanceof SyntaxError || /response with no body/i.test(messageOf(err))) {
    return turnError('bad-response', `The server at ${host} sent data Parley could not read.`, 'retry');
  }
  const said = oneSentence(messageOf(err));
  return turnError('unknown', said ? `The request to ${host} failed: ${said}` : `The request to ${host} failed.`, 'retry');
}

function httpError(status: number, err: unknown, endpoint: EndpointInfo, operation: ModelOperation): TurnError {
  const host = hostOf(endpoint.baseUrl);
  const said = err instanceof APIError ? serverMessage(err) : '';
  if (status === 401 || status === 403) return turnError('auth', `The server at ${host} rejected the API key.`, 'set-key');
  if (status === 404) {
    if (operation === 'models') {
      return turnError('bad-response', `The server at ${host} has no model list at ${endpoint.baseUrl}/models; check the base URL.`, 'open-settings');
    }
    const model = endpoint.model ?? '';
    return turnError('model-not-found', `The model "${model}" was not found at ${host}.`, 'pick-model');
  }
  if (status === 429) {
    if (isQuotaError(err)) return turnError('rate-limit', `The account at ${host} has run out of quota.`, 'set-key');
    return turnError('rate-limit', `The server at ${host} is rate-limiting requests; try again in a moment.`, 'retry');
  }
  if (status >= 500) {
    // A short JSON reason (Ollama: "model requires more system memory …") tells the person what to fix;
    // an HTML error page does not, so only the former is shown.
    const reason = said && said.length <= 160 ? `: ${said}` : '.';
    return turnError('server', `The server at ${host} had an error (${status})${reason}`, 'retry');
  }
  const reason = said ? `: ${said}` : '.';
  return turnError('unknown', `The server at ${host} refused the request (${status})${reason}`, undefined);
}

/** `phase`: whether the connection failed before any answer or broke off while the answer was streaming. */
function connectionError(err: unknown, endpoint: EndpointInfo, phase: 'before' | 'during'): TurnError {
  const host = hostOf(endpoint.baseUrl);
  const codes = causeCodes(err);
  const text = causeMessages(err).join(' ');
  const has = (...names: string[]) => names.some((n) => codes.has(n));
  if (has('ECONNREFUSED')) {
    // On loopback the usual fix is to start the server and try again; elsewhere the URL is likely wrong.
    return turnError('connection', `No server answered at ${endpoint.baseUrl}.`, isLoopback(endpoint.baseUrl) ? 'retry' : 'open-settings');
  }
  if (has('ENOTFOUND')) {
    return turnError('connection', `The server name ${hostnameOf(endpoint.baseUrl)} could not be found; check the base URL.`, 'open-settings');
  }
  if (has('EAI_AGAIN')) {
    return turnError('connection', `The server name ${hostnameOf(endpoint.baseUrl)} could not be looked up; check the network connection.`, 'retry');
  }
  if (/wrong version number|packet length too long/i.test(text)) {
    return turnError('connection', `The server at ${host} does not speak HTTPS; try http:// in the base URL.`, 'open-settings');
  }
  if ([...codes].some((c) => /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(c))) {
    return turnError('connection', `The server at ${host} presented a certificate this machine does not trust.`, 'open-settings');
  }
  if (has('ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT')) return turnError('connection', `Connecting to ${host} timed out.`, 'retry');
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN')) return turnError('connection', `The network cannot reach ${host}.`, 'retry');
  if (phase === 'during') {
    return turnError('connection', `The connection to ${host} broke off before the answer was complete.`, 'retry');
  }
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED')) {
    return turnError('connection', `The connection to ${host} was closed before the server answered.`, 'retry');
  }
  return turnError('connection', `Could not connect to ${host}.`, 'retry');
}

function detailOf(err: unknown, endpoint: EndpointInfo, operation: ModelOperation): string {
  const path = operation === 'chat' ? 'POST /chat/completions' : 'GET /models';
  const parts = [`${path} at ${endpoint.baseUrl}`];
  if (operation === 'chat' && endpoint.model !== undefined) parts.push(`model ${JSON.stringify(endpoint.model)}`);
  const status = statusOf(err);
  if (status !== undefined) parts.push(`status ${status}`);
  parts.push(`${nameOf(err)}: ${oneLine(messageOf(err), 500)}`);
  if (err instanceof APIError) {
    if (err.code) parts.push(`code ${err.code}`);
    if (err.type) parts.push(`type ${err.type}`);
    if (err.requestID) parts.push(`request id ${err.requestID}`);
  }
  const causes = causeList(err).slice(1);
  if (causes.length > 0) {
    const described = causes.map((c) => `${nameOf(c)}${codeOf(c) ? ` ${codeOf(c)}` : ''}: ${oneLine(messageOf(c), 200)}`);
    parts.push(`cause ${described.join(' <- ')}`);
  }
  return parts.join('; ');
}

function turnError(kind: ModelErrorKind, message: string, action: ErrorAction | undefined): TurnError {
  return { kind, message, action };
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof APIError) return err.status;
  // An error from another copy of the SDK, or a hand-made one: trust a numeric HTTP status.
  const status = isRecord(err) ? err['status'] : undefined;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/** The server's own words: the JSON body's `message`, else the SDK message without its leading status. */
function serverMessage(err: APIError): string {
  const body = err.error;
  const fromBody = isRecord(body) && typeof body['message'] === 'string' ? body['message'] : '';
  const raw = fromBody || err.message.replace(/^\d{3}\s+/, '').replace(/^status code \(no body\)$/, '');
  return oneSentence(raw);
}

/** OpenAI's 429 for an account with no credit left: waiting does not help. */
export function isQuotaError(err: unknown): boolean {
  return err instanceof APIError && (err.code === 'insufficient_quota' || err.type === 'insufficient_quota');
}

/** The error and its causes, following `.cause` and AggregateError's `.errors`, at most a few levels deep. */
function causeList(err: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (e: unknown, depth: number) => {
    if (e === undefined || e === null || depth > 5 || out.includes(e)) return;
    out.push(e);
    if (!isRecord(e)) return;
    if (Array.isArray(e['errors'])) for (const inner of e['errors']) visit(inner, depth + 1);
    visit(e['cause'], depth + 1);
  };
  visit(err, 0);
  return out;
}

function causeCodes(err: unknown): Set<string> {
  return new Set(causeList(err).map(codeOf).filter((c): c is string => c !== undefined));
}

function causeMessages(err: unknown): string[] {
  return causeList(err).map(messageOf);
}

/** Error codes from the socket, DNS, TLS or undici, as opposed to e.g. ERR_INVALID_ARG_TYPE. */
function isNetworkCode(code: string): boolean {
  return /^(E[A-Z]+|UND_ERR_\w+|ERR_TLS_\w+|ERR_SSL_\w+|CERT_\w+|UNABLE_TO_\w+|DEPTH_ZERO_\w+|SELF_SIGNED_\w+)$/.test(code);
}

function codeOf(e: unknown): string | undefined {
  const code = isRecord(e) ? e['code'] : undefined;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (isRecord(e) && typeof e['message'] === 'string') return e['message'];
  return String(e);
}

function nameOf(e: unknown): string {
  if (e instanceof Error) return e.constructor.name === 'Error' ? e.name : e.constructor.name;
  return typeof e;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The first sentence of a message, ending in a full stop, at most ~200 characters. */
function oneSentence(text: string): string {
  const flat = oneLine(text, 1000);
  if (flat === '') return '';
  const end = flat.search(/[.!?](\s|$)/);
  const sentence = end === -1 ? flat : flat.slice(0, end + 1);
  const short = sentence.length <= 200 ? sentence : `${sentence.slice(0, 199).trimEnd()}…`;
  return /[.!?…]$/.test(short) ? short : `${short}.`;
}

function hostnameOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || baseUrl;
  } catch {
    return baseUrl;
  }
}

function isLoopback(baseUrl: string): boolean {
  const name = hostnameOf(baseUrl);
  return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  return s === 1 ? '1 second' : `${s} seconds`;
}
