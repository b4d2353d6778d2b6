// Every message between the extension host and the chat webview: one discriminated union per direction, and a
// guard per direction, because a message arriving over postMessage is untrusted data until checked.
import type { Redaction, TokenUsage, Turn, TurnError } from './chat/conversation';

/** Bumped when a message changes shape, so a stale webview and a newer host can tell. */
export const PROTOCOL_VERSION = 4;

/** Where answers come from, as the view shows it. Never carries the API key. */
export interface ConnectionView {
  /** checking: looking for a server; ready: a server and model are known; setup: nothing found, show the setup card */
  readonly status: 'checking' | 'ready' | 'setup';
  /** e.g. "Ollama at 127.0.0.1:11434" or "api.openai.com" */
  readonly server: string | undefined;
  readonly model: string | undefined;
}

/** A pause before an automatic retry (the server asked to wait). */
export interface WaitingView {
  readonly secondsLeft: number;
  readonly reason: string;
}

/** How much of the model's context window the last request took: shown under the input. */
export interface BudgetView {
  readonly used: number;
  readonly available: number;
  /** Earlier messages left out because they did not fit. */
  readonly omitted: number;
  /** False when the counts are estimates (the tokenizer was not available). */
  readonly exact: boolean;
  /** Labels of context items left out because they did not fit. */
  readonly leftOut: readonly string[];
}

/** 'instructions': the project's instruction files (sent with the system prompt); 'command': a slash command, only in the picker. */
export type ChipKind = 'file' | 'selection' | 'problems' | 'workspace' | 'changes' | 'symbol' | 'lessons' | 'instructions' | 'command';

/**
 * kept: goes with the next question; removed: left out of it by the person; excluded: never sent, it may hold
 * secrets; unreadable: nothing to send (binary, not UTF-8, gone).
 */
export type ChipState = 'kept' | 'removed' | 'excluded' | 'unreadable';

/** One piece of context, as a chip above the input. */
export interface ChipView {
  /** 'file', 'selection', 'problems', 'workspace' for the editor's own; '#…' for what the person added. */
  readonly id: string;
  readonly kind: ChipKind;
  readonly label: string;
  /** What is sent, or why nothing is. */
  readonly detail: string;
  /** Tokens it takes, once counted. */
  readonly tokens: number | undefined;
  readonly state: ChipState;
  /** Added by the person (# or Add to Parley): × removes it rather than leaving it out once. */
  readonly explicit: boolean;
  /** Sent with every question of the conversation. */
  readonly pinned: boolean;
  /** Secrets found in its text (each replaced by a placeholder before sending). */
  readonly secrets: number;
  /** The kinds of those secrets, each once, in words (e.g. "GitHub Token"); never the secrets themselves. */
  readonly secretKinds: readonly string[];
}

/** One line of the # picker. */
export interface PickEntry {
  /** What to send back to add it: 'selection', 'problems', 'changes', 'file:<path>', 'symbol:<n>', 'symbol-mode'. */
  readonly ref: string;
  readonly kind: ChipKind;
  readonly label: string;
  readonly description: string;
  /** Offsets in the label of the characters the query matched. */
  readonly positions: readonly number[];
  /**
   * Why its text is never sent, for a file that is excluded or git-ignored (e.g. "secret file by default"): the
   * picker shows it greyed with a lock, and choosing it adds the locked chip.
   */
  readonly withheld?: string;
}

export type HunkStatusView = 'pending' | 'accepted' | 'rejected' | 'conflict';

export interface ProposalHunkView {
  readonly id: string;
  /** 1-based line of the file where it starts. */
  readonly line: number;
  readonly added: number;
  readonly removed: number;
  readonly status: HunkStatusView;
  /** The first non-blank line it adds ('' when it only removes), without its indentation. */
  readonly preview: string;
  /** The first non-blank line it removes or replaces ('' when it only adds), without its indentation. */
  readonly removedPreview: string;
}

export interface ProposalFileView {
  readonly path: string;
  readonly isNew: boolean;
  /** Why this target deserves a second look (accepting it asks first), e.g. "a workflow under .github/". */
  readonly caution: string | undefined;
  readonly hunks: readonly ProposalHunkView[];
}

export interface RefusalView {
  readonly path: string | undefined;
  readonly reason: string;
  /** The closest text found, when there was one: 1-based lines and how similar (0..1). */
  readonly nearest: { readonly startLine: number; readonly endLine: number; readonly similarity: number } | undefined;
}

export type ProposalAction = 'fix-problems' | 'undo';

