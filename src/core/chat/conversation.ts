// A conversation as Parley keeps it: plain data, saved as JSON, sent to the webview in snapshots.

export type TurnRole = 'user' | 'assistant';

/**
 * - streaming: the answer is arriving
 * - done: complete
 * - stopped: the person pressed Stop, or the model stopped responding; the partial text is kept
 * - error: the request failed; `error` says why (the question before it is kept, with Retry)
 */
export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** What went wrong, in words a person can act on, and the one action that helps most. */
export interface TurnError {
  readonly kind: ModelErrorKind;
  /** One sentence, shown in the chat. */
  readonly message: string;
  readonly action: ErrorAction | undefined;
}

export type ModelErrorKind =
  | 'auth' // 401/403: the key was rejected
  | 'model-not-found' // 404 on the model
  | 'rate-limit' // 429 after the automatic retries
  | 'server' // 5xx
  | 'connection' // nothing listening, DNS, TLS
  | 'idle' // no chunk for too long once streaming
  | 'timeout' // no first chunk in time
  | 'bad-response' // not the protocol we expect
  | 'not-configured' // no server found and nothing set
  | 'unknown';

export type ErrorAction = 'set-key' | 'pick-model' | 'retry' | 'open-settings';

/** A secret found in a question and replaced by a placeholder before it was sent. */
export interface Redaction {
  /** 1-based line of the question. */
  readonly line: number;
  /** What kind of secret, in words (e.g. "GitHub Token"); never the secret itself. */
  readonly kind: string;
}

/** Tokens one answer took, as the server reported them. */
export interface TokenUsage {
  readonly prompt: number;
  readonly completion: number;
  /** Prompt tokens served from the server's cache, where it says. */
  readonly cached?: number;
  /** Completion tokens spent on reasoning, where it says. */
  readonly reasoning?: number;
}

/** The model's reasoning before its answer: shown folded, kept in history, never sent back or parsed. */
export interface Reasoning {
  readonly text: string;
  /** How long the model reasoned, once known. */
  readonly ms?: number;
}

/** Stands in, in requests, for every turn before it; those stay in history and on screen. */
export interface SummaryOf {
  /** How many turns it replaced when written (shown in its heading). */
  readonly turns: number;
}

export interface Turn {
  readonly id: string;
  readonly role: TurnRole;
  readonly text: string;
  readonly status: TurnStatus;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** The model that wrote an assistant turn. */
  readonly model?: string;
  readonly error?: TurnError;
  /** Secrets removed from this question before it left the machine. */
  readonly redactions?: readonly Redaction[];
  readonly reasoning?: Reasoning;
  /** Tokens the answer took, when the server reported them. */
  readonly usage?: TokenUsage;
  /** From sending the request to the last chunk. */
  readonly elapsedMs?: number;
  /** What the answer cost, from the `parley.prices` setting at the time, in the setting's currency. */
  readonly cost?: number;
  /** A summary of the earlier conversation (an assistant turn the person may edit or remove). */
  readonly summaryOf?: SummaryOf;
}

export interface Conversation {
  readonly id: string;
  /** From the first question unless the person renamed it. */
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly turns: readonly Turn[];
}

/** What the history list shows for one saved conversation. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: number;
  readonly turnCount: number;
}

/** A title from the first question: its first line, whitespace collapsed, at most `max` characters. */
export function titleFrom(question: string, max = 60): string {
  const line = question.trim().split('\n')[0]?.replace(/\s+/g, ' ').trim() ?? '';
  if (line === '') return 'New chat';
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
