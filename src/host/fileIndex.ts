// The workspace's files as the `#` picker offers them: what VS Code's own search would list (files.exclude
// applies through findFiles) less what the project's .gitignore files ignore. A file a .gitignore names itself
// (`.env`, `*.log`) is kept apart, so the picker can show it as withheld rather than pretend it is not there;
// files inside an ignored folder (node_modules/, build/) are left out altogether. Built on the first `#`, kept
// until a file is created or deleted, so each keystroke only filters a list in memory.
import * as vscode from 'vscode';
import ignore from 'ignore';
import type { Ignore } from 'ignore';

/** Enough for a large monorepo; beyond it the picker says it shows part of the workspace. */
const MAX_FILES = 50_000;

/** Language names for the workspace line, by file extension. */
const LANGUAGES: Record<string, string> = {
  ts: 'TypeScript', tsx: 'TypeScript', js: 'JavaScript', jsx: 'JavaScript', mjs: 'JavaScript', cjs: 'JavaScript',
  py: 'Python', rs: 'Rust', go: 'Go', java: 'Java', kt: 'Kotlin', cs: 'C#', cpp: 'C++', cc: 'C++', c: 'C', h: 'C',
  hpp: 'C++', rb: 'Ruby', php: 'PHP', swift: 'Swift', scala: 'Scala', sh: 'Shell', lua: 'Lua', dart: 'Dart',
  vue: 'Vue', svelte: 'Svelte', ex: 'Elixir', exs: 'Elixir', hs: 'Haskell', ml: 'OCaml', fs: 'F#', r: 'R', jl: 'Julia',
};

export interface IndexedFile {
  /** Workspace-relative, with forward slashes (prefixed by the folder's name in a multi-root workspace). */
  readonly path: string;
  readonly uri: vscode.Uri;
}

/** A file that a .gitignore ignores by its own name or pattern (not by a folder it is in). */
export interface IgnoredFile extends IndexedFile {
  /** The .gitignore that ignores it, workspace-relative, e.g. ".gitignore" or "web/.gitignore". */
  readonly gitignore: string;
}

interface Listing {
  readonly files: IndexedFile[];
  readonly ignored: IgnoredFile[];
}

interface GitignoreRules {
  /** The folder the .gitignore is in, relative, with a trailing slash ('' at the root). */
  readonly dir: string;
  readonly rules: Ignore;
}

export class FileIndex implements vscode.Disposable {
  private files: Promise<Listing> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const stale = () => (this.files = undefined);
    // A file's content changing does not change the list; only creating and deleting do (and .gitignore edits).
    const created = vscode.workspace.onDidCreateFiles(stale);
    const renamed = vscode.workspace.onDidRenameFiles(stale);
    const saved = vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.path.endsWith('/.gitignore')) stale();
    });
    this.subscriptions.push(watcher, watcher.onDidCreate(stale), watcher.onDidDelete(stale), created, renamed, saved, vscode.workspace.onDidChangeWorkspaceFolders(stale));
  }

  /** The list, built once and then kept until files come or go. */
  async list(): Promise<IndexedFile[]> {
    return (await this.listing()).files;
  }

  /** The files a .gitignore names (never read: the picker shows them as withheld). */
  async ignored(): Promise<IgnoredFile[]> {
    return (await this.listing()).ignored;
  }

  private listing(): Promise<Listing> {
    this.files ??= this.build().catch((err: unknown) => {
      this.files = undefined;
      throw err;
    });
    return this.files;
  }

  /** The file a workspace-relative path names (prefixed by the folder's name in a multi-root workspace). */
  resolve(path: string): vscode.Uri | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0 || path.split('/').includes('..')) return undefined;
    if (folders.length === 1) return vscode.Uri.joinPath(folders[0]!.uri, path);
    const [name, ...rest] = path.split('/');
    const folder = folders.find((f) => f.name === name);
    return folder ? vscode.Uri.joinPath(folder.uri, ...rest) : undefined;
  }

  /** The three languages with the most files, for the workspace line. */
  async mainLanguages(): Promise<string[]> {
    const counts = new Map<string, number>();
    for (const file of await this.list()) {
      const language = LANGUAGES[file.path.slice(file.path.lastIndexOf('.') + 1).toLowerCase()];
      if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name]) => name);
  }

  private async build(): Promise<Listing> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return { files: [], ignored: [] };
    const [uris, ignores] = await Promise.all([vscode.workspace.findFiles('**/*', undefined, MAX_FILES), this.gitignores()]);
    const multiRoot = folders.length > 1;
    const files: IndexedFile[] = [];
    const ignored: IgnoredFile[] = [];
    // Folders already judged, per workspace folder: most files share their folders with many others.
    const folderVerdicts = new Map<string, Map<string, boolean>>();
    for (const uri of uris) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const key = folder.uri.toString();
      const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
      if (relative === '') continue;
      let verdicts = folderVerdicts.get(key);
      if (!verdicts) folderVerdicts.set(key, (verdicts = new Map()));
      const why = whyIgnored(relative, ignores.get(key) ?? [], verdicts);
      if (why === 'folder') continue;
      const path = multiRoot ? `${folder.name}/${relative}` : relative;
      if (why === undefined) files.push({ path, uri });
      else ignored.push({ path, uri, gitignore: multiRoot ? `${folder.name}/${why}` : why });
    }
    const order = (a: IndexedFile, b: IndexedFile) => a.path.length - b.path.length || a.path.localeCompare(b.path);
    return { files: files.sort(order), ignored: ignored.sort(order) };
  }

  /** Every .gitignore of each folder, as (directory, rules) pairs: a nested one applies below its directory. */
  private async gitignores(): Promise<Map<string, GitignoreRules[]>> {
    const found = await vscode.workspace.findFiles('**/.gitignore', undefined, 1000);
    const byFolder = new Map<string, GitignoreRules[]>();
    await Promise.all(
      found.map(async (uri) => {
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        if (!folder) return;
        try {
          const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
          const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
          const dir = relative.slice(0, -'.gitignore'.length);
          const list = byFolder.get(folder.uri.toString()) ?? [];
          list.push({ dir, rules: ignore().add(text) });
          byFolder.set(folder.uri.toString(), list);
        } catch {
          // An unreadable .gitignore ignores nothing; the picker still works.
        }
      }),
    );
    return byFolder;
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

/**
 * 'folder' when a folder the file is in is ignored (or is .git), the .gitignore that ignores the file itself, or
 * undefined when nothing ignores it.
 */
function whyIgnored(relative: string, ignores: readonly GitignoreRules[], folders: Map<string, boolean>): 'folder' | string | undefined {
  const segments = relative.split('/');
  let dir = '';
  for (const segment of segments.slice(0, -1)) {
    dir += `${segment}/`;
    let ignored = folders.get(dir);
    if (ignored === undefined) {
      ignored = segment === '.git' || ignoredBy(dir, ignores) !== undefined;
      folders.set(dir, ignored);
    }
    if (ignored) return 'folder';
  }
  return ignoredBy(relative, ignores);
}

/** The .gitignore whose rules ignore a path (a folder's ends with '/'), nearest last so it wins. */
function ignoredBy(relative: string, ignores: readonly GitignoreRules[]): string | undefined {
  let by: string | undefined;
  for (const { dir, rules } of ignores) {
    if (relative.startsWith(dir) && relative !== dir && rules.ignores(relative.slice(dir.length))) by = `${dir}.gitignore`;
  }
  return by;
}
