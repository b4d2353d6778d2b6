// Learning from corrections: when a proposal is settled, the example it makes (the messages that led to the answer,
// the model's answer, and the answer as the person corrected it) is kept on this machine, one file per example,
// with secrets replaced and excluded files left out. The Corrections view lists them with the model's text and
// the person's side by side; Export Corrections… writes them as JSONL for fine-tuning; Lessons puts the most
// relevant recent ones into the prompt as a chip.
import * as vscode from 'vscode';
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { buildExample, isCorrectionExample } from '../core/corrections/example';
import type { CorrectionExample, CorrectionSource } from '../core/corrections/example';
import { exportChat, exportPreferences } from '../core/corrections/export';
import { lessonText, selectLessons } from '../core/corrections/lessons';
import { applyHunks, hunksOf } from '../core/edits/hunks';
import { detectLineBreak } from '../core/edits/layout';
import { exclusionOf } from '../core/context/items';
import type { ContextItem, ExclusionList } from '../core/context/items';
import { errorCode, writeFileAtomically } from '../core/atomicFile';
import { isSafeId } from '../core/chat/ids';
import { loadModelClient } from './modelClient';
import type { Config } from './config';

/** What is kept for one correction: the example, and each file as the model proposed it and as it was accepted. */
interface StoredCorrection {
  readonly example: CorrectionExample;
  readonly files: readonly { readonly path: string; readonly model: string; readonly accepted: string }[];
}

const SCHEME = 'parley-correction';
const TOLD_KEY = 'parley.corrections.told';

