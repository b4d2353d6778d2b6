// Turns a model's answer into proposals and carries out the person's decisions on them. Edits are planned against
// the files as they are (open buffers first, saved or not), applied through one WorkspaceEdit per decision (one
// undo step), merged onto whatever the person typed since, and checked afterwards for new problems. Nothing of a
// proposal is written to storage here: a settled one is handed to Corrections, which redacts, honours exclusions
// and parley.corrections.record. In Restricted Mode proposals are made and reviewed, never applied.
import * as vscode from 'vscode';
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { parseEdits } from '../core/edits/parse';
import { planEdits } from '../core/edits/plan';
import { lineChanges, linesOf } from '../core/edits/hunks';
import { acceptHunks, isSettled, pendingHunks, proposalFile, rejectHunks, withProposedText } from '../core/edits/proposal';
import type { Proposal, ProposalFile } from '../core/edits/proposal';
import { blocksInCode, cautionOf, fixRequest, proposalView } from '../core/edits/review';
import type { EditBlock, Refusal } from '../core/edits/types';
import { newId } from '../core/chat/ids';
import type { ProposalView } from '../core/protocol';
import type { ChatMessage } from '../core/model/types';
import type { CorrectionSource } from '../core/corrections/example';
import { displayPath, isInWorkspace, languageOf } from './contextSources';
import type { FileIndex } from './fileIndex';
import { mayWrite, RESTRICTED_NOTE } from './trust';

/** How long to wait for language servers to report on an applied edit before comparing problems. */
const DIAGNOSTICS_WAIT_MS = 2500;

interface Applied {
  /** Per document: the text before and after, for Undo. */
  readonly texts: readonly { readonly uri: vscode.Uri; readonly before: string | undefined; readonly after: string }[];
  readonly newProblems: readonly string[];
}

/** The answer a proposal came from, and what was sent for it. */
interface Origin {
  readonly conversationId: string;
  readonly turnId: string;
  readonly answer: string;
  readonly messages: readonly ChatMessage[];
}

interface Entry {
  proposal: Proposal;
  readonly origin: Origin;
  /** Settled and handed on as a correction already. */
  settled: boolean;
  readonly uris: Map<string, vscode.Uri>;
  note: ProposalView['note'];
  applied: Applied | undefined;
}

/** The stretch of code a refactor command asked about: its answer's code replaces it. */
export interface EditTarget {
  readonly uri: vscode.Uri;
  /** [start, end) offsets of the stretch, in the document as it was at `version`. */
  readonly range: readonly [number, number];
  readonly version: number;
  /** Generate tests: the new file the answer's code goes to instead. */
  readonly newFile?: string;
}

/** Where blocks that name no file go: the active editor's document, or a refactor's target. */
interface Active {
  readonly uri: vscode.Uri;
  readonly path: string;
  readonly selection: readonly [number, number] | undefined;
  /** The document, to read its text at once (and to ask where a homeless snippet goes). */
  readonly editor: vscode.TextEditor | undefined;
}

export interface ProposalSettings {
  readonly fuzzyThreshold: number;
}