/** A model's edit as the view shows it: under the answer it came from, with per-hunk Accept and Reject. */
export interface ProposalView {
  readonly id: string;
  readonly turnId: string;
  readonly files: readonly ProposalFileView[];
  readonly refused: readonly RefusalView[];
  /** After applying: what happened ("Applied. 2 new problems."), and what can be done about it. */
  readonly note: { readonly text: string; readonly warning: boolean; readonly actions: readonly ProposalAction[] } | undefined;
}

/** Everything the view shows, sent in full after each handshake (the webview is rebuilt whenever it is re-shown). */
export interface ViewSnapshot {
  readonly extensionVersion: string;
  readonly connection: ConnectionView;
  readonly conversationId: string;
  readonly title: string;
  readonly turns: readonly Turn[];
  /** True while an answer streams: the send button is Stop. */
  readonly busy: boolean;
  readonly waiting: WaitingView | undefined;
  readonly budget: BudgetView | undefined;
  readonly chips: readonly ChipView[];
  readonly proposals: readonly ProposalView[];
}

export type SetupAction = 'set-key' | 'find-local' | 'custom-url' | 'open-settings';

export type WebviewToHost =
  | { readonly type: 'ready'; readonly protocol: number }
  /** The view has drawn the snapshot for this conversation (lets the host and tests know it is on screen). */
  | { readonly type: 'rendered'; readonly conversationId: string; readonly turnCount: number }
  | { readonly type: 'chat/send'; readonly text: string }
  | { readonly type: 'chat/stop' }
  | { readonly type: 'chat/regenerate' }
  /** Replace the question `turnId` with `text`, drop everything after it, and ask again. */
  | { readonly type: 'chat/edit'; readonly turnId: string; readonly text: string }
  | { readonly type: 'code/copy'; readonly code: string }
  | { readonly type: 'code/insert'; readonly code: string }
  | { readonly type: 'link/open'; readonly href: string }
  | { readonly type: 'error/action'; readonly action: NonNullable<TurnError['action']> }
  | { readonly type: 'setup/action'; readonly action: SetupAction }
  | { readonly type: 'model/pick' }
  /** Leave a chip out of the next question, or put it back (an added one is removed). */
  | { readonly type: 'context/toggle'; readonly id: string }
  /** Show exactly the text a chip sends. */
  | { readonly type: 'context/preview'; readonly id: string }
  /** Keep a chip for the whole conversation, or stop. */
  | { readonly type: 'context/pin'; readonly id: string }
  /** Show which lines of the context had secrets replaced. */
  | { readonly type: 'context/secrets' }
  /** The text after # changed: what matches it? */
  | { readonly type: 'picker/query'; readonly requestId: number; readonly query: string }
  /** Add the chosen picker entry as a chip. */
  | { readonly type: 'context/add'; readonly ref: string }
  /** Turn a code block of an answer into a proposal. */
  | { readonly type: 'code/apply'; readonly turnId: string; readonly code: string; readonly path: string | undefined }
  /** Accept or reject a hunk, a file (no hunkId) or the whole proposal (no path). */
  | { readonly type: 'proposal/decide'; readonly proposalId: string; readonly path: string | undefined; readonly hunkId: string | undefined; readonly accept: boolean }
  | { readonly type: 'proposal/open'; readonly proposalId: string; readonly path: string | undefined }
  /** Send the blocks that could not be applied back to the model, with what was found instead. */
  | { readonly type: 'proposal/fix'; readonly proposalId: string }
  | { readonly type: 'proposal/action'; readonly proposalId: string; readonly action: ProposalAction }
  /** Summarize the older turns into one summary turn sent in their place (Summarize and continue, /compact). */
  | { readonly type: 'chat/compact' }
  /** The person corrected a summary turn. */
  | { readonly type: 'summary/edit'; readonly turnId: string; readonly text: string }
  /** The person removed a summary turn: the turns it stood for are sent again. */
  | { readonly type: 'summary/remove'; readonly turnId: string }
  /**
   * The input starts with a slash command (`text` is the input, at most its first 500 characters): which commands
   * match the name typed so far, each described by what it would send now.
   */
  | { readonly type: 'slash/query'; readonly requestId: number; readonly text: string };