export class Corrections implements vscode.Disposable, vscode.TreeDataProvider<StoredCorrection> {
  private cache: Promise<StoredCorrection[]> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly recorded = new vscode.EventEmitter<CorrectionExample>();
  /** A correction was written to disk. */
  readonly onDidRecord = this.recorded.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.recorded];

  constructor(
    readonly dir: string,
    private readonly state: vscode.Memento,
    private readonly exclusions: () => ExclusionList[],
    private readonly config: Pick<Config, 'read'>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => this.sideText(uri) }),
    );
  }

  /** Records the example a settled proposal makes, unless recording is off or its files are excluded. */
  async record(settled: CorrectionSource): Promise<void> {
    if (!this.config.read().recordCorrections) return;
    const excluded = settled.files.find((f) => exclusionOf(f.path, this.exclusions()));
    if (excluded) {
      this.log.info(`Not recording the correction to ${excluded.path}: the file is excluded.`);
      return;
    }
    const { redactSecrets } = await loadModelClient();
    const clean = async (text: string) => (await redactSecrets(text)).text;
    // The messages went out redacted already; the answer and the files are scanned like anything that leaves.
    const source = {
      ...settled,
      answer: await clean(settled.answer),
      files: await Promise.all(
        settled.files.map(async (f) => ({ ...f, base: await clean(f.base), modelText: await clean(f.modelText), proposed: await clean(f.proposed) })),
      ),
    };
    const example = buildExample(source);
    if (!example) return;
    const files = source.files.map((f) => ({ path: f.path, model: f.modelText, accepted: acceptedText(f) }));
    const stored: StoredCorrection = { example, files };
    try {
      await nodeFs.mkdir(this.dir, { recursive: true });
      await writeFileAtomically(nodeFs, this.fileOf(example.id), JSON.stringify(stored));
    } catch (err) {
      this.log.warn(`Could not record a correction: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.cache = undefined;
    this.changed.fire();
    this.recorded.fire(example);
    this.log.info(`Recorded a correction (${example.kind}) for ${example.paths.join(', ')}.`);
    if (!this.state.get<boolean>(TOLD_KEY)) {
      await this.state.update(TOLD_KEY, true);
      void vscode.window.showInformationMessage(
        `Parley keeps what you accept and correct in its proposals, with the question that led to them, on this machine only (${this.dir}), to export for fine-tuning and to learn from; parley.corrections.record turns it off.`,
      );
    }
  }

  /** Every recorded correction, newest first; a damaged file is skipped and logged, never deleted. */
  list(): Promise<StoredCorrection[]> {
    this.cache ??= this.load();
    return this.cache;
  }

  private async load(): Promise<StoredCorrection[]> {
    let names: string[];
    try {
      names = await nodeFs.readdir(this.dir);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') this.log.warn(`Could not read the corrections folder: ${String(err)}`);
      return [];
    }
    const read = await Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (name) => {
          try {
            const stored = JSON.parse(await nodeFs.readFile(path.join(this.dir, name), 'utf8')) as StoredCorrection;
            if (isCorrectionExample(stored.example) && Array.isArray(stored.files)) return [stored];
            this.log.warn(`Skipped a correction file in an unknown shape: ${name}`);
            return [];
          } catch {
            this.log.warn(`Skipped a damaged correction file: ${name}`);
            return [];
          }
        }),
    );
    return read.flat().sort((a, b) => b.example.createdAt - a.example.createdAt);
  }

  async delete(target?: StoredCorrection): Promise<void> {
    const all = await this.list();
    const doomed = target ? [target] : all;
    if (!target) {
      const yes = 'Delete All';
      const answer = await vscode.window.showWarningMessage(`Delete all ${all.length} recorded corrections? This cannot be undone.`, { modal: true }, yes);
      if (answer !== yes) return;
    }
    await Promise.all(doomed.map((c) => nodeFs.rm(this.fileOf(c.example.id), { force: true })));
    this.cache = undefined;
    this.changed.fire();
  }

  /** The model's text and the person's, side by side in VS Code's diff editor. */
  async open(correction: StoredCorrection, filePath?: string): Promise<void> {
    const file = correction.files.find((f) => filePath === undefined || f.path === filePath) ?? correction.files[0];
    if (!file) return;
    const side = (which: 'model' | 'accepted') =>
      vscode.Uri.from({ scheme: SCHEME, path: `/${correction.example.id}/${file.path}`, query: which });
    await vscode.commands.executeCommand('vscode.diff', side('model'), side('accepted'), `${path.basename(file.path)}: the model's ↔ yours`, { preview: true });
  }

  private async sideText(uri: vscode.Uri): Promise<string> {
    const [, id, ...rest] = uri.path.split('/');
    const correction = (await this.list()).find((c) => c.example.id === id);
    const file = correction?.files.find((f) => f.path === rest.join('/'));
    if (!file) return 'This correction has been deleted.';
    return uri.query === 'model' ? file.model : file.accepted;
  }

  /** Parley: Export Corrections…: a format, a file, and a report of what was written and what was skipped. */
  async export(): Promise<void> {
    const all = await this.list();
    if (all.length === 0) {
      void vscode.window.showInformationMessage('Parley has no corrections to export yet: they are recorded when you accept or reject its proposals.');
      return;
    }
    const format = await vscode.window.showQuickPick(
      [
        { label: 'Chat fine-tuning', description: '{"messages": [...]}, the answer as you corrected it', value: 'chat' as const },
        { label: 'Preference pairs', description: '{"prompt", "chosen": yours, "rejected": the model\'s}', value: 'preferences' as const },
      ],
      { title: `Parley: Export ${all.length} Corrections`, placeHolder: 'Which format?' },
    );
    if (!format) return;
    const target = await vscode.window.showSaveDialog({
      title: 'Export corrections as JSONL',
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(this.dir), `parley-${format.value}.jsonl`),
      filters: { 'JSON Lines': ['jsonl'] },
    });
    if (!target) return;
    const report = await this.exportTo(format.value, target);
    const skipped = report.skipped.length > 0 ? ` Skipped ${report.skipped.length}: ${summarize(report.skipped.map((s) => s.reason))}.` : '';
    for (const s of report.skipped) this.log.info(`Export skipped ${s.id}: ${s.reason}`);
    void vscode.window.showInformationMessage(`Parley wrote ${report.written} example${report.written === 1 ? '' : 's'} (about ${report.tokens} tokens) to ${path.basename(target.path)}.${skipped}`);
  }

  /** Writes the JSONL file; every line is validated first, and lines that would carry a secret are skipped. */
  async exportTo(format: 'chat' | 'preferences', target: vscode.Uri): Promise<{ written: number; tokens: number; skipped: readonly { readonly id: string; readonly reason: string }[] }> {
    const all = (await this.list()).map((c) => c.example);
    const guard = await this.guardFor(all);
    const result = format === 'chat' ? exportChat(all, guard) : exportPreferences(all, guard);
    await vscode.workspace.fs.writeFile(target, Buffer.from(result.text, 'utf8'));
    return { written: result.written, tokens: result.tokens, skipped: result.skipped };
  }

  /**
   * The export's check for secrets and excluded files. Secret scanning is asynchronous, so every text the examples
   * hold is scanned here first, and the guard answers from those results.
   */
  private async guardFor(examples: readonly CorrectionExample[]): Promise<{ secrets(text: string): number; excluded(text: string): string | undefined }> {
    const { redactSecrets } = await loadModelClient();
    const found = new Map<string, number>();
    const texts = new Set(examples.flatMap((e) => [e.modelAnswer, e.correctedAnswer, ...e.messages.map((m) => m.content)]));
    for (const text of texts) found.set(text, (await redactSecrets(text)).redactions.length);
    const lists = this.exclusions();
    return {
      secrets: (text) => found.get(text) ?? 0,
      excluded: (text) => {
        const named = /^File (\S+):$/m.exec(text)?.[1];
        return named ? exclusionOf(named, lists) : undefined;
      },
    };
  }

  /** The lessons chip's item: the few most relevant corrections as short before/after examples. */
  async lessonsFor(languageId: string, filePath: string): Promise<ContextItem | undefined> {
    const chosen = selectLessons((await this.list()).map((c) => c.example), { languageId, path: filePath, now: Date.now() });
    if (chosen.length === 0) return undefined;
    return {
      id: 'lessons',
      kind: 'lessons',
      explicit: false,
      label: `${chosen.length} lesson${chosen.length === 1 ? '' : 's'}`,
      detail: `Your corrections to ${chosen.length} earlier proposal${chosen.length === 1 ? '' : 's'} for similar code, as short before/after examples (parley.lessons.enabled).`,
      text: lessonText(chosen),
      excluded: undefined,
      secret: false,
    };
  }

  // ---- the Corrections view

  getTreeItem(correction: StoredCorrection): vscode.TreeItem {
    const { example } = correction;
    const item = new vscode.TreeItem(example.paths.map((p) => path.basename(p)).join(', ') || 'correction');
    item.description = `${KIND_LABELS[example.kind]} · ${new Date(example.createdAt).toLocaleString()}`;
    item.tooltip = new vscode.MarkdownString(`**${KIND_LABELS[example.kind]}**: ${example.paths.join(', ')}\n\n${firstLine(example.messages.at(-1)?.content ?? '')}`);
    item.iconPath = new vscode.ThemeIcon(example.kind === 'rejected' ? 'close' : example.kind === 'accepted' ? 'check' : 'edit');
    item.contextValue = 'parley-correction';
    item.command = { command: 'parley.corrections.open', title: 'Show the model’s text and yours', arguments: [correction] };
    return item;
  }

  getChildren(element?: StoredCorrection): Promise<StoredCorrection[]> | StoredCorrection[] {
    return element ? [] : this.list();
  }

  private fileOf(id: string): string {
    if (!isSafeId(id)) throw new Error(`Not a correction id: ${id}`);
    return path.join(this.dir, `${id}.json`);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

const KIND_LABELS: Record<CorrectionExample['kind'], string> = {
  corrected: 'corrected',
  partial: 'partly accepted',
  accepted: 'accepted as proposed',
  rejected: 'rejected',
};

/** The file as the person accepted it: the base with the accepted hunks of their corrected proposal. */
function acceptedText(file: CorrectionSource['files'][number]): string {
  const hunks = hunksOf(file.base, file.proposed);
  const accepted = new Set(hunks.filter((h) => file.status[h.id] === 'accepted').map((h) => h.id));
  return applyHunks(file.base, hunks, accepted, detectLineBreak(file.base));
}

const firstLine = (text: string): string => text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('```'))?.slice(0, 120) ?? '';

/** "2 had no corrected answer, 1 holds a secret": each reason once, with its count. */
function summarize(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, n]) => (n > 1 ? `${n} × ${reason}` : reason)).join('; ');
}
