// Token usage as servers report it, and what it costs by the person's `parley.prices` setting. Usage arrives in
// a last chunk when the request asked for it (`stream_options.include_usage`); some servers put it on the final
// content chunk instead, and some never send it.
import type { TokenUsage } from '../chat/conversation';

/** US dollars per million tokens, as the providers' price lists give them. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** Prompt tokens served from cache; `input` when not given. */
  readonly cachedInput?: number;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;

/** The usage in a chunk's `usage` field, or undefined when there is none (or it is not the shape we know). */
export function usageOf(value: unknown): TokenUsage | undefined {
  const usage = record(value);
  const prompt = count(usage?.['prompt_tokens']);
  const completion = count(usage?.['completion_tokens']);
  if (prompt === undefined || completion === undefined) return undefined;
  const cached = count(record(usage?.['prompt_tokens_details'])?.['cached_tokens']);
  const reasoning = count(record(usage?.['completion_tokens_details'])?.['reasoning_tokens']);
  return { prompt, completion, ...(cached ? { cached } : {}), ...(reasoning ? { reasoning } : {}) };
}

/**
 * The setting's value, checked: `{ "<model>": { "input": n, "output": n, "cachedInput"?: n } }`. A key ending in
 * `*` matches every model starting with what comes before it. Entries that are not that shape are skipped.
 */
export function parsePrices(value: unknown): ReadonlyMap<string, ModelPrice> {
  const prices = new Map<string, ModelPrice>();
  for (const [model, raw] of Object.entries(record(value) ?? {})) {
    const entry = record(raw);
    const input = entry?.['input'];
    const output = entry?.['output'];
    const cachedInput = entry?.['cachedInput'];
    if (typeof input !== 'number' || typeof output !== 'number' || input < 0 || output < 0) continue;
    prices.set(model, { input, output, ...(typeof cachedInput === 'number' && cachedInput >= 0 ? { cachedInput } : {}) });
  }
  return prices;
}

/** The price for `model`: an exact key, else the longest matching `prefix*` key. */
export function priceFor(prices: ReadonlyMap<string, ModelPrice>, model: string): ModelPrice | undefined {
  const exact = prices.get(model);
  if (exact) return exact;
  let best: { length: number; price: ModelPrice } | undefined;
  for (const [key, price] of prices) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (model.startsWith(prefix) && (!best || prefix.length > best.length)) best = { length: prefix.length, price };
  }
  return best?.price;
}

export function costOf(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cached ?? 0, usage.prompt);
  const perToken = (perMillion: number) => perMillion / 1_000_000;
  return (usage.prompt - cached) * perToken(price.input) + cached * perToken(price.cachedInput ?? price.input) + usage.completion * perToken(price.output);
}

/** The sum of several answers' usage (the running total of a chat). */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const cached = (a.cached ?? 0) + (b.cached ?? 0);
  const reasoning = (a.reasoning ?? 0) + (b.reasoning ?? 0);
  return { prompt: a.prompt + b.prompt, completion: a.completion + b.completion, ...(cached ? { cached } : {}), ...(reasoning ? { reasoning } : {}) };
}