export type HostToWebview =
  | { readonly type: 'snapshot'; readonly snapshot: ViewSnapshot }
  /** A new turn at the end of the conversation (a question, or an answer about to stream). */
  | { readonly type: 'turn/add'; readonly turn: Turn }
  /** More text for the streaming turn: only the new text, so a message's size follows the chunk, not the conversation. */
  | { readonly type: 'turn/delta'; readonly turnId: string; readonly text: string }
  /** More of the streaming turn's reasoning (shown folded above its answer). */
  | { readonly type: 'turn/reasoning'; readonly turnId: string; readonly text: string }
  /**
   * The streaming turn ended: its final status (the text is what the deltas built), and what the answer's footer
   * shows: how long it took, its tokens and cost when known, and how long the model reasoned.
   */
  | {
      readonly type: 'turn/end';
      readonly turnId: string;
      readonly status: Turn['status'];
      readonly error: TurnError | undefined;
      readonly usage?: TokenUsage | undefined;
      readonly elapsedMs?: number | undefined;
      readonly cost?: number | undefined;
      readonly reasoningMs?: number | undefined;
    }
  /** A summary of the older turns is being written (Summarize and continue), or that has ended. */
  | { readonly type: 'compacting'; readonly active: boolean }
  /** Secrets were removed from this question before it was sent. */
  | { readonly type: 'turn/redactions'; readonly turnId: string; readonly redactions: readonly Redaction[] }
  | { readonly type: 'busy'; readonly busy: boolean; readonly waiting: WaitingView | undefined }
  | { readonly type: 'connection'; readonly connection: ConnectionView }
  | { readonly type: 'budget'; readonly budget: BudgetView }
  | { readonly type: 'context'; readonly chips: readonly ChipView[] }
  /** A proposal appeared or changed. */
  | { readonly type: 'proposal'; readonly proposal: ProposalView }
  | { readonly type: 'picker/results'; readonly requestId: number; readonly entries: readonly PickEntry[]; readonly note: string | undefined }
  | { readonly type: 'input/focus' }
  /** What the empty chat offers to ask, drawn from the active editor; a click sends one. */
  | { readonly type: 'starters'; readonly prompts: readonly string[] }
  /** The slash commands matching a `slash/query`, as picker entries (label `/name`, description: what it sends). */
  | { readonly type: 'slash/results'; readonly requestId: number; readonly entries: readonly PickEntry[]; readonly note: string | undefined };

/** The longest message the host accepts from the input box (a pasted file is fine; a runaway loop is not). */
export const MAX_INPUT_CHARS = 200_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const ERROR_ACTIONS: readonly unknown[] = ['set-key', 'pick-model', 'retry', 'open-settings'];
const SETUP_ACTIONS: readonly unknown[] = ['set-key', 'find-local', 'custom-url', 'open-settings'];

/** A check of a message's fields, by type (its `type` already known). */
type Guards<M extends { readonly type: string }> = { readonly [T in M['type']]: (value: Record<string, unknown>) => boolean };

/**
 * A guard per message type. The table's type lists every type of the union, so a message type added without a
 * guard (or a guard for a type that no longer exists) fails the build.
 */
const WEBVIEW_TO_HOST: Guards<WebviewToHost> = {
  ready: (value) => typeof value['protocol'] === 'number',
  rendered: (value) => isString(value['conversationId']) && typeof value['turnCount'] === 'number',
  'chat/send': (value) => isString(value['text']) && value['text'].length <= MAX_INPUT_CHARS,
  'chat/stop': () => true,
  'chat/regenerate': () => true,
  'chat/edit': (value) => isString(value['turnId']) && isString(value['text']) && value['text'].length <= MAX_INPUT_CHARS,
  'code/copy': (value) => isString(value['code']),
  'code/insert': (value) => isString(value['code']),
  'link/open': (value) => isString(value['href']),
  'error/action': (value) => ERROR_ACTIONS.includes(value['action']),
  'setup/action': (value) => SETUP_ACTIONS.includes(value['action']),
  'model/pick': () => true,
  'context/toggle': (value) => isString(value['id']) && value['id'].length <= 2000,
  'context/preview': (value) => isString(value['id']) && value['id'].length <= 2000,
  'context/pin': (value) => isString(value['id']) && value['id'].length <= 2000,
  'context/secrets': () => true,
  'picker/query': (value) => typeof value['requestId'] === 'number' && isString(value['query']) && value['query'].length <= 500,
  'context/add': (value) => isString(value['ref']) && value['ref'].length <= 2000,
  'code/apply': (value) => isString(value['turnId']) && isString(value['code']) && (value['path'] === undefined || isString(value['path'])),
  'proposal/decide': (value) =>
    isString(value['proposalId']) &&
    (value['path'] === undefined || isString(value['path'])) &&
    (value['hunkId'] === undefined || isString(value['hunkId'])) &&
    typeof value['accept'] === 'boolean',
  'proposal/open': (value) => isString(value['proposalId']) && (value['path'] === undefined || isString(value['path'])),
  'proposal/fix': (value) => isString(value['proposalId']),
  'proposal/action': (value) => isString(value['proposalId']) && PROPOSAL_ACTIONS.includes(value['action']),
  'chat/compact': () => true,
  'summary/edit': (value) => isString(value['turnId']) && isString(value['text']) && value['text'].length <= MAX_INPUT_CHARS,
  'summary/remove': (value) => isString(value['turnId']),
  'slash/query': (value) => typeof value['requestId'] === 'number' && isString(value['text']) && value['text'].length <= 500,
};

