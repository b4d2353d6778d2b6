// The chat view's page script. It speaks only the typed protocol: says `ready`, draws what the host sends
// (a full snapshot, then small deltas), and posts what the person does. The unsent draft survives the view being
// hidden and shown again.
import { PROTOCOL_VERSION, isHostToWebview } from '../core/protocol';
import type { BudgetView, ConnectionView, HostToWebview, ProposalAction, ProposalView, SetupAction, ViewSnapshot, WaitingView, WebviewToHost } from '../core/protocol';
import type { ErrorAction } from '../core/chat/conversation';
import { inputAction, inputRows } from './keys';
import type { TurnView } from './turnView';
import { TranscriptList } from './transcriptList';
import { button, h } from './dom';
import { ChipRow } from './chips';
import { ContextPickerView } from './picker';
import { SlashCommandsView } from './slashCommands';
import { chatUsage } from './usageText';

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
const post = (message: WebviewToHost): void => vscode.postMessage(message);

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`Chat page is missing #${id}`);
  return found as T;
}

const chat = element<HTMLElement>('chat');
const transcript = element<HTMLElement>('transcript');
const welcome = element<HTMLElement>('welcome');
const setup = element<HTMLElement>('setup');
const waiting = element<HTMLElement>('waiting');
const composer = element<HTMLFormElement>('composer');
const input = element<HTMLTextAreaElement>('input');
const send = element<HTMLButtonElement>('send');
const modelName = element<HTMLElement>('model-name');
const starters = element<HTMLElement>('starters');
const announcer = element<HTMLElement>('announcer');
const status = element<HTMLElement>('status');
const budget = element<HTMLElement>('budget');
const chips = new ChipRow(element('chips'), element('secrets'), post);
const picker = new ContextPickerView(input, element('picker'), post, () => {
  saveDraft();
  updateComposer();
});
const slash = new SlashCommandsView(input, element('picker'), composer, post, () => {
  saveDraft();
  updateComposer();
});

const turns = new TranscriptList(transcript);
let busy = false;
let ready = false;
/** Position while walking back through earlier questions with Up/Down; -1 when not recalling. */
let recall = -1;

function restoredDraft(): string {
  const state = vscode.getState();
  if (typeof state === 'object' && state !== null && typeof (state as PersistedState).draft === 'string') {
    return (state as PersistedState).draft;
  }
  return '';
}

const saveDraft = (): void => vscode.setState({ draft: input.value });

// ---- drawing what the host sends

function applySnapshot(snapshot: ViewSnapshot): void {
  ready = true;
  turns.reset(snapshot.turns);
  welcome.hidden = snapshot.turns.length > 0;
  for (const proposal of snapshot.proposals) turns.showProposal(proposal);
  applyConnection(snapshot.connection);
  setBusy(snapshot.busy, snapshot.waiting);
  showBudget(snapshot.budget);
  chips.show(snapshot.chips);
  refreshLastTurn();
  showChatUsage();
  chat.setAttribute('aria-busy', 'false');
  document.body.dataset['ready'] = 'true';
  turns.scrollToEnd();
  refreshLastTurn();
  post({ type: 'rendered', conversationId: snapshot.conversationId, turnCount: snapshot.turns.length });
}

function showProposal(proposal: ProposalView): void {
  const follow = nearEnd();
  turns.showProposal(proposal);
  if (follow) scrollToEnd();
}

function findTurn(id: string): TurnView | undefined {
  return turns.view(id);
}

function refreshLastTurn(): void {
  welcome.hidden = turns.length > 0;
  turns.refreshLast(busy);
}

/**
 * Tells a screen reader the answer is there, once, when it ends: the conversation itself is not a live region, or
 * every streamed word would be read out.
 */
