// Entry point: builds Parley's objects, wires them together and registers them. Nothing else lives here.
import * as vscode from 'vscode';
import { ChatViewProvider, CHAT_VIEW_ID } from './host/chatView';
import { WorkspaceConfig } from './host/config';
import { settingsManifest } from './core/settings';
import { ApiKeyStore } from './host/apiKey';
import { ModelConnection } from './host/connection';
import { ChatController } from './host/chatController';
import { Answerer } from './host/answerer';
import { ViewActions } from './host/viewActions';
import { HistoryPicker } from './host/historyPicker';
import { HistoryStore } from './core/chat/historyStore';
import { TokenCounter } from './host/tokenCounter';
import { ContextCollector } from './host/contextCollector';
import { FileIndex } from './host/fileIndex';
import { ContextPicker } from './host/contextPicker';
import { CodebaseIndex } from './host/codebaseIndex';
import { asksForCodebase, withoutCodebaseTag } from './core/codebase/items';
import { ProposalController } from './host/proposals';
import { ProposalEditor } from './host/proposalEditor';
import { ProposalOverlay } from './host/proposalOverlay';
import { Starters } from './host/starters';
import { RefactorCommands } from './host/refactor';
import { Explanations } from './host/explanations';
import { ParleyCodeActions } from './host/codeActions';
import { SymbolLenses } from './host/symbolLenses';
import { parleyCommands, registerCommands } from './host/commands';
import { Corrections } from './host/corrections';
import { guardActivation } from './host/activationFailure';
import { removeLegacyRecords } from './core/legacyStorage';

/** What `activate` returns: the integration tests (and other extensions) reach Parley through it. */
export interface ParleyApi {
  readonly chatView: Pick<ChatViewProvider, 'onDidHandshake' | 'onDidRender' | 'onDidDeliver' | 'isReady'>;
  readonly chat: Pick<ChatController, 'onDidAnswer' | 'conversation' | 'isBusy' | 'send' | 'stop' | 'regenerate' | 'edit' | 'newChat' | 'open'>;
  readonly history: Pick<HistoryStore, 'list' | 'load' | 'save'>;
  readonly context: Pick<ContextCollector, 'chips' | 'toggle' | 'pin' | 'onDidChange' | 'takeForQuestion'>;
  readonly picker: Pick<ContextPicker, 'query' | 'choose'>;
  readonly codebase: Pick<CodebaseIndex, 'state' | 'onDidChange' | 'sync' | 'search'>;
  readonly proposals: Pick<ProposalController, 'onDidChange' | 'get' | 'decide' | 'correct' | 'undo' | 'views' | 'fixMessage' | 'fromAnswer'>;
  readonly proposalEditor: Pick<ProposalEditor, 'open'>;
  readonly proposalOverlay: Pick<ProposalOverlay, 'placed'>;
  readonly explanations: Pick<Explanations, 'threads' | 'onDidDraw' | 'explain'>;
  readonly corrections: Pick<Corrections, 'list' | 'exportTo' | 'onDidRecord' | 'open' | 'dir'>;
  readonly actions: Pick<ViewActions, 'insert'>;
  /** The ids of the commands Parley registered. */
  readonly commands: readonly string[];
}

export function activate(context: vscode.ExtensionContext): ParleyApi {
  const log = vscode.window.createOutputChannel('Parley', { log: true });
  context.subscriptions.push(log);
  return guardActivation(() => build(context, log), log, vscode.window);
}

