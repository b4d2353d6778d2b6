// Every command Parley contributes, in one table: its id, what it runs, and what it does in Restricted Mode. A
// command that would change a file refuses there before it starts (saying why, with Manage Workspace Trust);
// the rest run, since reading, chatting and reviewing change nothing. The manifest's `contributes.commands`
// must list exactly these ids (an integration test holds them to it).
import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKey';
import type { ChatController } from './chatController';
import type { ChatViewProvider } from './chatView';
import type { ModelConnection } from './connection';
import type { ContextCollector } from './contextCollector';
import type { Corrections } from './corrections';
import type { Explanations } from './explanations';
import type { HistoryPicker } from './historyPicker';
import type { ProposalController } from './proposals';
import type { ProposalEditor } from './proposalEditor';
import type { RefactorCommands } from './refactor';
import { addToChat } from './addToChat';
import { FIX_COMMAND } from './codeActions';
import type { ProblemArgument } from './codeActions';
import { selectRange } from './symbolLenses';
import { mayWrite } from './trust';

/** In Restricted Mode: runs as usual, or refuses, finishing "trust this workspace to …". */
export type WhenUntrusted = 'runs' | { readonly refuses: string };

export interface ParleyCommand {
  readonly id: string;
  readonly whenUntrusted: WhenUntrusted;
  readonly run: (...args: unknown[]) => unknown;
}

/** What the commands act on. */
export interface CommandTargets {
  readonly chat: ChatController;
  readonly chatView: ChatViewProvider;
  readonly history: HistoryPicker;
  readonly connection: ModelConnection;
  readonly apiKey: ApiKeyStore;
  readonly context: ContextCollector;
  readonly proposals: ProposalController;
  readonly proposalEditor: ProposalEditor;
  readonly refactor: RefactorCommands;
  readonly explanations: Explanations;
  readonly corrections: Corrections;
  readonly log: vscode.LogOutputChannel;
}

const ACCEPT = { refuses: "accept Parley's edits" };

export function parleyCommands(t: CommandTargets): ParleyCommand[] {
  return [
    // The chat.
    command('parley.openChat', 'runs', () => t.chatView.reveal()),
    command('parley.newChat', 'runs', () => t.chat.newChat()),
    command('parley.showHistory', 'runs', () => t.history.show()),
    command('parley.compactConversation', 'runs', () => t.chat.compact()),
    command('parley.exportConversation', 'runs', () => t.history.export()),
    command('parley.addToChat', 'runs', (uri?: unknown, uris?: unknown) => addToChat(t.context, t.chatView, t.log, uri, uris)),
    // The model connection.
    command('parley.pickModel', 'runs', () => t.connection.pickModel()),
    command('parley.setApiKey', 'runs', () => t.apiKey.promptAndStore()),
    command('parley.clearApiKey', 'runs', () => t.apiKey.clear()),
    command('parley.showLog', 'runs', () => t.log.show()),
    // Proposals: deciding on one writes only when it accepts.
    command('parley.proposal.acceptHunk', ACCEPT, (id: string, filePath: string, hunkId: string) => t.proposals.decide(id, filePath, hunkId, true)),
    command('parley.proposal.rejectHunk', 'runs', (id: string, filePath: string, hunkId: string) => t.proposals.decide(id, filePath, hunkId, false)),
    command('parley.proposal.acceptFile', ACCEPT, (uri?: unknown) => t.proposalEditor.decideFile(uri, true)),
    command('parley.proposal.rejectFile', 'runs', (uri?: unknown) => t.proposalEditor.decideFile(uri, false)),
    command('parley.proposal.acceptAtCursor', ACCEPT, () => t.proposalEditor.decideAtCursor(true)),
    command('parley.proposal.rejectAtCursor', 'runs', () => t.proposalEditor.decideAtCursor(false)),
    command('parley.proposal.openDiff', 'runs', (proposalId: string, filePath: string) => t.proposalEditor.open(proposalId, filePath)),
    // In the editor. A refactor is refused before anything is asked: its answer could be reviewed but never applied.
    command('parley.refactorSelection', { refuses: 'refactor code' }, (preset?: unknown) =>
      t.refactor.refactorSelection(typeof preset === 'string' ? preset : undefined),
    ),
    command('parley.refactorRange', { refuses: 'refactor code' }, async (uri: unknown, range: unknown) => (await selectRange(uri, range)) && t.refactor.refactorSelection()),
    command(FIX_COMMAND, { refuses: 'fix problems with Parley' }, (problem: ProblemArgument) => t.refactor.fixProblem(vscode.Uri.parse(problem.uri), problem)),
    command('parley.askAbout', 'runs', () => t.refactor.askAbout()),
    command('parley.explain', 'runs', () => t.explanations.explain()),
    command('parley.explainRange', 'runs', async (uri: unknown, range: unknown) => (await selectRange(uri, range)) && t.explanations.explain()),
    command('parley.explain.reply', 'runs', (reply: vscode.CommentReply) => t.explanations.reply(reply)),
    command('parley.explain.openInChat', 'runs', (thread: vscode.CommentThread) => t.explanations.openInChat(thread)),
    command('parley.explain.again', 'runs', (thread: vscode.CommentThread) => t.explanations.again(thread)),
    command('parley.explain.delete', 'runs', (thread: vscode.CommentThread) => t.explanations.remove(thread)),
    // Corrections (what the person changed in proposals): kept on this machine, never in the workspace.
    command('parley.exportCorrections', 'runs', () => t.corrections.export()),
    command('parley.corrections.open', 'runs', (correction: Parameters<Corrections['open']>[0]) => t.corrections.open(correction)),
    command('parley.corrections.delete', 'runs', (correction: Parameters<Corrections['delete']>[0]) => t.corrections.delete(correction)),
    command('parley.corrections.deleteAll', 'runs', () => t.corrections.delete()),
  ];
}

/** Registers the commands, each refusing in Restricted Mode when its row says so. */
export function registerCommands(commands: readonly ParleyCommand[]): vscode.Disposable[] {
  return commands.map(({ id, whenUntrusted, run }) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => (whenUntrusted === 'runs' || mayWrite(whenUntrusted.refuses) ? run(...args) : undefined)),
  );
}

/**
 * A row of the table. The arguments are whatever the caller (a menu, a CodeLens, a comment thread) passes; each
 * handler names the types its callers send, which VS Code cannot check.
 */
function command<A extends unknown[]>(id: string, whenUntrusted: WhenUntrusted, run: (...args: A) => unknown): ParleyCommand {
  return { id, whenUntrusted, run: run as (...args: unknown[]) => unknown };
}