function announce(turnId: string, status: string, error: string | undefined): void {
  const text = (findTurn(turnId)?.text ?? '').replace(/```[\s\S]*?(```|$)/g, ' (code) ').replace(/[#*_`>]+/g, '').replace(/\s+/g, ' ').trim();
  const said = status === 'error' ? `Parley could not answer: ${error ?? 'an error'}` : status === 'stopped' ? 'The answer was stopped.' : `Parley answered: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
  // The same words twice in a row are not read again unless the region changes first.
  announcer.textContent = '';
  requestAnimationFrame(() => (announcer.textContent = said));
}

function applyConnection(connection: ConnectionView): void {
  setup.hidden = connection.status !== 'setup';
  modelName.textContent = connection.status === 'checking' ? 'Connecting…' : connection.status === 'setup' ? 'No model' : connection.model ?? 'No model';
  // The model's name in full; where it runs is in the tooltip (a long URL would crowd the name out).
  const where = connection.server ? ` on ${connection.server}` : '';
  const modelButton = element<HTMLButtonElement>('model');
  modelButton.title = `${modelName.textContent}${where}. Choose the model`;
  modelButton.setAttribute('aria-label', `Model: ${modelName.textContent}${where}. Choose another`);
}

const formatter = new Intl.NumberFormat();

/** "1,234 / 6,144 tokens · 2 older messages left out": what the last request took of the context window. */
function showBudget(view: BudgetView | undefined): void {
  if (!view) {
    budget.textContent = '';
    return;
  }
  const parts = [...(view.omitted === 0 ? [] : [`${view.omitted} older message${view.omitted === 1 ? '' : 's'}`]), ...view.leftOut];
  const listed = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
  const left = parts.length === 0 ? '' : ` · ${listed} left out`;
  budget.textContent = `${view.exact ? '' : '≈ '}${formatter.format(view.used)} / ${formatter.format(view.available)} tokens${left}`;
  budget.title =
    parts.length === 0
      ? "Tokens the last request took, of what the model's context window leaves after room for the answer."
      : `${listed} did not fit in the model's context window and were not sent. Remove a chip, or start a new chat, to make room.`;
  budget.classList.toggle('over', parts.length > 0);
  // The history no longer fits: say so, and offer to condense it (never done without being asked).
  if (view.omitted > 0) {
    budget.title = `${budget.title} Summarize and continue asks the model to condense the earlier messages into one summary, sent in their place; the messages stay here.`;
    budget.append(' ', button({ icon: 'fold', label: 'Summarize and continue', action: 'compact', kind: 'secondary' }));
  }
}

budget.addEventListener('click', (event) => {
  if ((event.target as HTMLElement).closest('[data-action="compact"]') && !busy) post({ type: 'chat/compact' });
});

const chatTotal = h('span', { class: 'chat-usage' });
budget.after(chatTotal);

/** The running total of what the chat's answers took, beside the budget line. */
function showChatUsage(): void {
  const total = chatUsage(turns.turns());
  chatTotal.textContent = total?.text ?? '';
  chatTotal.title = total?.detail ?? '';
}

function setBusy(isBusy: boolean, wait: WaitingView | undefined): void {
  busy = isBusy;
  send.innerHTML = '';
  send.append(h('span', { class: `codicon codicon-${busy ? 'debug-stop' : 'send'}`, 'aria-hidden': 'true' }));
  send.title = busy ? 'Stop (Escape)' : 'Send (Enter)';
  send.setAttribute('aria-label', busy ? 'Stop' : 'Send');
  send.classList.toggle('stop', busy);
  waiting.hidden = !wait;
  waiting.textContent = wait ? `${wait.reason} Retrying in ${wait.secondsLeft} s…` : '';
  status.textContent = busy ? 'Parley is answering…' : '';
  updateComposer();
}

function scrollToEnd(): void {
  transcript.scrollTop = transcript.scrollHeight;
}

/** Follows the streaming answer only while the person has not scrolled up to read. */
function nearEnd(): boolean {
  return transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
}

function receive(message: HostToWebview): void {
  switch (message.type) {
    case 'snapshot':
      applySnapshot(message.snapshot);
      return;
    case 'turn/add': {
      const follow = nearEnd();
      turns.add(message.turn);
      refreshLastTurn();
      if (follow || message.turn.role === 'user') scrollToEnd();
      return;
    }
    case 'turn/delta': {
      const follow = nearEnd();
      turns.append(message.turnId, message.text);
      if (follow) scrollToEnd();
      return;
    }
    case 'turn/reasoning': {
      const follow = nearEnd();
      turns.appendReasoning(message.turnId, message.text);
      if (follow) scrollToEnd();
      return;
    }
    case 'turn/end': {
      const follow = nearEnd();
      turns.end(message.turnId, message.status, message.error, message);
      announce(message.turnId, message.status, message.error?.message);
      refreshLastTurn();
      showChatUsage();
      if (follow) scrollToEnd();
      if (document.hasFocus()) input.focus();
      return;
    }
    case 'turn/redactions':
      turns.showRedactions(message.turnId, message.redactions);
      return;
    case 'busy':
      setBusy(message.busy, message.waiting);
      refreshLastTurn();
      return;
    case 'connection':
      applyConnection(message.connection);
      return;
    case 'budget':
      showBudget(message.budget);
      return;
    case 'context':
      chips.show(message.chips);
      slash.refresh();
      return;
    case 'proposal':
      showProposal(message.proposal);
      return;
    case 'picker/results':
      picker.results(message.requestId, message.entries, message.note);
      return;
    case 'slash/results':
      slash.results(message.requestId, message.entries, message.note);
      return;
    case 'input/focus':
      input.focus();
      return;
    case 'starters':
      starters.replaceChildren(
        ...message.prompts.map((prompt) => h('button', { type: 'button', class: 'button secondary starter', 'data-action': 'starter', 'data-prompt': prompt }, prompt)),
      );
      return;
    case 'compacting':
      status.textContent = message.active ? 'Summarizing the earlier messages…' : '';
      return;
  }
}

// ---- what the person does

function updateComposer(): void {
  input.disabled = !ready;
  send.disabled = !ready || (!busy && input.value.trim() === '');
  input.rows = inputRows(input.value);
  slash.update();
}

function submit(): void {
  if (busy) {
    post({ type: 'chat/stop' });
    return;
  }
  const text = input.value;
  if (text.trim() === '' || input.disabled) return;
  post({ type: 'chat/send', text });
  input.value = '';
  recall = -1;
  saveDraft();
  updateComposer();
  input.focus();
}

function questions(): string[] {
  return turns.turns().filter((t) => t.role === 'user').map((t) => t.text);
}

/** Up in an empty input (or while recalling) brings back earlier questions; Down goes forward again. */
function recallQuestion(direction: -1 | 1): boolean {
  const asked = questions();
  if (asked.length === 0) return false;
  if (recall === -1) {
    if (direction === 1 || input.value !== '') return false;
    recall = asked.length;
  }
  recall = Math.min(asked.length, Math.max(0, recall + direction));
  input.value = recall === asked.length ? '' : asked[recall] ?? '';
  if (recall === asked.length) recall = -1;
  updateComposer();
  return true;
}

function startEditing(view: TurnView): void {
  if (busy || view.element.querySelector('.edit-box')) return;
  const body = view.element.querySelector<HTMLElement>('.turn-body');
  if (!body) return;
  const box = h('textarea', { class: 'edit-box', 'aria-label': view.isSummary ? 'Edit the summary' : 'Edit your question', rows: String(inputRows(view.text)) });
  box.value = view.text;
  const actions = h(
    'div',
    { class: 'edit-actions' },
    button({ icon: 'send', label: 'Send', action: 'edit-send', kind: 'primary' }),
    button({ label: 'Cancel', action: 'edit-cancel', kind: 'secondary' }),
  );
  body.hidden = true;
  body.after(box, actions);
  const close = () => {
    box.remove();
    actions.remove();
    body.hidden = false;
  };
  const resend = () => {
    const text = box.value.trim();
    if (text === '') return;
    close();
    post(view.isSummary ? { type: 'summary/edit', turnId: view.id, text } : { type: 'chat/edit', turnId: view.id, text });
  };
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (inputAction(event) === 'send') {
      event.preventDefault();
      resend();
    }
  });
  actions.addEventListener('click', (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset['action'];
    if (action === 'edit-send') resend();
    if (action === 'edit-cancel') close();
  });
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
}

