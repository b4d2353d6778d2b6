// What the model connection takes and gives, independent of the SDK underneath.
import type { TokenUsage, TurnError } from '../chat/conversation';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** Where to send requests. `apiKey` is never logged and never leaves the host. */
export interface ModelEndpoint {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 */
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly model: string;
}

export interface StreamRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number | undefined;
  readonly temperature: number | undefined;
  /** Abort = the person pressed Stop. */
  readonly signal: AbortSignal;
  /** No first chunk within this many ms → 'timeout'; no next chunk within it → stopped as 'idle'. */
  readonly idleTimeoutMs: number;
  /** Each piece of answer text as it arrives (never reasoning). */
  readonly onDelta: (text: string) => void;
  /** Each piece of the model's reasoning as it arrives, from a reasoning delta or inline think tags. */
  readonly onReasoning?: (text: string) => void;
  /**
   * Ask for a usage chunk at the end (`stream_options.include_usage`). The caller remembers, per endpoint, a
   * server that refused it (`usageRefused` in the outcome) and passes false from then on.
   */
  readonly includeUsage?: boolean;
  /** Called while waiting before an automatic retry (429 with retry-after), once per second of the countdown. */
  readonly onWaiting?: (info: { readonly secondsLeft: number; readonly attempt: number; readonly reason: string }) => void;
}

/** What every ending carries besides the answer text: the reasoning, and the usage when the server reported it. */
interface StreamExtras {
  readonly reasoning?: string;
  readonly usage?: TokenUsage;
  /** The server refused `stream_options`; it was asked again without. */
  readonly usageRefused?: boolean;
}

export type StreamOutcome = StreamExtras &
  (
    | { readonly kind: 'done'; readonly text: string; readonly finishReason: string | undefined }
    | { readonly kind: 'stopped'; readonly text: string; readonly by: 'user' | 'idle'; readonly error?: TurnError }
    | { readonly kind: 'error'; readonly text: string; readonly error: TurnError; readonly detail: string }
  );
