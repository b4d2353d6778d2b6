// The context the next question carries, as chips above the input. Implicit context comes from the editor the
// person works in (the file, the selection, its problems, one line about the workspace); explicit context is
// what they add with # or Add to Parley. A chip can be left out of the next question, pinned for the whole
// conversation, or previewed: the preview is exactly the text that is sent, secrets already replaced.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { contextItems, DEFAULT_EXCLUSIONS, exclusionOf, selectionItem, withheld } from '../core/context/items';
import type { ContextItem, EditorDetails, EditorOrigin, EditorSnapshot, ExclusionList, OutlineEntry, WorkspaceSummary } from '../core/context/items';
import { fileItem } from '../core/context/explicit';
import type { Redaction } from '../core/chat/conversation';
import type { ChipView } from '../core/protocol';
import type { TokenCounter } from './tokenCounter';
import { diagnosticSnapshots, displayPath, isInWorkspace, languageOf, lastSelectedLine, outlineOf, readForContext } from './contextSources';
import type { FileIndex } from './fileIndex';
import type { Config } from './config';
import { loadModelClient } from './modelClient';
import { ProjectFiles } from './instructions';

/** Files longer than this are sent as a window around the cursor (about 6,000 tokens). */
export const MAX_FILE_CHARS = 24_000;
/** Typing and moving the cursor settle before the chips are worked out again. */
const DEBOUNCE_MS = 150;
const PREVIEW_SCHEME = 'parley-context';
/** How many texts the token and redaction memos keep before starting over. */
const MEMO_LIMIT = 200;

/** Something the person added: re-read before each question, so a file's chip sends its current text. */
interface Added {
  item: ContextItem;
  readonly refresh: (() => Promise<ContextItem>) | undefined;
  pinned: boolean;
}