transcript.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const decision = target.closest<HTMLElement>('[data-proposal-action]');
  if (decision) {
    proposalClick(decision.dataset);
    return;
  }
  const link = target.closest<HTMLElement>('[data-href]');
  if (link) {
    event.preventDefault();
    post({ type: 'link/open', href: link.dataset['href'] ?? '' });
    return;
  }
  const starter = target.closest<HTMLElement>('[data-action="starter"]');
  if (starter) {
    if (!busy) post({ type: 'chat/send', text: starter.dataset['prompt'] ?? '' });
    return;
  }
  const control = target.closest<HTMLElement>('[data-action]');
  const view = control ? findTurn(control.closest<HTMLElement>('[data-turn]')?.dataset['turn'] ?? '') : undefined;
  if (!control || !view) return;
  switch (control.dataset['action']) {
    case 'copy':
    case 'insert': {
      const code = view.code(Number(control.dataset['block']));
      if (code !== undefined) post({ type: control.dataset['action'] === 'copy' ? 'code/copy' : 'code/insert', code });
      return;
    }
    case 'apply': {
      const block = view.codeBlock(Number(control.dataset['block']));
      if (block) post({ type: 'code/apply', turnId: view.id, code: block.code, path: block.path });
      return;
    }
    case 'copy-answer':
      post({ type: 'code/copy', code: view.text });
      return;
    case 'edit':
      startEditing(view);
      return;
    case 'regenerate':
      post({ type: 'chat/regenerate' });
      return;
    case 'summary-remove':
      if (!busy) post({ type: 'summary/remove', turnId: view.id });
      return;
    case 'quick-reply':
      if (!busy) post({ type: 'chat/send', text: control.dataset['reply'] ?? '' });
      return;
    case 'error-action':
      post({ type: 'error/action', action: control.dataset['errorAction'] as ErrorAction });
      return;
  }
});