/** True when `value` is a message of a type `guards` knows, with the fields that type needs. */
function isMessage<M extends { readonly type: string }>(value: unknown, guards: Guards<M>): value is M {
  if (!isRecord(value)) return false;
  const type = value['type'];
  // Own keys only: a type such as "constructor" or "toString" must not reach Object.prototype.
  return isString(type) && Object.hasOwn(guards, type) && (guards as Record<string, (value: Record<string, unknown>) => boolean>)[type]?.(value) === true;
}

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  return isMessage(value, WEBVIEW_TO_HOST);
}

const PROPOSAL_ACTIONS: readonly unknown[] = ['fix-problems', 'undo'];
const HUNK_STATUSES: readonly unknown[] = ['pending', 'accepted', 'rejected', 'conflict'];

function isProposal(value: unknown): value is ProposalView {
  if (!isRecord(value) || !isString(value['id']) || !isString(value['turnId'])) return false;
  const files = value['files'];
  const refused = value['refused'];
  const note = value['note'];
  const isHunk = (h: unknown): boolean =>
    isRecord(h) && isString(h['id']) && typeof h['line'] === 'number' && typeof h['added'] === 'number' && typeof h['removed'] === 'number' && HUNK_STATUSES.includes(h['status']) && isString(h['preview']) && isString(h['removedPreview']);
  const isFile = (f: unknown): boolean =>
    isRecord(f) && isString(f['path']) && typeof f['isNew'] === 'boolean' && (f['caution'] === undefined || isString(f['caution'])) && Array.isArray(f['hunks']) && f['hunks'].every(isHunk);
  const isRefusal = (r: unknown): boolean => isRecord(r) && (r['path'] === undefined || isString(r['path'])) && isString(r['reason']);
  return (
    Array.isArray(files) &&
    files.every(isFile) &&
    Array.isArray(refused) &&
    refused.every(isRefusal) &&
    (note === undefined || (isRecord(note) && isString(note['text']) && typeof note['warning'] === 'boolean' && Array.isArray(note['actions']) && note['actions'].every((a) => PROPOSAL_ACTIONS.includes(a))))
  );
}

const CHIP_KINDS: readonly unknown[] = ['file', 'selection', 'problems', 'workspace', 'changes', 'symbol', 'lessons', 'instructions', 'command'];
const CHIP_STATES: readonly unknown[] = ['kept', 'removed', 'excluded', 'unreadable'];

function isChip(value: unknown): value is ChipView {
  return (
    isRecord(value) &&
    isString(value['id']) &&
    CHIP_KINDS.includes(value['kind']) &&
    isString(value['label']) &&
    isString(value['detail']) &&
    (value['tokens'] === undefined || typeof value['tokens'] === 'number') &&
    CHIP_STATES.includes(value['state']) &&
    typeof value['explicit'] === 'boolean' &&
    typeof value['pinned'] === 'boolean' &&
    typeof value['secrets'] === 'number' &&
    Array.isArray(value['secretKinds']) &&
    value['secretKinds'].every(isString)
  );
}

function isPickEntry(value: unknown): value is PickEntry {
  return (
    isRecord(value) &&
    isString(value['ref']) &&
    CHIP_KINDS.includes(value['kind']) &&
    isString(value['label']) &&
    isString(value['description']) &&
    Array.isArray(value['positions']) &&
    value['positions'].every((p) => typeof p === 'number') &&
    (value['withheld'] === undefined || isString(value['withheld']))
  );
}

const TURN_STATUSES: readonly unknown[] = ['streaming', 'done', 'stopped', 'error'];

function isTurnError(value: unknown): value is TurnError {
  return isRecord(value) && isString(value['kind']) && isString(value['message']) && (value['action'] === undefined || ERROR_ACTIONS.includes(value['action']));
}

function isRedaction(value: unknown): value is Redaction {
  return isRecord(value) && typeof value['line'] === 'number' && isString(value['kind']);
}

const isCount = (value: unknown): boolean => value === undefined || (typeof value === 'number' && Number.isFinite(value));

