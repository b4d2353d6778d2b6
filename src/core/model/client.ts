// One streamed chat answer over the openai SDK (Chat Completions, `stream: true`). It never rejects for HTTP or
// network trouble: every ending is a StreamOutcome the host can show. The SDK's own retries are off because
// Parley retries a 429 itself, with a countdown the person can see and cancel.
import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import {
  baseUrlProblem,
  describeModelError,
  emptyStreamError,
  idleError,
  isQuotaError,
  noModelError,
  scrubSecrets,
  timeoutError,
} from './errors';
import type { ModelEndpoint, StreamOutcome, StreamRequest } from './types';
import { hostOf } from './endpoint';
import { ReasoningSplitter } from './reasoning';
import type { StreamPiece } from './reasoning';
import { usageOf } from './usage';
import type { TokenUsage } from '../chat/conversation';

/** Automatic retries after a 429, each after the wait the server asks for. */
const MAX_RATE_LIMIT_RETRIES = 3;
const DEFAULT_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

/** A client for one endpoint, configured only from it: nothing is read from OPENAI_* environment variables. */
export function openaiClient(endpoint: Omit<ModelEndpoint, 'model'>): OpenAI {
  const key = endpoint.apiKey?.trim() || undefined;
  return new OpenAI({
    baseURL: endpoint.baseUrl,
    // Local servers need no key, but the SDK insists on one: give it a placeholder and drop the header.
    apiKey: key ?? 'no-key',
    ...(key === undefined ? { defaultHeaders: { Authorization: null } } : {}),
    organization: null,
    project: null,
    maxRetries: 0,
    // The SDK would print malformed-SSE lines (and request details) to the console; Parley logs its own detail.
    logLevel: 'off',
  });
}

export async function streamChat(endpoint: ModelEndpoint, request: StreamRequest): Promise<StreamOutcome> {
  const invalid = baseUrlProblem(endpoint, 'chat');
  if (invalid) return { kind: 'error', text: '', ...invalid };
  if (endpoint.model.trim() === '') {
    const error = noModelError(endpoint);
    return { kind: 'error', text: '', error, detail: chatDetail(endpoint, 'no model set') };
  }
  const client = openaiClient(endpoint);
  let params = chatParams(endpoint, request);
  let adjusted = false;
  let usageRefused = false;
  for (let retry = 0; ; ) {
    const attempt = await streamOnce(client, endpoint, request, params);
    if (attempt.kind === 'outcome') return usageRefused ? { ...attempt.outcome, usageRefused } : attempt.outcome;
    if (attempt.kind === 'usage-refused') {
      // Once: a server that still refuses without stream_options has another complaint, reported as it is.
      if (usageRefused) return { kind: 'error', text: '', ...describeModelError(attempt.err, endpoint) };
      usageRefused = true;
      params = attempt.params;
      continue;
    }
    if (attempt.kind === 'adjust') {
      // Only once: a second refusal is reported as it is.
      if (adjusted) return { kind: 'error', text: '', ...describeModelError(attempt.err, endpoint) };
      adjusted = true;
      params = attempt.params;
      continue;
    }
    if (retry === MAX_RATE_LIMIT_RETRIES) {
      const described = describeModelError(attempt.err, endpoint);
      return { kind: 'error', text: '', error: described.error, detail: `${described.detail}; gave up after ${retry} retries` };
    }
    retry += 1;
    const reason = `The server at ${hostOf(endpoint.baseUrl)} is rate-limiting requests.`;
    if (!(await countdown(retryDelayMs(attempt.err.headers), retry, reason, request))) {
      return { kind: 'stopped', by: 'user', text: '' };
    }
  }
}

type Attempt =
  | { readonly kind: 'outcome'; readonly outcome: StreamOutcome }
  | { readonly kind: 'rate-limited'; readonly err: APIError }
  | { readonly kind: 'adjust'; readonly err: APIError; readonly params: ChatCompletionCreateParamsStreaming }
  | { readonly kind: 'usage-refused'; readonly err: APIError; readonly params: ChatCompletionCreateParamsStreaming };