/** A button on a proposal card: its data attributes say which proposal, file and hunk, and what to do. */
function proposalClick(data: DOMStringMap): void {
  const proposalId = data['proposal'];
  if (!proposalId) return;
  const path = data['path'];
  switch (data['proposalAction']) {
    case 'accept':
    case 'reject':
      post({ type: 'proposal/decide', proposalId, path, hunkId: data['hunk'], accept: data['proposalAction'] === 'accept' });
      return;
    case 'open':
      post({ type: 'proposal/open', proposalId, path });
      return;
    case 'fix':
      if (!busy) post({ type: 'proposal/fix', proposalId });
      return;
    case 'fix-problems':
    case 'undo':
      post({ type: 'proposal/action', proposalId, action: data['proposalAction'] as ProposalAction });
      return;
  }
}

// Links in answers have no href (nothing navigates by itself); Enter on one opens it like a click.
transcript.addEventListener('keydown', (event) => {
  // A proposal's change row takes focus: Enter opens the diff, as a click on it does.
  const row = event.target as HTMLElement;
  if (event.key === 'Enter' && row.classList.contains('proposal-hunk')) {
    event.preventDefault();
    proposalClick(row.dataset);
    return;
  }
  const link = (event.target as HTMLElement).closest<HTMLElement>('[data-href]');
  if (link && event.key === 'Enter') {
    event.preventDefault();
    post({ type: 'link/open', href: link.dataset['href'] ?? '' });
  }
});

setup.addEventListener('click', (event) => {
  const action = (event.target as HTMLElement).closest<HTMLElement>('[data-setup]')?.dataset['setup'];
  if (action) post({ type: 'setup/action', action: action as SetupAction });
});
element('model').addEventListener('click', () => post({ type: 'model/pick' }));

input.value = restoredDraft();
input.addEventListener('input', () => {
  recall = -1;
  saveDraft();
  updateComposer();
  picker.update();
});
// Moving the cursor into or out of a #word opens or closes the picker.
input.addEventListener('click', () => {
  picker.update();
  slash.update();
});
input.addEventListener('keyup', (event) => {
  if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End') {
    picker.update();
    slash.update();
  }
});
input.addEventListener('keydown', (event) => {
  if (!event.isComposing && (picker.keydown(event) || slash.keydown(event))) {
    event.preventDefault();
  } else if (inputAction(event) === 'send') {
    event.preventDefault();
    submit();
  } else if (event.key === 'Escape' && busy) {
    event.preventDefault();
    post({ type: 'chat/stop' });
  } else if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && !event.shiftKey && !event.altKey) {
    const atEdge = event.key === 'ArrowUp' ? input.selectionStart === 0 : input.selectionEnd === input.value.length;
    if (atEdge && recallQuestion(event.key === 'ArrowUp' ? -1 : 1)) event.preventDefault();
  }
});
composer.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
updateComposer();

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebview(event.data)) receive(event.data);
});
post({ type: 'ready', protocol: PROTOCOL_VERSION });