function isUsage(value: unknown): value is TokenUsage {
  return isRecord(value) && typeof value['prompt'] === 'number' && typeof value['completion'] === 'number' && isCount(value['cached']) && isCount(value['reasoning']);
}

function isTurn(value: unknown): value is Turn {
  const reasoning = isRecord(value) ? value['reasoning'] : undefined;
  const summaryOf = isRecord(value) ? value['summaryOf'] : undefined;
  return (
    (reasoning === undefined || (isRecord(reasoning) && isString(reasoning['text']) && isCount(reasoning['ms']))) &&
    (summaryOf === undefined || (isRecord(summaryOf) && typeof summaryOf['turns'] === 'number')) &&
    isRecord(value) &&
    isString(value['id']) &&
    (value['role'] === 'user' || value['role'] === 'assistant') &&
    isString(value['text']) &&
    TURN_STATUSES.includes(value['status']) &&
    typeof value['createdAt'] === 'number' &&
    (value['error'] === undefined || isTurnError(value['error'])) &&
    (value['redactions'] === undefined || (Array.isArray(value['redactions']) && value['redactions'].every(isRedaction))) &&
    (value['usage'] === undefined || isUsage(value['usage'])) &&
    isCount(value['elapsedMs']) &&
    isCount(value['cost'])
  );
}

function isConnection(value: unknown): value is ConnectionView {
  return (
    isRecord(value) &&
    (value['status'] === 'checking' || value['status'] === 'ready' || value['status'] === 'setup') &&
    (value['server'] === undefined || isString(value['server'])) &&
    (value['model'] === undefined || isString(value['model']))
  );
}

function isWaiting(value: unknown): value is WaitingView | undefined {
  return value === undefined || (isRecord(value) && typeof value['secondsLeft'] === 'number' && isString(value['reason']));
}

function isBudget(value: unknown): value is BudgetView {
  return (
    isRecord(value) &&
    typeof value['used'] === 'number' &&
    typeof value['available'] === 'number' &&
    typeof value['omitted'] === 'number' &&
    typeof value['exact'] === 'boolean' &&
    Array.isArray(value['leftOut']) &&
    value['leftOut'].every(isString)
  );
}

function isSnapshot(value: unknown): value is ViewSnapshot {
  return (
    isRecord(value) &&
    isString(value['extensionVersion']) &&
    isConnection(value['connection']) &&
    isString(value['conversationId']) &&
    isString(value['title']) &&
    Array.isArray(value['turns']) &&
    value['turns'].every(isTurn) &&
    typeof value['busy'] === 'boolean' &&
    isWaiting(value['waiting']) &&
    (value['budget'] === undefined || isBudget(value['budget'])) &&
    Array.isArray(value['chips']) &&
    value['chips'].every(isChip) &&
    Array.isArray(value['proposals']) &&
    value['proposals'].every(isProposal)
  );
}

const HOST_TO_WEBVIEW: Guards<HostToWebview> = {
  snapshot: (value) => isSnapshot(value['snapshot']),
  'turn/add': (value) => isTurn(value['turn']),
  'turn/delta': (value) => isString(value['turnId']) && isString(value['text']),
  'turn/reasoning': (value) => isString(value['turnId']) && isString(value['text']),
  'turn/end': (value) =>
    isString(value['turnId']) &&
    TURN_STATUSES.includes(value['status']) &&
    (value['error'] === undefined || isTurnError(value['error'])) &&
    (value['usage'] === undefined || isUsage(value['usage'])) &&
    isCount(value['elapsedMs']) &&
    isCount(value['cost']) &&
    isCount(value['reasoningMs']),
  compacting: (value) => typeof value['active'] === 'boolean',
  'turn/redactions': (value) => isString(value['turnId']) && Array.isArray(value['redactions']) && value['redactions'].every(isRedaction),
  busy: (value) => typeof value['busy'] === 'boolean' && isWaiting(value['waiting']),
  connection: (value) => isConnection(value['connection']),
  budget: (value) => isBudget(value['budget']),
  context: (value) => Array.isArray(value['chips']) && value['chips'].every(isChip),
  proposal: (value) => isProposal(value['proposal']),
  'picker/results': (value) => isPickResults(value),
  'input/focus': () => true,
  starters: (value) => Array.isArray(value['prompts']) && value['prompts'].every(isString),
  'slash/results': (value) => isPickResults(value),
};

function isPickResults(value: Record<string, unknown>): boolean {
  return (
    typeof value['requestId'] === 'number' &&
    Array.isArray(value['entries']) &&
    value['entries'].every(isPickEntry) &&
    (value['note'] === undefined || isString(value['note']))
  );
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  return isMessage(value, HOST_TO_WEBVIEW);
}
