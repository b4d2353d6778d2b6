// Every message between the extension host and the chat webview: one discriminated union per direction, and a
// guard per direction, because a message arriving over postMessage is untrusted data until checked.

/** Bumped when a message changes shape, so a stale webview and a newer host can tell. */
export const PROTOCOL_VERSION = 1;

export type TranscriptRole = 'user' | 'notice';

export interface TranscriptEntry {
  readonly id: number;
  readonly role: TranscriptRole;
  readonly text: string;
}

/** Everything the view shows, sent in full after each handshake (the webview is rebuilt whenever it is re-shown). */
export interface ViewSnapshot {
  readonly extensionVersion: string;
  /** The configured model name, or undefined when none is set. */
  readonly model: string | undefined;
  readonly transcript: readonly TranscriptEntry[];
}

export type WebviewToHost =
  | { readonly type: 'ready'; readonly protocol: number }
  | { readonly type: 'chat/send'; readonly text: string };

export type HostToWebview =
  | { readonly type: 'snapshot'; readonly snapshot: ViewSnapshot }
  | { readonly type: 'transcript/append'; readonly entries: readonly TranscriptEntry[] }
  | { readonly type: 'input/focus' };

/** The longest message the host accepts from the input box (a pasted file is fine; a runaway loop is not). */
export const MAX_INPUT_CHARS = 200_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (!isRecord(value)) return false;
  switch (value['type']) {
    case 'ready':
      return typeof value['protocol'] === 'number';
    case 'chat/send':
      return typeof value['text'] === 'string' && value['text'].length <= MAX_INPUT_CHARS;
    default:
      return false;
  }
}

function isTranscriptEntry(value: unknown): value is TranscriptEntry {
  return (
    isRecord(value) &&
    typeof value['id'] === 'number' &&
    (value['role'] === 'user' || value['role'] === 'notice') &&
    typeof value['text'] === 'string'
  );
}

function isSnapshot(value: unknown): value is ViewSnapshot {
  return (
    isRecord(value) &&
    typeof value['extensionVersion'] === 'string' &&
    (value['model'] === undefined || typeof value['model'] === 'string') &&
    Array.isArray(value['transcript']) &&
    value['transcript'].every(isTranscriptEntry)
  );
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (!isRecord(value)) return false;
  switch (value['type']) {
    case 'snapshot':
      return isSnapshot(value['snapshot']);
    case 'transcript/append':
      return Array.isArray(value['entries']) && value['entries'].every(isTranscriptEntry);
    case 'input/focus':
      return true;
    default:
      return false;
  }
}