function build(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ParleyApi {
  const config = new WorkspaceConfig(settingsManifest(context.extension.packageJSON));
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const apiKey = new ApiKeyStore(context.secrets, log);
  const connection = new ModelConnection(config, apiKey, log);
  // Per workspace when there is one; a window with no folder keeps its chats globally.
  const storage = context.storageUri ?? context.globalStorageUri;
  const store = new HistoryStore(vscode.Uri.joinPath(storage, 'history').fsPath);
  const tokens = new TokenCounter(log);
  const files = new FileIndex();
  const editorContext = new ContextCollector(tokens, files, config, log);
  const codebase = new CodebaseIndex(files, (uri) => editorContext.exclusions(uri), context.storageUri, log);
  editorContext.useQuestionContext((question) => (asksForCodebase(question) ? codebase.search(withoutCodebaseTag(question)) : Promise.resolve([])));
  const picker = new ContextPicker(files, editorContext, log, codebase);
  const proposals = new ProposalController(files, () => ({ fuzzyThreshold: config.read().fuzzyThreshold }), log);
  const proposalEditor = new ProposalEditor(proposals);
  const proposalOverlay = new ProposalOverlay(proposals);
  const answerer = new Answerer({ config, connection, tokens, log });
  const chat = new ChatController({ connection, store, log, extensionVersion: version, context: editorContext, proposals, answerer });
  const history = new HistoryPicker(store, chat, log);
  const actions = new ViewActions(chat, connection, apiKey, config, editorContext, picker, proposals, proposalEditor);
  // The prompts matter only while the chat view shows them: its readiness says so (set after the provider exists).
  let viewReady = (): boolean => false;
  const starters = new Starters(() => viewReady());
  const chatView = new ChatViewProvider(context.extensionUri, chat, actions, log, starters);
  viewReady = () => chatView.isReady;
  const refactor = new RefactorCommands(chat, editorContext, proposalEditor, () => chatView.reveal(), files, config, log);
  const explanations = new Explanations(answerer, editorContext, store, async (id) => {
    await chat.open(id);
    await chatView.reveal();
  }, log);
  const lenses = new SymbolLenses(config);
  const corrections = new Corrections(vscode.Uri.joinPath(storage, 'corrections').fsPath, context.globalState, () => editorContext.exclusions(), config, log);
  editorContext.useLessons((languageId, path) => corrections.lessonsFor(languageId, path), corrections.onDidRecord);
  const commands = parleyCommands({ chat, chatView, history, connection, apiKey, context: editorContext, proposals, proposalEditor, refactor, explanations, corrections, log });
  const code = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-notebook-cell' }, { scheme: 'vscode-remote' }];

  context.subscriptions.push(
    tokens,
    files,
    codebase,
    editorContext,
    proposals,
    proposalEditor,
    proposalOverlay,
    starters,
    config,
    connection,
    chat,
    chatView,
    explanations,
    lenses,
    corrections,
    proposals.onDidSettle((settled) => void corrections.record(settled)),
    vscode.window.registerTreeDataProvider('parley.corrections', corrections),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chatView),
    vscode.languages.registerCodeActionsProvider(code, new ParleyCodeActions(), { providedCodeActionKinds: ParleyCodeActions.kinds }),
    vscode.languages.registerCodeLensProvider(code, lenses),
    ...registerCommands(commands),
  );
  // Off the activation path: reopening the last chat reads a file. The model connection (a module load and
  // perhaps a probe of local ports) waits until the chat view is first shown.
  void chat.restore().then(() => chat.postSnapshot());
  // Earlier versions kept a raw record of every proposal here (excluded files too); delete what they left.
  void removeLegacyRecords([storage.fsPath, context.globalStorageUri.fsPath]).then(
    (removed) => removed.forEach((dir) => log.info(`Deleted the proposal records an earlier version of Parley kept in ${dir}.`)),
    (err: unknown) => log.warn(`Could not delete the proposal records an earlier version kept: ${String(err)}`),
  );
  // A workspace indexed before is brought up to date soon after start (only changed files are read again).
  void codebase.hasStore().then((stored) => {
    if (stored) setTimeout(() => void codebase.sync(), 3000).unref();
  });
  context.subscriptions.push(
    chatView.onDidHandshake(() => {
      void connection.resolve();
      tokens.warm();
    }),
  );
  log.info(`Parley ${version} activated in VS Code ${vscode.version}.`);
  return { chatView, chat, history: store, context: editorContext, picker, codebase, proposals, proposalEditor, proposalOverlay, explanations, corrections, actions, commands: commands.map((c) => c.id) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