export class ContextCollector implements vscode.Disposable {
  private editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private implicit: ContextItem[] = [];
  private added: Added[] = [];
  private readonly removed = new Set<string>();
  private readonly tokens = new Map<string, number>();
  private readonly secrets = new Map<string, { readonly text: string; readonly redactions: readonly Redaction[] }>();
  private outline: { readonly key: string; readonly entries: readonly OutlineEntry[] | undefined } | undefined;
  private languages: readonly string[] = [];
  private lessons: ((languageId: string, path: string) => Promise<ContextItem | undefined>) | undefined;
  private lessonsCache: { readonly key: string; readonly item: ContextItem | undefined } | undefined;
  private fromQuestion: ((question: string) => Promise<ContextItem[]>) | undefined;
  /** The instruction and prompt files of the project. */
  readonly projectFiles: ProjectFiles;
  /** The instructions for the active file, by its path and the files' generation; `read` settles when known. */
  private instructionsCache: { readonly key: string; item: ContextItem | undefined; readonly read: Promise<void>; settled: boolean } | undefined;
  private instructionsGeneration = 0;
  /** The person removed the instructions chip: left out for the rest of this chat. */
  private instructionsOff = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  /**
   * The patterns of .parleyignore at the workspace root, read when it changes; every file while it cannot be read
   * (fail closed: a file that says what to keep back must not count as saying nothing).
   */
  private parleyignore: ExclusionList = { source: '.parleyignore', patterns: [] };
  /** The first read of .parleyignore: no question goes out before it is known. */
  private parleyignoreRead: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly previewChanged = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when the chips changed (the editor, the selection, the problems, what was added, or a count). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly counter: TokenCounter,
    private readonly files: FileIndex,
    private readonly config: Config,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.projectFiles = new ProjectFiles((uri) => this.exclusions(uri), config, log);
    this.subscriptions = [
      this.projectFiles,
      this.projectFiles.onDidChange(() => {
        this.instructionsGeneration++;
        this.schedule();
      }),
      this.changed,
      this.previewChanged,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
        onDidChange: this.previewChanged.event,
        provideTextDocumentContent: (uri) => this.previewText(uri),
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus moving to the chat view leaves no active editor: keep the one the person was in, as long as it
        // is still on screen (closing the last editor leaves none).
        if (editor) this.editor = editor;
        else if (this.editor && !vscode.window.visibleTextEditors.includes(this.editor)) this.editor = undefined;
        this.schedule();
      }),
      vscode.window.onDidChangeVisibleTextEditors((visible) => {
        if (this.editor && !visible.includes(this.editor)) {
          this.editor = vscode.window.activeTextEditor;
          this.schedule();
        }
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
      vscode.window.tabGroups.onDidChangeTabs(() => this.schedule()),
      config.onDidChange((change) => {
        if (change.affects('excludeFiles') || change.affects('lessons.enabled')) this.schedule();
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

  /** The text editor the person was last in (the chat view taking focus does not change it). */
  get lastEditor(): vscode.TextEditor | undefined {
    return this.editor;
  }

  chips(): ChipView[] {
    // Worked out on first use, not at activation: reading the editor and counting tokens can wait for the view.
    if (!this.started) this.refresh();
    return this.visible().map(({ item, pinned }) => {
      const redacted = this.secrets.get(item.text);
      return {
        id: item.id,
        kind: item.kind,
        label: item.label,
        detail: item.detail,
        tokens: item.text === '' ? undefined : this.tokens.get(redacted?.text ?? item.text),
        state: item.excluded !== undefined ? (item.secret ? 'excluded' : 'unreadable') : this.isRemoved(item.id) ? 'removed' : 'kept',
        explicit: item.explicit,
        pinned,
        secrets: redacted?.redactions.length ?? 0,
        secretKinds: [...new Set(redacted?.redactions.map((r) => r.kind))],
      };
    });
  }

  /** What the person added first, then the editor's own items (less any the added ones already cover). */
  private visible(): { item: ContextItem; pinned: boolean }[] {
    const texts = new Set(this.added.map((a) => a.item.text).filter((t) => t !== ''));
    return [
      ...this.added.map(({ item, pinned }) => ({ item, pinned })),
      ...this.implicit.filter((item) => !texts.has(item.text)).map((item) => ({ item, pinned: false })),
    ];
  }

  /**
   * The items the next question carries (all but those left out), added files read again. Afterwards the chips
   * the person left out come back, and what they added goes, unless pinned for the conversation.
   */
  async takeForQuestion(question?: string): Promise<ContextItem[]> {
    // Awaited only while pending: a yield here would let the chips' background secret scan run inside the question.
    if (this.parleyignoreRead) await this.parleyignoreRead;
    // A typed #codebase: its chunks join this question, shown as chips like the ones added before it.
    if (question !== undefined && this.fromQuestion) for (const item of await this.fromQuestion(question)) this.add(item);
    this.refresh();
    // Instruction files changed on disk just before asking are in this question, not the next: when they were still
    // being read, the context is worked out again once they are (collecting it costs milliseconds on a long file).
    const instructions = this.instructionsCache;
    if (instructions && !instructions.settled) {
      await instructions.read;
      this.refresh();
    }
    await Promise.all(
      this.added.map(async (added) => {
        if (!added.refresh) return;
        try {
          added.item = await added.refresh();
        } catch (err) {
          // Neither the old text (it may be stale) nor a failed question: the chip says it was not sent, and why.
          this.log.error(`Could not read ${added.item.label} again for the question: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          const { id, kind, label, explicit } = added.item;
          added.item = withheld(id, kind, label, `${label} could not be read again, so it was not sent (see the Parley log).`, false, explicit);
        }
      }),
    );
    const kept = this.visible()
      .map(({ item }) => item)
      .filter((item) => !this.isRemoved(item.id) && item.excluded === undefined);
    const before = this.added.length;
    this.added = this.added.filter((a) => a.pinned);
    if (this.removed.size > 0 || before !== this.added.length) {
      this.removed.clear();
      this.changed.fire();
    }
    return kept;
  }

  /** A new conversation starts with only the editor's context. */
  clearAdded(): void {
    this.added = [];
    this.removed.clear();
    this.instructionsOff = false;
    this.changed.fire();
  }

  /** Adds an item (or replaces the one with the same id), for the next question. */
  add(item: ContextItem, refresh?: () => Promise<ContextItem>): void {
    const existing = this.added.find((a) => a.item.id === item.id);
    if (existing) existing.item = item;
    else this.added.push({ item, refresh, pinned: false });
    this.refresh();
    this.changed.fire();
  }

  /** Adds a file, read now and again before each question it goes with. */
  async addFile(uri: vscode.Uri): Promise<ContextItem> {
    const read = async () => {
      const path = displayPath(uri);
      const exclusions = this.exclusions(uri);
      // An excluded file is not even read: its chip says why from the path alone.
      const bytes = exclusionOf(path, exclusions) === undefined ? await readForContext(uri) : undefined;
      return fileItem(path, bytes, { languageId: languageOf(uri), maxFileChars: MAX_FILE_CHARS, exclusions, outside: !isInWorkspace(uri) });
    };
    const item = await read();
    this.add(item, read);
    return item;
  }

  /** Adds what is selected in an editor (a snapshot: the selection, not whatever is selected later). */
  addSelection(editor: vscode.TextEditor): ContextItem | undefined {
    const { document, selection } = editor;
    if (selection.isEmpty) return undefined;
    const path = displayPath(document.uri);
    const text = document.getText(selection);
    const item = selectionItem(path, document.languageId, { startLine: selection.start.line + 1, endLine: lastSelectedLine(selection) + 1, text }, true);
    this.add(item);
    return item;
  }

  /** × on a chip: the editor's own are left out of the next question (or put back); an added one goes. */
  toggle(id: string): void {
    if (id === 'instructions') this.instructionsOff = !this.instructionsOff;
    else if (this.added.some((a) => a.item.id === id)) this.added = this.added.filter((a) => a.item.id !== id);
    else if (!this.removed.delete(id)) this.removed.add(id);
    this.changed.fire();
  }

  /** Keeps a chip for every question of this conversation, or stops doing so. */
  pin(id: string): void {
    // The instructions go with every question already; × is what leaves them out.
    if (id === 'instructions') return;
    const added = this.added.find((a) => a.item.id === id);
    if (added) added.pinned = !added.pinned;
    else {
      const item = this.implicit.find((i) => i.id === id);
      if (!item || item.excluded !== undefined) return;
      this.removed.delete(id);
      if (item.kind === 'file' && this.editor) {
        // A pinned file follows its edits: read again before each question, like a file added with #.
        const uri = this.editor.document.uri;
        void this.addFile(uri).then((pinned) => this.pin(pinned.id));
        return;
      }
      this.added.push({ item: { ...item, id: `#pinned:${item.id}:${item.label}`, explicit: true }, refresh: undefined, pinned: true });
    }
    this.changed.fire();
  }

  /** Opens exactly what a chip sends (secrets replaced), read-only, beside the editor. */
  async preview(id: string): Promise<void> {
    const item = this.visible().find(({ item }) => item.id === id)?.item;
    if (!item) return;
    // The label names the tab; the id, in the query, says which chip to show.
    await this.showPreview(`/${item.label.replace(/[\\/]/g, '∕')}.md`, id);
  }

  /** Lists the secrets the chips' text would have carried, by chip and line (never the secrets themselves). */
  async previewSecrets(): Promise<void> {
    await this.showPreview('/Secrets redacted.md');
  }

  private async showPreview(path: string, query = ''): Promise<void> {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path, query });
    this.previewChanged.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  }

  private previewText(uri: vscode.Uri): string {
    if (uri.path === '/Secrets redacted.md') {
      const lines = this.visible().flatMap(({ item }) =>
        (this.secrets.get(item.text)?.redactions ?? []).map((r) => `- ${item.label}, line ${r.line} of what is sent: ${r.kind}`),
      );
      return lines.length === 0
        ? 'No secrets were found in the context.'
        : `# Secrets redacted\n\nEach is replaced by a placeholder before anything leaves this machine:\n\n${lines.join('\n')}\n`;
    }
    const item = this.visible().find((v) => v.item.id === uri.query)?.item;
    if (!item) return 'This context is no longer current: the editor has changed since.';
    return item.excluded ?? this.secrets.get(item.text)?.text ?? item.text;
  }

  private watchParleyignore(): vscode.Disposable[] {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return [];
    const file = vscode.Uri.joinPath(folder.uri, '.parleyignore');
    const read = async () => {
      try {
        this.parleyignore = { source: '.parleyignore', patterns: Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8').split(/\r?\n/) };
      } catch (err) {
        if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
          this.parleyignore = { source: '.parleyignore', patterns: [] };
        } else {
          const why = err instanceof Error ? err.message : String(err);
          this.log.error(`Could not read ${file.fsPath} (${why}): every file is treated as excluded until it can be read.`);
          this.parleyignore = { source: `.parleyignore, which could not be read (every file is excluded until it can be)`, patterns: ['*'] };
        }
      }
      this.schedule();
    };
    const first = read().finally(() => {
      if (this.parleyignoreRead === first) this.parleyignoreRead = undefined;
    });
    this.parleyignoreRead = first;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.parleyignore'));
    return [watcher, watcher.onDidCreate(read), watcher.onDidChange(read), watcher.onDidDelete(read)];
  }

  exclusions(uri?: vscode.Uri): ExclusionList[] {
    const setting = this.config.forResource(uri ?? this.editor?.document.uri).excludeFiles;
    return [
      DEFAULT_EXCLUSIONS,
      { source: 'the parley.excludeFiles setting', patterns: setting },
      this.parleyignore,
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
    if (!this.started) {
      this.started = true;
      void this.files.mainLanguages().then(
        (languages) => {
          this.languages = languages;
          this.schedule();
        },
        (err: unknown) => this.log.warn(`Could not list the workspace's languages for the workspace line: ${String(err)}`),
      );
    }
    const snapshot = this.snapshot();
    this.implicit = contextItems(snapshot?.editor, {
      maxFileChars: MAX_FILE_CHARS,
      exclusions: this.exclusions(),
      ...(snapshot ? { details: snapshot.details } : {}),
      workspace: this.workspaceSummary(),
    });
    if (snapshot && snapshot.editor.text.length > MAX_FILE_CHARS) this.fetchOutline();
    const lessons = this.lessonsItem(snapshot?.editor);
    if (lessons) this.implicit.splice(this.implicit.length - 1, 0, lessons);
    const instructions = this.instructionsItem(snapshot && snapshot.details.origin === 'workspace' ? snapshot.editor.path : undefined);
    if (instructions) this.implicit.unshift(instructions);
    this.measure();
  }

  /**
   * The lessons chip, when the setting is on and there are corrections like this code: looked up once per
   * language and file (and again after a new correction), then kept.
   */
  private lessonsItem(editor: EditorSnapshot | undefined): ContextItem | undefined {
    if (!this.lessons || !editor || !this.config.read().lessonsEnabled) return undefined;
    const key = `${editor.languageId} ${editor.path}`;
    if (this.lessonsCache?.key !== key) {
      this.lessonsCache = { key, item: undefined };
      void this.lessons(editor.languageId, editor.path).then(
        (item) => {
          if (this.lessonsCache?.key !== key || !item) return;
          this.lessonsCache = { key, item };
          this.schedule();
        },
        (err: unknown) => this.log.warn(`Could not look up lessons for ${editor.path}: ${String(err)}`),
      );
    }
    return this.lessonsCache.item;
  }

  private isRemoved(id: string): boolean {
    return id === 'instructions' ? this.instructionsOff : this.removed.has(id);
  }

  /**
   * The instructions chip for the active file: worked out again when another file is active or an instruction
   * file changed, and kept meanwhile (the previous one shows until the new one is known).
   */
  private instructionsItem(activePath: string | undefined): ContextItem | undefined {
    const key = `${this.instructionsGeneration} ${activePath ?? ''}`;
    if (this.instructionsCache?.key !== key) {
      const previous = this.instructionsCache?.item;
      const cache: { key: string; item: ContextItem | undefined; read: Promise<void>; settled: boolean } = { key, item: previous, read: Promise.resolve(), settled: false };
      cache.read = this.projectFiles
        .instructions(activePath)
        .then(
          (item) => {
            cache.item = item;
            if (this.instructionsCache === cache) this.schedule();
          },
          (err: unknown) => this.log.warn(`Could not read the project's instructions: ${String(err)}`),
        )
        .finally(() => (cache.settled = true));
      this.instructionsCache = cache;
    }
    return this.instructionsCache.item;
  }

  /** What the question itself asks to add (a typed #codebase), worked out as it is sent. */
  useQuestionContext(fromQuestion: (question: string) => Promise<ContextItem[]>): void {
    this.fromQuestion = fromQuestion;
  }

  /** Where the lessons come from (the recorded corrections); a new correction makes them be looked up again. */
  useLessons(lessons: (languageId: string, path: string) => Promise<ContextItem | undefined>, changed: vscode.Event<unknown>): void {
    this.lessons = lessons;
    this.subscriptions.push(
      changed(() => {
        this.lessonsCache = undefined;
        this.schedule();
      }),
    );
  }

  /** Counts tokens and finds secrets in texts not seen before; the chips update when both are known. */
  private measure(): void {
    const texts = [...new Set(this.visible().map(({ item }) => item.text))].filter((t) => t !== '' && !this.secrets.has(t));
    if (texts.length === 0) return;
    void (async () => {
      const client = await loadModelClient();
      const redacted = await Promise.all(texts.map((t) => client.redactSecrets(t)));
      const { counts } = await this.counter.count(redacted.map((r) => r.text));
      if (this.secrets.size > MEMO_LIMIT) this.secrets.clear();
      if (this.tokens.size > MEMO_LIMIT) this.tokens.clear();
      texts.forEach((text, i) => this.secrets.set(text, redacted[i]!));
      redacted.forEach((r, i) => this.tokens.set(r.text, counts[i] ?? 0));
      this.changed.fire();
    })().catch((err: unknown) => {
      // The chips keep showing no count and no secrets note; what is sent is still redacted when it is sent.
      this.log.error(`Could not count tokens or find secrets for the chips: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }

  private fetchOutline(): void {
    const document = this.editor?.document;
    if (!document) return;
    const key = `${document.uri.toString()}@${document.version}`;
    if (this.outline?.key === key) return;
    this.outline = { key, entries: undefined };
    void outlineOf(document.uri).then((entries) => {
      if (this.outline?.key !== key) return;
      this.outline = { key, entries };
      if (entries.length > 0) this.schedule();
    });
  }

  private workspaceSummary(): WorkspaceSummary {
    const active = this.editor?.document.uri.toString();
    const openEditors = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined))
      .filter((uri): uri is vscode.Uri => uri !== undefined && uri.toString() !== active && uri.scheme !== PREVIEW_SCHEME)
      .map((uri) => basename(uri.path));
    return {
      name: vscode.workspace.workspaceFolders?.length ? vscode.workspace.name : undefined,
      languages: this.languages,
      openEditors: [...new Set(openEditors)].slice(0, 10),
    };
  }

  private snapshot(): { editor: EditorSnapshot; details: EditorDetails } | undefined {
    const editor = this.editor;
    if (!editor || editor.document.isClosed) return undefined;
    const { document, selection } = editor;
    const origin = originOf(document.uri);
    if (!origin) return undefined;
    const notebook = origin === 'notebook-cell' ? vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === document)) : undefined;
    const cell = notebook?.getCells().findIndex((c) => c.document === document);
    const path =
      notebook && cell !== undefined ? `${displayPath(notebook.uri)} (cell ${cell + 1})` : document.isUntitled ? document.fileName : displayPath(document.uri);
    const key = `${document.uri.toString()}@${document.version}`;
    return {
      editor: {
        path,
        languageId: document.languageId,
        text: document.getText(),
        cursorLine: selection.active.line + 1,
        selection: selection.isEmpty
          ? undefined
          : {
              startLine: selection.start.line + 1,
              endLine: lastSelectedLine(selection) + 1,
              text: document.getText(selection),
            },
        diagnostics: diagnosticSnapshots(vscode.languages.getDiagnostics(document.uri)),
      },
      details: { origin, outline: this.outline?.key === key ? this.outline.entries : undefined },
    };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

function originOf(uri: vscode.Uri): EditorOrigin | undefined {
  switch (uri.scheme) {
    case 'untitled':
      return 'untitled';
    case 'vscode-notebook-cell':
      return 'notebook-cell';
    case 'file':
    case 'vscode-remote':
      return isInWorkspace(uri) ? 'workspace' : 'outside';
    default:
      // Output panes, diff sides, previews and the like are not the person's code.
      return undefined;
  }
}