export class ProposalController implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<{ readonly conversationId: string; readonly view: ProposalView }>();
  /** A proposal appeared or changed (decisions, corrections, notes). */
  readonly onDidChange = this.changed.event;
  private readonly settledEmitter = new vscode.EventEmitter<CorrectionSource>();
  /** Every change of a proposal is decided (accepted, rejected, or in conflict), once per proposal. */
  readonly onDidSettle = this.settledEmitter.event;
  private readonly trusted: vscode.Disposable;

  constructor(
    private readonly files: FileIndex,
    private readonly settings: () => ProposalSettings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // Trusting the workspace makes Accept available: the cards lose their Restricted Mode note.
    this.trusted = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const entry of this.entries.values()) this.changed.fire({ conversationId: entry.origin.conversationId, view: this.view(entry) });
    });
  }

  /** The proposals made from a conversation's answers, for the view's snapshot. */
  views(conversationId: string): ProposalView[] {
    return [...this.entries.values()].filter((e) => e.origin.conversationId === conversationId).map((e) => this.view(e));
  }

  get(id: string): Proposal | undefined {
    return this.entries.get(id)?.proposal;
  }

  /** After an answer: its edit blocks that name a file (or carry SEARCH/REPLACE markers) become a proposal. */
  async fromAnswer(conversationId: string, turnId: string, answer: string, messages: readonly ChatMessage[] = []): Promise<ProposalView | undefined> {
    const blocks = parseEdits(answer).filter((b) => b.kind !== 'snippet');
    if (blocks.length === 0) return undefined;
    return this.propose({ conversationId, turnId, answer, messages }, blocks);
  }

  /**
   * Apply on one code block: the blocks it holds, or, with no path and no markers, code for the active editor
   * (its selection, or the region its first and last lines anchor to; otherwise the person says where).
   */
  async fromCode(conversationId: string, turnId: string, answer: string, code: string, codePath: string | undefined, messages: readonly ChatMessage[] = []): Promise<ProposalView | undefined> {
    let blocks: EditBlock[] = blocksInCode(parseEdits(answer), code, codePath);
    if (blocks.length === 0) {
      blocks = codePath
        ? [{ kind: 'wholeFile', path: codePath, text: code.replace(/\n$/, ''), source: { codeBlock: 0, line: 1 } }]
        : [{ kind: 'snippet', languageId: undefined, text: code.replace(/\n$/, ''), source: { codeBlock: 0, line: 1 } }];
    }
    return this.propose({ conversationId, turnId, answer, messages }, blocks);
  }

  /**
   * A refactor command's answer: code blocks with no path replace the target stretch (the first such block; Generate
   * tests puts it in the new test file instead), and blocks that name files apply as usual.
   */
  async fromTarget(conversationId: string, turnId: string, answer: string, target: EditTarget, messages: readonly ChatMessage[] = []): Promise<ProposalView | undefined> {
    const parsed = parseEdits(answer);
    const snippet = parsed.find((b) => b.kind === 'snippet');
    const named = parsed.filter((b) => b.kind !== 'snippet');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    const path = displayPath(target.uri);
    let blocks: EditBlock[] = named;
    if (snippet?.kind === 'snippet' && (named.length === 0 || target.newFile)) {
      blocks = target.newFile ? [{ kind: 'newFile', path: target.newFile, text: snippet.text, source: snippet.source }, ...named] : [snippet];
    }
    if (blocks.length === 0) return undefined;
    // The stretch's offsets hold while the document is as it was; after an edit, the snippet is anchored instead.
    const unchanged = document !== undefined && document.version === target.version;
    return this.propose({ conversationId, turnId, answer, messages }, blocks, { uri: target.uri, path, selection: unchanged ? target.range : undefined, editor: undefined });
  }

  private async propose(origin: Origin, blocks: readonly EditBlock[], given?: Active): Promise<ProposalView | undefined> {
    const { turnId } = origin;
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'file');
    const active: Active | undefined =
      given ??
      (editor
        ? {
            uri: editor.document.uri,
            path: displayPath(editor.document.uri),
            selection: editor.selection.isEmpty ? undefined : [editor.document.offsetAt(editor.selection.start), editor.document.offsetAt(editor.selection.end)],
            editor,
          }
        : undefined);
    const activePath = active?.path;
    const paths = new Set<string>(blocks.flatMap((b) => ('path' in b && b.path !== undefined ? [b.path] : [])));
    if (activePath) paths.add(activePath);
    const uris = new Map<string, vscode.Uri>();
    const texts = new Map<string, string>();
    await Promise.all(
      [...paths].map(async (p) => {
        const uri = p === activePath && active ? active.uri : this.uriOf(p);
        if (!uri) return;
        uris.set(p, uri);
        const text = await readText(uri);
        if (text !== undefined) texts.set(p, text);
      }),
    );
    const selection = active?.selection;
    let plan = planEdits(blocks, (p) => texts.get(p), {
      fuzzyThreshold: this.settings().fuzzyThreshold,
      ...(activePath ? { activePath } : {}),
      ...(selection ? { selection } : {}),
    });
    // A snippet with no place of its own: ask where it goes rather than guess.
    const homeless = plan.refused.filter((r) => r.needsTarget);
    if (homeless.length > 0 && active?.editor && activePath) {
      const placed = await this.placeSnippets(homeless, active.editor, activePath);
      if (placed.length > 0) {
        const others = plan.refused.filter((r) => !r.needsTarget);
        const extra = planEdits(placed, (p) => texts.get(p), { fuzzyThreshold: this.settings().fuzzyThreshold, activePath });
        plan = { files: [...plan.files, ...extra.files], refused: [...others, ...extra.refused] };
      }
    }
    if (plan.files.length === 0 && plan.refused.length === 0) return undefined;
    const proposal: Proposal = {
      id: newId(),
      turnId,
      createdAt: Date.now(),
      files: plan.files.map((f) => proposalFile(f.path, f.base, f.proposed, f.isNew)),
      refused: plan.refused,
    };
    for (const f of proposal.files) if (!uris.has(f.path)) uris.set(f.path, this.uriOf(f.path) ?? vscode.Uri.file(f.path));
    const entry: Entry = { proposal, uris, note: undefined, applied: undefined, origin, settled: false };
    this.entries.set(proposal.id, entry);
    this.log.info(`Proposal ${proposal.id}: ${proposal.files.map((f) => `${f.path} (${f.hunks.length} hunks)`).join(', ') || 'no files'}; ${proposal.refused.length} block(s) refused.`);
    for (const r of proposal.refused) this.log.info(`  refused: ${r.reason}`);
    // The editors showing these files draw the new proposal (the chat posts the card itself, once it returns).
    this.fire(entry);
    return this.view(entry);
  }

  /** "Where should this code go?" for a snippet that anchors nowhere: at the cursor, or in a new file. */
  private async placeSnippets(refused: readonly Refusal[], editor: vscode.TextEditor, activePath: string): Promise<EditBlock[]> {
    const name = path.basename(activePath);
    const choice = await vscode.window.showQuickPick(
      [
        { label: `$(cursor) At the cursor in ${name}`, value: 'cursor' as const },
        { label: '$(new-file) In a new file…', value: 'new' as const },
      ],
      { title: 'Parley could not tell where this code goes', placeHolder: 'Where should it go?' },
    );
    if (!choice) return [];
    const texts = refused.map((r) => (r.block.kind === 'snippet' ? r.block.text : '')).filter((t) => t !== '');
    if (choice.value === 'new') {
      const target = await vscode.window.showInputBox({ title: 'New file for the code', prompt: 'Workspace-relative path', value: path.posix.join(path.posix.dirname(activePath), 'new-file') });
      return target ? [{ kind: 'newFile', path: target.trim(), text: texts.join('\n\n'), source: { codeBlock: 0, line: 1 } }] : [];
    }
    const document = editor.document;
    const at = document.offsetAt(editor.selection.active);
    const text = document.getText();
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', at);
    // On a blank line, or before a line's first character, the code goes in as whole lines above it; else at the cursor.
    const wholeLines = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).trim() === '' || text.slice(lineStart, at).trim() === '';
    const where = wholeLines ? lineStart : at;
    const code = `${texts.join('\n\n')}${wholeLines ? '\n' : ''}`;
    return [{ kind: 'wholeFile', path: activePath, text: `${text.slice(0, where)}${code}${text.slice(where)}`, source: { codeBlock: 0, line: 1 } }];
  }

  /** The person edited the proposal side of the diff: hunks follow their text. */
  correct(proposalId: string, filePath: string, proposed: string): void {
    const entry = this.entries.get(proposalId);
    if (!entry) return;
    entry.proposal = { ...entry.proposal, files: entry.proposal.files.map((f) => (f.path === filePath ? withProposedText(f, proposed) : f)) };
    this.fire(entry);
  }

  /**
   * Accepts or rejects a hunk, a file's hunks (no hunkId) or all (no path). Accepting writes through one
   * WorkspaceEdit; targets that deserve a second look ask first and are never part of "accept all" silently.
   */
  async decide(proposalId: string, filePath: string | undefined, hunkId: string | undefined, accept: boolean): Promise<void> {
    const entry = this.entries.get(proposalId);
    if (!entry) return;
    const targets = entry.proposal.files.filter((f) => filePath === undefined || f.path === filePath);
    const ids = (f: ProposalFile) => (hunkId === undefined ? pendingHunks(f).map((h) => h.id) : [hunkId]);
    if (!accept) {
      this.replaceFiles(entry, targets.map((f) => rejectHunks(f, ids(f))));
      this.fire(entry);
      return;
    }
    if (!mayWrite("accept Parley's edits")) return;
    const confirmed: ProposalFile[] = [];
    for (const file of targets) {
      if (ids(file).length === 0) continue;
      const caution = this.cautionFor(entry, file);
      if (caution) {
        const yes = 'Apply';
        const answer = await vscode.window.showWarningMessage(`Apply Parley's edit to ${file.path}? ${capitalize(caution)}.`, { modal: true }, yes);
        if (answer !== yes) continue;
      }
      confirmed.push(file);
    }
    if (confirmed.length > 0) await this.apply(entry, confirmed.map((f) => ({ file: f, ids: ids(f) })));
  }

  private async apply(entry: Entry, work: readonly { readonly file: ProposalFile; readonly ids: readonly string[] }[]): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    const decided: ProposalFile[] = [];
    const texts: { uri: vscode.Uri; before: string | undefined; after: string }[] = [];
    const problems: string[] = [];
    for (const { file, ids } of work) {
      const uri = entry.uris.get(file.path) ?? this.uriOf(file.path);
      if (!uri) continue;
      const readOnly = await readOnlyReason(uri);
      if (readOnly) {
        problems.push(readOnly);
        continue;
      }
      let live: string | undefined;
      try {
        live = await readText(uri);
      } catch (err) {
        this.log.warn(`Could not read ${uri.toString()} to apply the proposal: ${err instanceof Error ? err.message : String(err)}`);
        problems.push(`${file.path} could not be read (${err instanceof Error ? err.message : String(err)}); nothing was written to it`);
        continue;
      }
      const current = await this.correctedText(entry, file);
      const decision = acceptHunks(current, ids, live);
      decided.push(decision.file);
      if (decision.conflicts.length > 0) {
        problems.push(`${decision.conflicts.length} change${decision.conflicts.length === 1 ? '' : 's'} to ${file.path} collide${decision.conflicts.length === 1 ? 's' : ''} with your own edits and ${decision.conflicts.length === 1 ? 'was' : 'were'} not applied`);
      }
      if (decision.text === undefined) continue;
      if (live === undefined) {
        edit.createFile(uri, { ignoreIfExists: true });
        edit.insert(uri, new vscode.Position(0, 0), decision.text);
      } else {
        // In an editor, so the change is a visible unsaved edit the person saves (or undoes) themselves.
        const document = await vscode.workspace.openTextDocument(uri);
        if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString())) {
          await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
        }
        replaceChanged(edit, document, live, decision.text);
      }
      texts.push({ uri, before: live, after: decision.text });
    }
    const before = problemCounts(texts.map((t) => t.uri));
    if (texts.length > 0) {
      // One WorkspaceEdit, one undo step. Not marked as a refactoring: VS Code would then save files that were
      // not open, behind the person's back.
      const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
      if (!ok) {
        entry.note = { text: 'VS Code did not apply the edit (is a file read-only, or did it change on disk?). Nothing was changed.', warning: true, actions: [] };
        this.fire(entry);
        return;
      }
    }
    this.replaceFiles(entry, decided);
    entry.applied = texts.length > 0 ? { texts, newProblems: [] } : entry.applied;
    entry.note = problems.length > 0 ? { text: `${capitalize(problems.join('; '))}.`, warning: true, actions: [] } : undefined;
    this.fire(entry);
    if (texts.length > 0) await this.reportProblems(entry, texts.map((t) => t.uri), before, problems);
  }

  /** After applying: new problems in the changed files, with Ask to fix and Undo; or that there are none. */
  private async reportProblems(entry: Entry, uris: readonly vscode.Uri[], before: Map<string, number>, earlier: readonly string[]): Promise<void> {
    await waitForDiagnostics(uris, DIAGNOSTICS_WAIT_MS);
    const after = problemCounts(uris);
    const fresh: string[] = [];
    for (const uri of uris) {
      const added = (after.get(uri.toString()) ?? 0) - (before.get(uri.toString()) ?? 0);
      if (added <= 0) continue;
      const messages = vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning)
        .slice(-added)
        .map((d) => `${displayPath(uri)}:${d.range.start.line + 1}: ${d.message}`);
      fresh.push(...messages);
    }
    if (entry.applied) entry.applied = { ...entry.applied, newProblems: fresh };
    const prefix = earlier.length > 0 ? `${capitalize(earlier.join('; '))}. ` : 'Applied. ';
    entry.note =
      fresh.length > 0
        ? { text: `${prefix}${fresh.length} new problem${fresh.length === 1 ? '' : 's'}.`, warning: true, actions: ['fix-problems', 'undo'] }
        : { text: `${prefix}No new problems.`, warning: earlier.length > 0, actions: ['undo'] };
    this.fire(entry);
  }

  /** Puts the files back as they were before the last apply, if nobody changed them since. */
  async undo(proposalId: string): Promise<void> {
    const entry = this.entries.get(proposalId);
    const applied = entry?.applied;
    if (!entry || !applied || !mayWrite('undo the edit')) return;
    const edit = new vscode.WorkspaceEdit();
    for (const { uri, before, after } of applied.texts) {
      const live = await readText(uri);
      if (live !== after) {
        void vscode.window.showWarningMessage(`Parley: ${displayPath(uri)} changed since the edit was applied; use Edit > Undo in its editor instead.`);
        return;
      }
      if (before === undefined) edit.deleteFile(uri, { ignoreIfNotExists: true });
      else replaceChanged(edit, await vscode.workspace.openTextDocument(uri), live, before);
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage('Parley could not undo the edit; use Edit > Undo in its editor.');
      return;
    }
    entry.applied = undefined;
    entry.proposal = {
      ...entry.proposal,
      files: entry.proposal.files.map((f) => ({ ...f, status: Object.fromEntries(Object.entries(f.status).filter(([, s]) => s !== 'accepted')) })),
    };
    entry.note = { text: 'Undone: the files are as they were before.', warning: false, actions: [] };
    this.fire(entry);
  }

  /** The message that asks the model to fix what could not be applied, or to fix the new problems. */
  fixMessage(proposalId: string, what: 'refused' | 'problems'): string | undefined {
    const entry = this.entries.get(proposalId);
    if (!entry) return undefined;
    if (what === 'refused') return entry.proposal.refused.length > 0 ? fixRequest(entry.proposal.refused) : undefined;
    const problems = entry.applied?.newProblems ?? [];
    if (problems.length === 0) return undefined;
    return `After your edit was applied, these new problems appeared:\n${problems.map((p) => `- ${p}`).join('\n')}\n\nPlease fix them with SEARCH/REPLACE blocks.`;
  }

  /** The proposal's text of a file: the diff editor's buffer when the person has edited it, else the stored one. */
  proposedText(proposalId: string, filePath: string): string | undefined {
    return this.entries.get(proposalId)?.proposal.files.find((f) => f.path === filePath)?.proposed;
  }

  baseText(proposalId: string, filePath: string): string | undefined {
    return this.entries.get(proposalId)?.proposal.files.find((f) => f.path === filePath)?.base;
  }

  uriFor(proposalId: string, filePath: string): vscode.Uri | undefined {
    return this.entries.get(proposalId)?.uris.get(filePath);
  }

  /** The files of the proposals for the document at `uri` that still have undecided changes, newest first. */
  pendingIn(uri: vscode.Uri): { readonly proposalId: string; readonly file: ProposalFile }[] {
    const key = uri.toString();
    return [...this.entries.values()].reverse().flatMap((entry) =>
      entry.proposal.files
        .filter((file) => entry.uris.get(file.path)?.toString() === key && pendingHunks(file).length > 0)
        .map((file) => ({ proposalId: entry.proposal.id, file })),
    );
  }

  private async correctedText(entry: Entry, file: ProposalFile): Promise<ProposalFile> {
    // An unsaved correction in the diff editor counts: the person sees it as the proposal.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === PROPOSAL_SCHEME && d.uri.path === proposalPath(entry.proposal.id, file.path));
    if (!open) return file;
    const corrected = withProposedText(file, open.getText());
    this.replaceFiles(entry, [corrected]);
    // Saved into the proposal (not to disk): closing the diff editor then asks nothing.
    if (open.isDirty) await open.save();
    return corrected;
  }

  private cautionFor(entry: Entry, file: ProposalFile): string | undefined {
    const uri = entry.uris.get(file.path);
    // A file on disk outside the workspace needs a yes; an untitled buffer or a notebook cell is the person's own.
    const outside = !uri || ((uri.scheme === 'file' || uri.scheme === 'vscode-remote') && !isInWorkspace(uri));
    return cautionOf(file, outside);
  }

  private replaceFiles(entry: Entry, files: readonly ProposalFile[]): void {
    const byPath = new Map(files.map((f) => [f.path, f]));
    entry.proposal = { ...entry.proposal, files: entry.proposal.files.map((f) => byPath.get(f.path) ?? f) };
  }

  private view(entry: Entry): ProposalView {
    const cautions = new Map(entry.proposal.files.map((f) => [f.path, this.cautionFor(entry, f)]));
    const restricted = !vscode.workspace.isTrusted && entry.proposal.files.some((f) => pendingHunks(f).length > 0);
    const note = entry.note ?? (restricted ? { text: RESTRICTED_NOTE, warning: true, actions: [] } : undefined);
    return proposalView(entry.proposal, cautions, note);
  }

  private fire(entry: Entry): void {
    this.changed.fire({ conversationId: entry.origin.conversationId, view: this.view(entry) });
    if (entry.settled || entry.proposal.files.length === 0 || !isSettled(entry.proposal)) return;
    entry.settled = true;
    this.settledEmitter.fire({
      proposalId: entry.proposal.id,
      createdAt: entry.proposal.createdAt,
      messages: [...entry.origin.messages],
      answer: entry.origin.answer,
      files: entry.proposal.files.map((f) => ({
        path: f.path,
        languageId: languageOf(entry.uris.get(f.path) ?? vscode.Uri.file(f.path)),
        isNew: f.isNew,
        base: f.base,
        modelText: f.modelText,
        proposed: f.proposed,
        status: { ...f.status },
      })),
    });
  }

  private uriOf(filePath: string): vscode.Uri | undefined {
    if (path.isAbsolute(filePath)) return vscode.Uri.file(filePath);
    return this.files.resolve(filePath);
  }

  dispose(): void {
    this.trusted.dispose();
    this.changed.dispose();
    this.settledEmitter.dispose();
  }
}

