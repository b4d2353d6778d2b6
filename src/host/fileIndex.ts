// The workspace's files as the `#` picker offers them: what VS Code's own search would list (files.exclude
// applies through findFiles) less what the project's .gitignore files ignore. Built on the first `#`, kept
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

export class FileIndex implements vscode.Disposable {
  private files: Promise<IndexedFile[]> | undefined;
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
  list(): Promise<IndexedFile[]> {
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

  private async build(): Promise<IndexedFile[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return [];
    const [uris, ignores] = await Promise.all([vscode.workspace.findFiles('**/*', undefined, MAX_FILES), this.gitignores()]);
    const multiRoot = folders.length > 1;
    const out: IndexedFile[] = [];
    for (const uri of uris) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
      if (relative === '' || isIgnored(relative, ignores.get(folder.uri.toString()) ?? [])) continue;
      out.push({ path: multiRoot ? `${folder.name}/${relative}` : relative, uri });
    }
    return out.sort((a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path));
  }

  /** Every .gitignore of each folder, as (directory, rules) pairs: a nested one applies below its directory. */
  private async gitignores(): Promise<Map<string, { readonly dir: string; readonly rules: Ignore }[]>> {
    const found = await vscode.workspace.findFiles('**/.gitignore', undefined, 1000);
    const byFolder = new Map<string, { dir: string; rules: Ignore }[]>();
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

function isIgnored(relative: string, ignores: readonly { readonly dir: string; readonly rules: Ignore }[]): boolean {
  if (relative.startsWith('.git/') || relative.includes('/.git/')) return true;
  return ignores.some(({ dir, rules }) => relative.startsWith(dir) && rules.ignores(relative.slice(dir.length)));
}
