// The #codebase index on the host side: which files go in (the workspace's list less .gitignore'd files and
// Parley's exclusions: an excluded file is never named to the worker, so never read), the worker thread that
// reads and indexes them, a progress item while it does, a debounced watcher that keeps it current, and the
// search that turns a question into chips. The store lives in the workspace's storage, so a reload reads again
// only the files whose mtime or size changed.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { codebaseItems, codebaseNote } from '../core/codebase/items';
import type { FoundChunk } from '../core/codebase/items';
import { symbolLikeWords } from '../core/codebase/terms';
import type { ChunkHit } from '../core/codebase/searchIndex';
import { exclusionOf } from '../core/context/items';
import type { ContextItem, ExclusionList } from '../core/context/items';
import { decodeText } from '../core/context/explicit';
import type { CodebaseReply, CodebaseRequest, IndexedPath } from './codebaseWorker';
import type { FileIndex } from './fileIndex';
import { displayPath, languageOf, readForContext } from './contextSources';

/** File events settle this long before the index is told (a branch switch or a build touches many at once). */
const DEBOUNCE_MS = 500;
/** The language servers get this long to name symbols for a question; the lexical rank does not wait longer. */
const SYMBOL_TIMEOUT_MS = 300;
/** Chunks asked of the index for one question (the budget then picks among them). */
const CANDIDATES = 24;

export type CodebaseState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'indexing'; readonly done: number; readonly total: number }
  | { readonly kind: 'ready'; readonly files: number; readonly chunks: number }
  | { readonly kind: 'failed'; readonly message: string };