export const PROPOSAL_SCHEME = 'parley-proposal';

/** The proposal side's path in the parley-proposal scheme: /<proposal id>/<file path>. */
export const proposalPath = (proposalId: string, filePath: string): string => `/${proposalId}/${filePath.replace(/^\/+/, '')}`;

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The text of a file: its open buffer when there is one (saved or not), else the disk; undefined if there is no
 * such file. Any other failure throws: an existing file that cannot be read must never pass for a new, empty one.
 */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
    throw err;
  }
}

export async function readOnlyReason(uri: vscode.Uri): Promise<string | undefined> {
  const readOnly = `${path.basename(uri.path)} is read-only; nothing was written to it (Open diff shows the change to copy by hand)`;
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === false) return readOnly;
  try {
    // A file on this machine is asked directly: the round trip through the workbench costs a few hundred ms in a
    // remote window. Root may write anything, so the mode bits are what say the file is meant to be read-only.
    if (uri.scheme === 'file') return ((await nodeFs.stat(uri.fsPath)).mode & 0o222) === 0 ? readOnly : undefined;
    // Elsewhere VS Code reports a file without write permission as locked (a permission flag the API does not name).
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.permissions !== undefined && (stat.permissions as number) !== 0) return readOnly;
  } catch {
    // A file that does not exist yet is created: nothing to check. Any other failure shows up when the edit is
    // applied, whose result is checked.
  }
  return undefined;
}