async function streamOnce(
  client: OpenAI,
  endpoint: ModelEndpoint,
  request: StreamRequest,
  params: ChatCompletionCreateParamsStreaming,
): Promise<Attempt> {
  if (request.signal.aborted) return { kind: 'outcome', outcome: { kind: 'stopped', by: 'user', text: '' } };

  // One controller for both reasons to cancel the HTTP request: the person's Stop and the idle watchdog.
  const controller = new AbortController();
  const stop = () => controller.abort();
  request.signal.addEventListener('abort', stop, { once: true });
  let idle = false;
  const arm = () =>
    setTimeout(() => {
      idle = true;
      controller.abort();
    }, request.idleTimeoutMs);
  let timer = arm();

  let text = '';
  let reasoning = '';
  let usage: TokenUsage | undefined;
  let chunks = 0;
  let finishReason: string | undefined;
  const splitter = new ReasoningSplitter();
  const deliver = (pieces: readonly StreamPiece[]) => {
    for (const piece of pieces) {
      if (piece.kind === 'answer') {
        text += piece.text;
        request.onDelta(piece.text);
      } else {
        reasoning += piece.text;
        request.onReasoning?.(piece.text);
      }
    }
  };
  // Every ending carries what arrived of the reasoning and the usage, whichever way the stream ended.
  const done = (outcome: StreamOutcome): Attempt => {
    deliver(splitter.end());
    const extras = { ...(reasoning !== '' ? { reasoning } : {}), ...(usage ? { usage } : {}) };
    return { kind: 'outcome', outcome: { ...outcome, text, ...extras } };
  };
  try {
    const stream = await client.chat.completions.create(params, { signal: controller.signal });
    // On abort the SDK's stream ends quietly instead of throwing, so the flags below tell why it ended.
    for await (const chunk of stream) {
      // Events already buffered when Stop or the watchdog fired must not reach the person after the fact.
      if (controller.signal.aborted) break;
      chunks += 1;
      clearTimeout(timer);
      timer = arm();
      usage = usageOf(chunk.usage) ?? usage;
      for (const choice of choicesOf(chunk)) {
        if ((choice.index ?? 0) !== 0) continue;
        // Not in the SDK's types: servers add reasoning_content (DeepSeek, vLLM, llama.cpp) or reasoning (Ollama, OpenRouter).
        const delta = (choice.delta ?? {}) as Record<string, unknown>;
        for (const key of ['reasoning_content', 'reasoning']) {
          const thought = delta[key];
          if (typeof thought === 'string') deliver(splitter.reasoning(thought));
        }
        const piece = delta['content'];
        if (typeof piece === 'string' && piece !== '') deliver(splitter.content(piece));
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    }
  } catch (err) {
    if (request.signal.aborted) return done({ kind: 'stopped', by: 'user', text });
    if (idle) return done(idleOutcome(endpoint, request, text, chunks));
    if (err instanceof APIError && chunks === 0) {
      if (err.status === 429 && !isQuotaError(err)) return { kind: 'rate-limited', err };
      const plain = err.status === 400 ? withoutStreamOptions(params, err) : undefined;
      if (plain) return { kind: 'usage-refused', err, params: plain };
      const fixed = err.status === 400 ? withoutRefusedParameter(params, err) : undefined;
      if (fixed) return { kind: 'adjust', err, params: fixed };
    }
    return done({ kind: 'error', text, ...describeModelError(err, endpoint) });
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', stop);
  }
  if (request.signal.aborted) return done({ kind: 'stopped', by: 'user', text });
  if (idle) return done(idleOutcome(endpoint, request, text, chunks));
  if (chunks === 0) {
    const error = emptyStreamError(endpoint);
    return done({ kind: 'error', text, error, detail: chatDetail(endpoint, 'status 200 but no stream chunks') });
  }
  return done({ kind: 'done', text, finishReason });
}

function idleOutcome(endpoint: ModelEndpoint, request: StreamRequest, text: string, chunks: number): StreamOutcome {
  if (chunks === 0) {
    return {
      kind: 'error',
      text,
      error: timeoutError(endpoint, request.idleTimeoutMs),
      detail: chatDetail(endpoint, `no first chunk within ${request.idleTimeoutMs} ms`),
    };
  }
  return { kind: 'stopped', by: 'idle', text, error: idleError(request.idleTimeoutMs) };
}

/** A log line for failures noticed here rather than thrown; the base URL may hold credentials, so scrubbed. */
function chatDetail(endpoint: ModelEndpoint, what: string): string {
  return scrubSecrets(`POST /chat/completions at ${endpoint.baseUrl}: ${what}`, endpoint.apiKey);
}

function chatParams(endpoint: ModelEndpoint, request: StreamRequest): ChatCompletionCreateParamsStreaming {
  return {
    model: endpoint.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    ...(request.includeUsage === false ? {} : { stream_options: { include_usage: true } }),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
  };
}

/**
 * Newer OpenAI models (o-series, gpt-5) refuse `max_tokens` (they want `max_completion_tokens`) and any
 * temperature but the default; most other servers only know `max_tokens`. So send the common form and adapt
 * once when a 400 names the parameter.
 */
function withoutRefusedParameter(
  params: ChatCompletionCreateParamsStreaming,
  err: APIError,
): ChatCompletionCreateParamsStreaming | undefined {
  const said = `${err.param ?? ''} ${err.message}`;
  if (params.max_tokens !== undefined && params.max_tokens !== null && /max_tokens/.test(said) && /max_completion_tokens/.test(said)) {
    const { max_tokens: maxTokens, ...rest } = params;
    return { ...rest, max_completion_tokens: maxTokens };
  }
  if (params.temperature !== undefined && params.temperature !== null && /temperature/.test(said)) {
    const rest = { ...params };
    delete rest.temperature;
    return rest;
  }
  return undefined;
}

/** Older servers (and some proxies) refuse the whole request over `stream_options`; usage is a nicety, so drop it. */
function withoutStreamOptions(
  params: ChatCompletionCreateParamsStreaming,
  err: APIError,
): ChatCompletionCreateParamsStreaming | undefined {
  if (params.stream_options === undefined || !/stream_options|include_usage/.test(`${err.param ?? ''} ${err.message}`)) return undefined;
  const rest = { ...params };
  delete rest.stream_options;
  return rest;
}

/** Some servers send chunks without `choices` (a usage-only final chunk) or with nulls in them. */
function choicesOf(chunk: ChatCompletionChunk): readonly ChatCompletionChunk.Choice[] {
  return Array.isArray(chunk.choices) ? chunk.choices : [];
}

/** How long the server asks us to wait: retry-after-ms, else retry-after (seconds or an HTTP date). */
export function retryDelayMs(headers: Headers | undefined, now = Date.now()): number {
  const clamp = (ms: number) => Math.min(Math.max(ms, 0), MAX_RETRY_MS);
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return clamp(ms);
  const after = headers?.get('retry-after')?.trim();
  if (after) {
    if (/^\d+(\.\d+)?$/.test(after)) return clamp(Number(after) * 1000);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return clamp(date - now);
  }
  return DEFAULT_RETRY_MS;
}

/**
 * Waits `ms`, telling the person once per second how long is left. False when they pressed Stop meanwhile.
 */
async function countdown(ms: number, attempt: number, reason: string, request: StreamRequest): Promise<boolean> {
  let remaining = ms;
  while (remaining > 0) {
    const secondsLeft = Math.ceil(remaining / 1000);
    request.onWaiting?.({ secondsLeft, attempt, reason });
    // The first step takes the fraction, so the later ticks land on whole seconds.
    const step = remaining - (secondsLeft - 1) * 1000;
    if (!(await sleep(step, request.signal))) return false;
    remaining -= step;
  }
  return !request.signal.aborted;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
