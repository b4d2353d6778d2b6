// Reviewing a proposal in VS Code's own diff editor: the live document on the left, the proposal on the right as an
// editable file of the parley-proposal scheme, so the person can correct the model's text before accepting it
// (saving, or just accepting, takes the correction). Accept and Reject sit in the editor's title for the file, and
// above each hunk as CodeLens.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { pendingHunks } from '../core/edits/proposal';
import { PROPOSAL_SCHEME, proposalPath } from './proposals';
import type { ProposalController } from './proposals';

/** parley-proposal:/<id>/<file path>, or with ?base for a new file's empty left side. */
function parse(uri: vscode.Uri): { readonly proposalId: string; readonly filePath: string } | undefined {
  const match = /^\/([A-Za-z0-9_-]+)\/(.+)$/.exec(uri.path);
  return match ? { proposalId: match[1]!, filePath: match[2]! } : undefined;
}

class ProposalFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly proposals: ProposalController) {}

  private text(uri: vscode.Uri): string {
    const where = parse(uri);
    const text = where && (uri.query === 'base' ? this.proposals.baseText(where.proposalId, where.filePath) : this.proposals.proposedText(where.proposalId, where.filePath));
    if (text === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return text;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const size = Buffer.byteLength(this.text(uri));
    return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size, ...(uri.query === 'base' ? { permissions: vscode.FilePermission.Readonly } : {}) };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return Buffer.from(this.text(uri), 'utf8');
  }

  /** Saving the proposal side is the person correcting the model: the hunks follow. */
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const where = parse(uri);
    if (!where || uri.query === 'base') throw vscode.FileSystemError.NoPermissions(uri);
    this.proposals.correct(where.proposalId, where.filePath, Buffer.from(content).toString('utf8'));
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** "Accept | Reject" above each pending hunk of the proposal side. */
class HunkLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly proposals: ProposalController) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const where = parse(document.uri);
    if (!where || document.uri.query === 'base') return [];
    const file = this.proposals.get(where.proposalId)?.files.find((f) => f.path === where.filePath);
    if (!file) return [];
    return pendingHunks(file).flatMap((hunk) => {
      const line = Math.min(hunk.proposedStart, Math.max(0, document.lineCount - 1));
      const range = new vscode.Range(line, 0, line, 0);
      const args = [where.proposalId, where.filePath, hunk.id];
      const counts = `+${hunk.added} −${hunk.removed}`;
      return [
        new vscode.CodeLens(range, { title: `$(check) Accept ${counts}`, command: 'parley.proposal.acceptHunk', arguments: args, tooltip: 'Apply this change to the file' }),
        new vscode.CodeLens(range, { title: '$(close) Reject', command: 'parley.proposal.rejectHunk', arguments: args, tooltip: 'Leave this part of the file as it is' }),
      ];
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class ProposalEditor implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly proposals: ProposalController) {
    const fileSystem = new ProposalFileSystem(proposals);
    const lenses = new HunkLenses(proposals);
    this.subscriptions.push(
      fileSystem,
      lenses,
      vscode.workspace.registerFileSystemProvider(PROPOSAL_SCHEME, fileSystem, { isCaseSensitive: true }),
      vscode.languages.registerCodeLensProvider({ scheme: PROPOSAL_SCHEME }, lenses),
      proposals.onDidChange(() => lenses.refresh()),
      // The person's typing in the proposal side is a correction even before they save it.
      vscode.workspace.onDidChangeTextDocument((e) => {
        const where = e.document.uri.scheme === PROPOSAL_SCHEME && e.document.uri.query !== 'base' ? parse(e.document.uri) : undefined;
        if (where && e.contentChanges.length > 0) proposals.correct(where.proposalId, where.filePath, e.document.getText());
      }),
    );
  }

  /**
   * Accept or Reject from the keyboard or the context menu: the change under the cursor in the proposal side (or
   * the next one below it). CodeLens does the same with the mouse, where the diff editor shows CodeLens.
   */
  /** Accept or Reject all of a file's changes: the proposal side `uri` (from its title bar), else the active one. */
  async decideFile(uri: unknown, accept: boolean): Promise<void> {
    const where = uri instanceof vscode.Uri && uri.scheme === PROPOSAL_SCHEME ? parse(uri) : parse(vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.parse('none:'));
    if (where) await this.proposals.decide(where.proposalId, where.filePath, undefined, accept);
  }

  async decideAtCursor(accept: boolean): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const where = editor?.document.uri.scheme === PROPOSAL_SCHEME ? parse(editor.document.uri) : undefined;
    const file = where && this.proposals.get(where.proposalId)?.files.find((f) => f.path === where.filePath);
    if (!editor || !where || !file) {
      void vscode.window.showInformationMessage('Parley: put the cursor in the proposal side of a Parley diff (the right side) first.');
      return;
    }
    const line = editor.selection.active.line;
    const pending = pendingHunks(file);
    const hunk = pending.find((h) => line >= h.proposedStart && line < h.proposedStart + Math.max(1, h.proposedLines.length)) ?? pending.find((h) => h.proposedStart >= line) ?? pending.at(-1);
    if (!hunk) {
      void vscode.window.showInformationMessage(`Parley: every change to ${file.path} is decided already.`);
      return;
    }
    await this.proposals.decide(where.proposalId, where.filePath, hunk.id, accept);
  }

  /** Opens the diff of one file of the proposal (the first when none is named). */
  async open(proposalId: string, filePath: string | undefined): Promise<void> {
    const proposal = this.proposals.get(proposalId);
    const file = proposal?.files.find((f) => filePath === undefined || f.path === filePath);
    if (!proposal || !file) {
      void vscode.window.showInformationMessage('Parley: this proposal has no file to show (its blocks could not be applied).');
      return;
    }
    const right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: proposalPath(proposalId, file.path) });
    const live = this.proposals.uriFor(proposalId, file.path);
    const left = file.isNew || !live ? right.with({ query: 'base' }) : live;
    const title = `${path.basename(file.path)} ↔ Parley's proposal${file.isNew ? ' (new file)' : ''}`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