export class CodebaseIndex implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: CodebaseReply) => void>();
  private syncing: Promise<void> | undefined;
  private current: CodebaseState = { kind: 'idle' };
  private readonly changes = new Map<string, 'changed' | 'deleted'>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private relist = false;
  private readonly changed = new vscode.EventEmitter<CodebaseState>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly files: FileIndex,
    private readonly exclusions: (uri?: vscode.Uri) => ExclusionList[],
    /** The workspace's storage folder for the extension; undefined (no folder open): nothing is stored. */
    private readonly storage: vscode.Uri | undefined,
    private readonly log: vscode.LogOutputChannel,
    /** dist/codebase.js; a computed path keeps esbuild from bundling MiniSearch into the extension. */
    private readonly script = path.join(__dirname, 'codebase.js'),
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const note = (kind: 'changed' | 'deleted') => (uri: vscode.Uri) => {
      if (this.current.kind === 'idle') return;
      // What decides which files are indexed changed: the whole list is judged again.
      if (/\/(\.gitignore|\.parleyignore)$/.test(uri.path)) this.relist = true;
      this.changes.set(uri.toString(), kind);
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.applyChanges(), DEBOUNCE_MS);
    };
    this.subscriptions.push(watcher, watcher.onDidCreate(note('changed')), watcher.onDidChange(note('changed')), watcher.onDidDelete(note('deleted')), this.changed);
  }

  get state(): CodebaseState {
    return this.current;
  }

  /** True when a store from an earlier session is there: the index is then brought up to date at start. */
  async hasStore(): Promise<boolean> {
    if (!this.storage) return false;
    try {
      await vscode.workspace.fs.stat(this.storeUri()!);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Builds or brings the index up to date, with a progress item (cancellable); resolves when done. A first build
   * shows a notification; catching up after a reload, the status bar's spinner.
   */
  sync(): Promise<void> {
    this.syncing ??= this.runSync().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async runSync(): Promise<void> {
    const first = !(await this.hasStore());
    const files = await this.indexable();
    this.setState({ kind: 'indexing', done: 0, total: files.length });
    const location = first ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
    await vscode.window.withProgress({ location, title: 'Parley: indexing the workspace for #codebase', cancellable: true }, async (progress, token) => {
      const id = this.nextId++;
      const cancel = token.onCancellationRequested(() => this.post({ type: 'cancel' }));
      let reported = 0;
      try {
        const reply = await this.request({ type: 'sync', id, store: this.storeUri()?.fsPath, files }, (update) => {
          if (update.type !== 'progress') return;
          this.setState({ kind: 'indexing', done: update.done, total: update.total });
          const percent = (100 * update.done) / Math.max(1, update.total);
          progress.report({ message: `${update.done.toLocaleString('en-US')} of ${update.total.toLocaleString('en-US')} files`, increment: percent - reported });
          reported = percent;
        });
        if (reply.type === 'synced') {
          this.log.info(`#codebase index: ${reply.files} files, ${reply.chunks} chunks (${reply.read} read)${reply.cancelled ? ', stopped early' : ''}.`);
          this.setState({ kind: 'ready', files: reply.files, chunks: reply.chunks });
        } else if (reply.type === 'error') this.fail(reply.message);
      } finally {
        cancel.dispose();
      }
    });
  }

  /** The files that may be indexed: the workspace's list less the excluded ones, on disk. */
  private async indexable(): Promise<IndexedPath[]> {
    const listed = await this.files.list();
    return listed.filter((f) => f.uri.scheme === 'file' && exclusionOf(f.path, this.exclusions(f.uri)) === undefined).map((f) => ({ path: f.path, fsPath: f.uri.fsPath }));
  }

  private async applyChanges(): Promise<void> {
    const events = [...this.changes];
    this.changes.clear();
    if (this.relist) {
      this.relist = false;
      await this.sync();
      return;
    }
    // Created files join the list when the file index rebuilds it (it watches creations and deletions too).
    const byPath = new Map((await this.indexable()).map((f) => [f.fsPath, f]));
    const changed: IndexedPath[] = [];
    const removed: string[] = [];
    for (const [uri, kind] of events) {
      const parsed = vscode.Uri.parse(uri);
      const file = byPath.get(parsed.fsPath);
      if (kind === 'changed' && file) changed.push(file);
      else removed.push(displayPath(parsed));
    }
    if (changed.length === 0 && removed.length === 0) return;
    const reply = await this.request({ type: 'update', id: this.nextId++, changed, removed });
    if (reply.type === 'synced') this.setState({ kind: 'ready', files: reply.files, chunks: reply.chunks });
  }

  /**
   * The chips for a question: the best chunks, read again now, within the budget; or one chip saying why there
   * are none (still indexing, with how far it got; nothing matched).
   */
  async search(question: string): Promise<ContextItem[]> {
    const state = this.current;
    if (state.kind !== 'ready') {
      if (state.kind === 'idle') void this.sync();
      const why =
        state.kind === 'indexing'
          ? `The workspace is still being indexed (${state.done.toLocaleString('en-US')} of ${state.total.toLocaleString('en-US')} files); #codebase can search it when that is done.`
          : state.kind === 'failed'
            ? `The workspace could not be indexed (${state.message}); see the Parley log.`
            : 'The workspace is not indexed yet: Parley has started indexing it; #codebase can search it when that is done.';
      return [codebaseNote(why)];
    }
    const symbols = await this.symbolsFor(question);
    const reply = await this.request({ type: 'query', id: this.nextId++, question, limit: CANDIDATES, symbols });
    if (reply.type !== 'hits') return [codebaseNote(reply.type === 'error' ? `The search failed (${reply.message}).` : 'The search gave no answer.')];
    const chunks = await this.read(reply.hits);
    const items = codebaseItems(chunks, question, this.exclusions());
    return items.length > 0 ? items : [codebaseNote(`Nothing in the ${state.files.toLocaleString('en-US')} indexed files matches "${question}".`)];
  }

  /** Where the language servers put symbols named like the question's code-like words (briefly, never blocking). */
  private async symbolsFor(question: string): Promise<{ path: string; line: number }[]> {
    const words = symbolLikeWords(question);
    if (words.length === 0) return [];
    const found = Promise.all(
      words.map((word) => Promise.resolve(vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', word)).catch(() => undefined)),
    );
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SYMBOL_TIMEOUT_MS));
    const lists = (await Promise.race([found, timeout])) ?? [];
    const wanted = new Set(words.map((w) => w.toLowerCase()));
    return lists
      .flatMap((list) => list ?? [])
      .filter((s) => wanted.has(s.name.toLowerCase()) && s.location.uri.scheme === 'file')
      .slice(0, 10)
      .map((s) => ({ path: displayPath(s.location.uri), line: s.location.range.start.line + 1 }));
  }

  /** The hits' lines, read now (an open editor's text when it is open), files that cannot be read left out. */
  private async read(hits: readonly ChunkHit[]): Promise<FoundChunk[]> {
    const texts = new Map<string, Promise<string[] | undefined>>();
    const linesOf = (file: string) => {
      let text = texts.get(file);
      if (!text) {
        const uri = this.files.resolve(file);
        text = uri
          ? readForContext(uri).then((read) => {
              const decoded = read && decodeText(read);
              return decoded && 'text' in decoded ? decoded.text.split(/\r?\n/) : undefined;
            })
          : Promise.resolve(undefined);
        texts.set(file, text);
      }
      return text;
    };
    const found = await Promise.all(
      hits.map(async (hit): Promise<FoundChunk | undefined> => {
        const uri = this.files.resolve(hit.path);
        // Judged again by path before the read: exclusions may have changed since the file was indexed.
        if (!uri || exclusionOf(hit.path, this.exclusions(uri))) return undefined;
        const lines = await linesOf(hit.path);
        return lines ? { path: hit.path, languageId: languageOf(uri), startLine: hit.startLine, endLine: hit.endLine, symbols: hit.symbols, lines } : undefined;
      }),
    );
    return found.filter((c): c is FoundChunk => c !== undefined);
  }

  private storeUri(): vscode.Uri | undefined {
    return this.storage && vscode.Uri.joinPath(this.storage, 'codebase', 'index.json');
  }

  private setState(state: CodebaseState): void {
    this.current = state;
    this.changed.fire(state);
  }

  private fail(message: string): void {
    this.log.error(`#codebase index: ${message}`);
    this.setState({ kind: 'failed', message });
  }

  private request(request: Exclude<CodebaseRequest, { type: 'cancel' }>, onProgress?: (reply: CodebaseReply) => void): Promise<CodebaseReply> {
    return new Promise((resolve) => {
      this.pending.set(request.id, (reply) => {
        if (reply.type === 'progress') {
          onProgress?.(reply);
          return;
        }
        this.pending.delete(request.id);
        resolve(reply);
      });
      if (!this.post(request)) {
        this.pending.delete(request.id);
        resolve({ type: 'error', id: request.id, message: 'the indexing worker could not start' });
      }
    });
  }

  private post(request: CodebaseRequest): boolean {
    const worker = this.start();
    worker?.postMessage(request);
    return worker !== undefined;
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.current.kind === 'failed') return undefined;
    try {
      const worker = new Worker(this.script);
      worker.on('message', (reply: CodebaseReply) => this.pending.get(reply.id)?.(reply));
      worker.on('error', (err) => this.stopped(`the indexing worker stopped (${err.message})`));
      worker.on('exit', (code) => {
        if (this.worker === worker && code !== 0) this.stopped(`the indexing worker exited (code ${code})`);
      });
      // The worker must not keep VS Code's extension host alive at shutdown.
      worker.unref();
      this.worker = worker;
    } catch (err) {
      this.fail(`the indexing worker could not start (${String(err)})`);
    }
    return this.worker;
  }

  private stopped(message: string): void {
    this.worker = undefined;
    this.fail(message);
    for (const [id, resolve] of this.pending) resolve({ type: 'error', id, message });
    this.pending.clear();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    void this.worker?.terminate();
    this.worker = undefined;
    for (const [id, resolve] of this.pending) resolve({ type: 'error', id, message: 'Parley is shutting down' });
    this.pending.clear();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
