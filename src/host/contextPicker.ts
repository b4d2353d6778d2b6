// The `#` picker behind the input: what the person types after # is matched against the workspace's files,
// the special sources (#selection, #problems, #changes) and, from two letters on, the symbols the language
// servers know. Choosing an entry adds it as a chip. Matching happens here, next to the file list, so the
// view sends only what was typed and gets back the few entries to show. A file whose text is never sent
// (excluded, or named by a .gitignore) is listed too, withheld and saying why, so the person can tell it exists:
// choosing it adds the locked chip, and its content is never read. #codebase searches the workspace's index for
// the question and adds the best chunks as chips.
import * as vscode from 'vscode';
import { fuzzyFilter } from '../core/context/fuzzy';
import { changesItem, exclusionReason, symbolItem, withheldFileItem, workspaceProblemsItem } from '../core/context/explicit';
import type { PickEntry } from '../core/protocol';
import type { ContextCollector } from './contextCollector';
import type { FileIndex } from './fileIndex';
import type { CodebaseIndex, CodebaseState } from './codebaseIndex';
import { findSymbols, symbolCode, workingTreeChanges, workspaceProblems } from './contextSources';
import type { FoundSymbol } from './contextSources';

const SOURCES: readonly { readonly ref: 'selection' | 'problems' | 'changes'; readonly description: string }[] = [
  { ref: 'selection', description: 'what is selected in the editor now' },
  { ref: 'problems', description: 'the problems of the whole workspace' },
  { ref: 'changes', description: 'the uncommitted changes (Git)' },
];

export class ContextPicker {
  /** The symbols of the last answer, so a chosen entry can be found again by its index. */
  private symbols: FoundSymbol[] = [];

  constructor(
    private readonly files: FileIndex,
    private readonly context: ContextCollector,
    private readonly log: vscode.LogOutputChannel,
    private readonly codebase: CodebaseIndex,
  ) {}

  async query(text: string): Promise<{ entries: PickEntry[]; note: string | undefined }> {
    const query = text.trim();
    const symbolOnly = /^symbol[:\s]/i.exec(query);
    const symbolQuery = symbolOnly ? query.slice(symbolOnly[0].length).trim() : query;
    const entries: PickEntry[] = [];
    // The special sources come first when what is typed starts their name; otherwise after the files.
    const sources: PickEntry[] = [];
    const later: PickEntry[] = [];
    if (!symbolOnly) {
      const codebase = { ref: 'codebase', description: codebaseDescription(this.codebase.state) } as const;
      for (const source of [...SOURCES, codebase, { ref: 'symbol-mode', description: 'a function or class by name: type #symbol: and its name' }] as const) {
        const label = source.ref === 'symbol-mode' ? 'symbol' : source.ref;
        const matched = fuzzyFilter([label], query, 1)[0];
        if (!matched) continue;
        const kind = source.ref === 'symbol-mode' ? 'symbol' : source.ref === 'codebase' ? 'workspace' : source.ref;
        (label.startsWith(query.toLowerCase()) ? sources : later).push({ ref: source.ref, kind, label, description: source.description, positions: matched.positions });
      }
    }
    entries.push(...sources);
    let note: string | undefined;
    if (!vscode.workspace.workspaceFolders?.length) note = 'No folder is open: only #selection and #problems can be added.';
    else if (!symbolOnly) entries.push(...(await this.fileEntries(query)));
    entries.push(...later);
    this.symbols = symbolQuery.length >= 2 ? await findSymbols(symbolQuery).catch(() => []) : [];
    this.symbols.forEach((s, i) =>
      entries.push({ ref: `symbol:${i}`, kind: 'symbol', label: s.name, description: `${s.kind} in ${s.path}:${s.location.range.start.line + 1}`, positions: [] }),
    );
    if (entries.length === 0 && !note) note = symbolOnly ? 'No symbol by that name (are the language servers still starting?).' : 'Nothing matches.';
    return { entries, note };
  }

