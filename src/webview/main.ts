// The chat view's page script. It speaks only the typed protocol: says `ready`, renders what the host sends, and
// posts what the person types. The draft in the input survives the view being hidden and shown again.
import { PROTOCOL_VERSION, isHostToWebview } from '../core/protocol';
import type { HostToWebview, TranscriptEntry, ViewSnapshot, WebviewToHost } from '../core/protocol';
import { inputAction, inputRows } from './keys';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}
interface PersistedState {
  readonly draft: string;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`Chat page is missing #${id}`);
  return found as T;
}

const chat = element<HTMLElement>('chat');
const transcript = element<HTMLElement>('transcript');
const welcome = element<HTMLElement>('welcome');
const composer = element<HTMLFormElement>('composer');
const input = element<HTMLTextAreaElement>('input');
const send = element<HTMLButtonElement>('send');
const status = element<HTMLElement>('status');

function restoredDraft(): string {
  const state = vscode.getState();
  if (typeof state === 'object' && state !== null && typeof (state as PersistedState).draft === 'string') {
    return (state as PersistedState).draft;
  }
  return '';
}

function renderEntry(entry: TranscriptEntry): HTMLElement {
  const item = document.createElement('article');
  item.className = `turn turn-${entry.role}`;
  item.dataset['id'] = String(entry.id);
  const who = document.createElement('h2');
  who.className = 'turn-author';
  who.textContent = entry.role === 'user' ? 'You' : 'Parley';
  const body = document.createElement('div');
  body.className = 'turn-body';
  // Plain text only: nothing from the transcript is ever parsed as HTML here.
  body.textContent = entry.text;
  item.append(who, body);
  return item;
}

function append(entries: readonly TranscriptEntry[]): void {
  if (entries.length > 0) welcome.hidden = true;
  for (const entry of entries) transcript.append(renderEntry(entry));
  transcript.lastElementChild?.scrollIntoView({ block: 'end' });
}

function applySnapshot(snapshot: ViewSnapshot): void {
  for (const old of transcript.querySelectorAll('.turn')) old.remove();
  welcome.hidden = false;
  append(snapshot.transcript);
  status.textContent = snapshot.model ? `Model: ${snapshot.model}` : 'No model chosen yet';
  input.disabled = false;
  updateSendButton();
  chat.setAttribute('aria-busy', 'false');
  document.body.dataset['ready'] = 'true';
}

function updateSendButton(): void {
  send.disabled = input.disabled || input.value.trim() === '';
  input.rows = inputRows(input.value);
}

function submit(): void {
  const text = input.value;
  if (text.trim() === '' || input.disabled) return;
  vscode.postMessage({ type: 'chat/send', text });
  input.value = '';
  vscode.setState({ draft: '' });
  updateSendButton();
  input.focus();
}

function receive(message: HostToWebview): void {
  switch (message.type) {
    case 'snapshot':
      applySnapshot(message.snapshot);
      return;
    case 'transcript/append':
      append(message.entries);
      return;
    case 'input/focus':
      input.focus();
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebview(event.data)) receive(event.data);
});

input.value = restoredDraft();
input.addEventListener('input', () => {
  vscode.setState({ draft: input.value });
  updateSendButton();
});
input.addEventListener('keydown', (event) => {
  if (inputAction(event) === 'send') {
    event.preventDefault();
    submit();
  }
});
composer.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
updateSendButton();

vscode.postMessage({ type: 'ready', protocol: PROTOCOL_VERSION });