/**
 * Replaces only the lines that differ, each stretch as its own edit of one WorkspaceEdit: the cursor, folds and
 * markers elsewhere stay, and VS Code handles a hundred small edits far faster than one that spans the file.
 */
function replaceChanged(edit: vscode.WorkspaceEdit, document: vscode.TextDocument, from: string, to: string): void {
  const old = linesOf(from);
  const next = linesOf(to);
  const starts = (broken: typeof old): number[] => {
    const out = [0];
    broken.lines.forEach((line, i) => out.push(out[i]! + line.length + (broken.breaks[i]?.length ?? 0)));
    return out;
  };
  const oldStarts = starts(old);
  const nextStarts = starts(next);
  for (const change of lineChanges([...old.lines], [...next.lines])) {
    const range = new vscode.Range(document.positionAt(oldStarts[change.baseStart]!), document.positionAt(oldStarts[change.baseEnd]!));
    edit.replace(document.uri, range, to.slice(nextStarts[change.otherStart], nextStarts[change.otherEnd]));
  }
}

function problemCounts(uris: readonly vscode.Uri[]): Map<string, number> {
  return new Map(
    uris.map((uri) => [uri.toString(), vscode.languages.getDiagnostics(uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).length]),
  );
}

/** Resolves when the language servers have reported on these files (or after `ms`, when they stay quiet). */
function waitForDiagnostics(uris: readonly vscode.Uri[], ms: number): Promise<void> {
  const wanted = new Set(uris.map((u) => u.toString()));
  return new Promise((resolve) => {
    let settle: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(timer);
      if (settle) clearTimeout(settle);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      // Servers often report in several passes: wait for a short quiet spell after the first report.
      if (!e.uris.some((u) => wanted.has(u.toString()))) return;
      if (settle) clearTimeout(settle);
      settle = setTimeout(done, 300);
    });
  });
}