  /**
   * The files matching the query, best first. Git-ignored files are matched only once something is typed: a
   * bare # lists what can be sent.
   */
  private async fileEntries(query: string): Promise<PickEntry[]> {
    const [files, ignored] = await Promise.all([this.files.list(), query === '' ? [] : this.files.ignored()]);
    const reasons = new Map<string, string>();
    for (const file of files) {
      const reason = exclusionReason(file.path, this.context.exclusions(file.uri));
      if (reason) reasons.set(file.path, reason);
    }
    for (const file of ignored) reasons.set(file.path, exclusionReason(file.path, this.context.exclusions(file.uri)) ?? `ignored by ${file.gitignore}`);
    return fuzzyFilter([...files, ...ignored].map((f) => f.path), query, 30).map((match) => {
      const slash = match.path.lastIndexOf('/');
      const withheld = reasons.get(match.path);
      return {
        ref: `file:${match.path}`,
        kind: 'file',
        label: match.path.slice(slash + 1),
        description: slash > 0 ? match.path.slice(0, slash) : '',
        // Positions are in the path; the view highlights the file name's part.
        positions: match.positions.filter((p) => p > slash).map((p) => p - slash - 1),
        ...(withheld ? { withheld } : {}),
      };
    });
  }

  /** Adds the chosen entry as a chip; says so when it cannot be added. */
  async choose(ref: string): Promise<void> {
    const editor = this.context.lastEditor;
    try {
      if (ref === 'selection') {
        if (!editor || !this.context.addSelection(editor)) void vscode.window.showInformationMessage('Parley: select some code in an editor first, then add #selection.');
      } else if (ref === 'problems') {
        const problems = () => Promise.resolve(workspaceProblemsItem(workspaceProblems()));
        this.context.add(await problems(), problems);
      } else if (ref === 'changes') {
        const changes = async () => changesItem(await workingTreeChanges(), this.context.exclusions());
        this.context.add(await changes(), changes);
      } else if (ref === 'codebase' || ref.startsWith('codebase:')) {
        await this.addCodebase(ref.slice('codebase:'.length).trim());
      } else if (ref.startsWith('file:')) {
        const path = ref.slice('file:'.length);
        const ignored = (await this.files.ignored()).find((f) => f.path === path);
        const reason = ignored && (exclusionReason(path, this.context.exclusions(ignored.uri)) ?? `ignored by ${ignored.gitignore}`);
        if (reason) {
          this.context.add(withheldFileItem(path, reason));
          return;
        }
        // A file created since the list was made is not in it yet: look for it in the workspace folder.
        const file = (await this.files.list()).find((f) => f.path === path)?.uri ?? this.files.resolve(path);
        if (file) await this.context.addFile(file);
      } else if (ref.startsWith('symbol:')) {
        const symbol = this.symbols[Number(ref.slice('symbol:'.length))];
        if (!symbol) return;
        const code = await symbolCode(symbol);
        this.context.add(symbolItem({ name: symbol.name, kind: symbol.kind, path: symbol.path, ...code }, this.context.exclusions(symbol.location.uri)));
      }
    } catch (err) {
      this.log.warn(`Could not add ${ref} to the context: ${err instanceof Error ? err.message : String(err)}`);
      void vscode.window.showWarningMessage(`Parley could not add ${ref.replace(/^file:/, '')}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * #codebase: the chunks that best match the question become chips, removable before sending. `codebase:<text>`
   * brings the question; a bare `codebase` asks for it.
   */
  private async addCodebase(question: string): Promise<void> {
    const asked = question || (await vscode.window.showInputBox({ title: '#codebase', prompt: 'What should Parley look for in the workspace?', placeHolder: 'e.g. where is the retry delay computed' }));
    if (!asked?.trim()) return;
    for (const item of await this.codebase.search(asked.trim())) this.context.add(item);
  }
}

function codebaseDescription(state: CodebaseState): string {
  switch (state.kind) {
    case 'indexing':
      return `the code that matches your question (indexing: ${state.done.toLocaleString('en-US')} of ${state.total.toLocaleString('en-US')} files)`;
    case 'ready':
      return `the code that matches your question, from ${state.files.toLocaleString('en-US')} indexed files`;
    case 'failed':
      return 'the code that matches your question (the index failed: see the Parley log)';
    case 'idle':
      return 'the code that matches your question (indexes the workspace first)';
  }
}
