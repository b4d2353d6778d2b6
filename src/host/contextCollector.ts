// Watches the editor the person works in and turns it into context for the next question: the file, the
// selection and the problems, as chips the view shows with their token counts. The person can leave a chip out
// of the next question, and preview exactly what one sends.
import * as vscode from 'vscode';
import { contextItems, DEFAULT_EXCLUSIONS } from '../core/context/items';
import type { ContextItem, ContextItemId, DiagnosticSnapshot, EditorSnapshot, ExclusionList } from '../core/context/items';
import type { ChipView } from '../core/protocol';
import type { TokenCounter } from './tokenCounter';

/** Files longer than this are sent as a window around the cursor (about 6,000 tokens). */
const MAX_FILE_CHARS = 24_000;
/** Typing and moving the cursor settle before the chips are worked out again. */
const DEBOUNCE_MS = 150;
const PREVIEW_SCHEME = 'parley-context';

const SEVERITIES: Record<vscode.DiagnosticSeverity, DiagnosticSnapshot['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'info',
};

export class ContextCollector implements vscode.Disposable {
  private editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private items: ContextItem[] = [];
  private readonly removed = new Set<ContextItemId>();
  private readonly tokens = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  /** The lines of .parleyignore at the workspace root, read when it changes. */
  private parleyignore: readonly string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly previewChanged = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when the chips changed (the editor, the selection, the problems, or a token count). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly counter: TokenCounter) {
    this.subscriptions = [
      this.changed,
      this.previewChanged,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
        onDidChange: this.previewChanged.event,
        provideTextDocumentContent: (uri) => this.previewText(uri),
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus moving to the chat view leaves no active editor: keep the one the person was in.
        if (editor) this.editor = editor;
        this.schedule();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === this.editor) this.schedule();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.editor?.document) this.schedule();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = this.editor?.document.uri.toString();
        if (uri && e.uris.some((u) => u.toString() === uri)) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('parley.excludeFiles')) this.schedule();
      }),
      // Read at activation, not on first use: the list must be known before the first question can go out.
      ...this.watchParleyignore(),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.editor?.document) {
          this.editor = undefined;
          this.schedule();
        }
      }),
    ];
  }

  chips(): ChipView[] {
    // Worked out on first use, not at activation: reading the editor and counting tokens can wait for the view.
    if (!this.started) this.refresh();
    return this.items.map((item) => ({
      id: item.id,
      label: item.label,
      detail: item.detail,
      tokens: item.text === '' ? undefined : this.tokens.get(item.text),
      excluded: item.excluded !== undefined,
      removed: this.removed.has(item.id),
    }));
  }

  /** The items the next question carries (all but those the person left out); the chips come back after. */
  takeForQuestion(): ContextItem[] {
    this.refresh();
    const kept = this.items.filter((item) => !this.removed.has(item.id) && item.excluded === undefined);
    if (this.removed.size > 0) {
      this.removed.clear();
      this.changed.fire();
    }
    return kept;
  }

  toggle(id: ContextItemId): void {
    if (!this.removed.delete(id)) this.removed.add(id);
    this.changed.fire();
  }

  /** Opens exactly what a chip sends, read-only, beside the editor. */
  async preview(id: ContextItemId): Promise<void> {
    const item = this.items.find((i) => i.id === id);
    if (!item) return;
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${item.label}.md` });
    this.previewChanged.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  }

  private previewText(uri: vscode.Uri): string {
    const item = this.items.find((i) => `/${i.label}.md` === uri.path);
    if (!item) return 'This context is no longer current: the editor has changed since.';
    return item.excluded ?? item.text;
  }

  private watchParleyignore(): vscode.Disposable[] {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return [];
    const file = vscode.Uri.joinPath(folder.uri, '.parleyignore');
    const read = async () => {
      try {
        this.parleyignore = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8').split(/\r?\n/);
      } catch {
        this.parleyignore = [];
      }
      this.schedule();
    };
    void read();
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.parleyignore'));
    return [watcher, watcher.onDidCreate(read), watcher.onDidChange(read), watcher.onDidDelete(read)];
  }

  private exclusions(): ExclusionList[] {
    const setting = vscode.workspace.getConfiguration('parley', this.editor?.document.uri).get<string[]>('excludeFiles', []);
    return [
      DEFAULT_EXCLUSIONS,
      { source: 'the parley.excludeFiles setting', patterns: Array.isArray(setting) ? setting.filter((p) => typeof p === 'string') : [] },
      { source: '.parleyignore', patterns: this.parleyignore },
    ];
  }

  private schedule(): void {
    // Until the view first asks for chips there is nothing to update (and no reason to start the tokenizer).
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
      this.changed.fire();
    }, DEBOUNCE_MS);
  }

  private refresh(): void {
    this.started = true;
    this.items = contextItems(this.snapshot(), { maxFileChars: MAX_FILE_CHARS, exclusions: this.exclusions() });
    const uncounted = this.items.map((i) => i.text).filter((t) => t !== '' && !this.tokens.has(t));
    if (uncounted.length === 0) return;
    void this.counter.count(uncounted).then(({ counts }) => {
      if (this.tokens.size > 200) this.tokens.clear();
      uncounted.forEach((text, i) => this.tokens.set(text, counts[i] ?? 0));
      this.changed.fire();
    });
  }

  private snapshot(): EditorSnapshot | undefined {
    const editor = this.editor;
    if (!editor || editor.document.isClosed) return undefined;
    const { document, selection } = editor;
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return undefined;
    const path = document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false);
    const diagnostics = vscode.languages.getDiagnostics(document.uri).map((d) => ({
      line: d.range.start.line + 1,
      severity: SEVERITIES[d.severity],
      message: d.message,
      ...(d.source ? { source: d.source } : {}),
    }));
    return {
      path,
      languageId: document.languageId,
      text: document.getText(),
      cursorLine: selection.active.line + 1,
      selection: selection.isEmpty
        ? undefined
        : { startLine: selection.start.line + 1, endLine: selection.end.line + 1, text: document.getText(selection) },
      diagnostics,
    };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
