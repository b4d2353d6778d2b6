// Where the context the person adds comes from: files (the open buffer when there is one, else the disk, read
// up to a limit), the workspace's problems, the working-tree changes through the built-in Git extension, symbols
// through the language servers, and a file's outline. Each answers in plain data for src/core/context.
import * as vscode from 'vscode';
import { open } from 'node:fs/promises';
import { MAX_READ_BYTES } from '../core/context/explicit';
import type { FileRead } from '../core/context/explicit';
import type { DiagnosticSnapshot, OutlineEntry } from '../core/context/items';

export const SEVERITIES: Record<vscode.DiagnosticSeverity, DiagnosticSnapshot['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'info',
};

export function diagnosticSnapshots(diagnostics: readonly vscode.Diagnostic[]): DiagnosticSnapshot[] {
  return diagnostics.map((d) => ({
    line: d.range.start.line + 1,
    severity: SEVERITIES[d.severity],
    message: d.message,
    ...(d.source ? { source: d.source } : {}),
  }));
}

/** Workspace-relative when the file is in the workspace, else its full path (so the person sees where it is). */
export function displayPath(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, vscode.workspace.workspaceFolders!.length > 1) : uri.fsPath;
}

export const isInWorkspace = (uri: vscode.Uri): boolean => vscode.workspace.getWorkspaceFolder(uri) !== undefined;

/**
 * The last line a selection covers (0-based). Whole lines selected end at the start of the next line, which is
 * not part of the selection.
 */
export function lastSelectedLine(selection: vscode.Selection): number {
  return selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
}

/**
 * A file's bytes: from its open editor when it has one (what the person sees, saved or not), else from disk,
 * at most MAX_READ_BYTES of it. undefined when it cannot be read.
 */
export async function readForContext(uri: vscode.Uri): Promise<FileRead | undefined> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document) {
    const bytes = new TextEncoder().encode(document.getText());
    return { bytes: bytes.subarray(0, MAX_READ_BYTES), size: bytes.length };
  }
  try {
    const { size, type } = await vscode.workspace.fs.stat(uri);
    if (type & vscode.FileType.Directory) return undefined;
    if (size <= MAX_READ_BYTES || uri.scheme !== 'file') {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return { bytes: bytes.subarray(0, MAX_READ_BYTES), size: bytes.length };
    }
    // Only the part that is used: a 2 GB log must not be read whole to send its first megabyte.
    const handle = await open(uri.fsPath, 'r');
    try {
      const bytes = new Uint8Array(MAX_READ_BYTES);
      const { bytesRead } = await handle.read(bytes, 0, MAX_READ_BYTES, 0);
      return { bytes: bytes.subarray(0, bytesRead), size };
    } finally {
      await handle.close();
    }
  } catch {
    // Unreadable for whatever reason: the chip says it could not be read and nothing of it is sent.
    return undefined;
  }
}

/** Every file with problems, workspace-relative. */
export function workspaceProblems(): { path: string; diagnostics: DiagnosticSnapshot[] }[] {
  return vscode.languages
    .getDiagnostics()
    .filter(([, list]) => list.length > 0)
    .map(([uri, list]) => ({ path: displayPath(uri), diagnostics: diagnosticSnapshots(list) }));
}

/** The part of the built-in Git extension's API (vscode.git, version 1) that Parley uses. */
interface GitApi {
  readonly repositories: readonly { readonly rootUri: vscode.Uri; diff(cached?: boolean): Promise<string> }[];
}

/** The uncommitted changes (staged and not) of the repositories in the workspace, as one unified diff. */
export async function workingTreeChanges(): Promise<string | { readonly problem: string }> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return { problem: 'The built-in Git extension is not available, so Parley cannot read the changes.' };
  let api: GitApi;
  try {
    api = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
  } catch {
    // getAPI throws exactly when git.enabled is off; the chip says so.
    return { problem: 'The Git extension is disabled (git.enabled), so Parley cannot read the changes.' };
  }
  if (api.repositories.length === 0) return { problem: 'No Git repository is open in this workspace, so there are no changes to add.' };
  try {
    const diffs = await Promise.all(api.repositories.flatMap((repo) => [repo.diff(true), repo.diff(false)]));
    return diffs.filter((d) => d.trim() !== '').join('\n');
  } catch (err) {
    return { problem: `Git could not list the changes: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export interface FoundSymbol {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
  readonly location: vscode.Location;
}

const kindName = (kind: vscode.SymbolKind): string => vscode.SymbolKind[kind]?.toLowerCase() ?? 'symbol';

/** Functions, classes and the like whose name matches, from the language servers (best first, as they rank them). */
export async function findSymbols(query: string, limit = 20): Promise<FoundSymbol[]> {
  const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
  return found
    .filter((s) => s.location.uri.scheme === 'file' && isInWorkspace(s.location.uri))
    .slice(0, limit)
    .map((s) => ({ name: s.name, kind: kindName(s.kind), path: displayPath(s.location.uri), location: s.location }));
}

/** The whole code of a symbol: some providers give only the name's range, so the document's symbols widen it. */
export async function symbolCode(symbol: FoundSymbol): Promise<{ text: string; startLine: number; languageId: string }> {
  const document = await vscode.workspace.openTextDocument(symbol.location.uri);
  let range = symbol.location.range;
  if (range.isSingleLine) {
    const symbols = await documentSymbols(document.uri);
    const enclosing = flatten(symbols).find((s) => s.name === symbol.name && s.range.contains(range.start));
    if (enclosing) range = enclosing.range;
  }
  const whole = new vscode.Range(range.start.line, 0, range.end.line, document.lineAt(range.end.line).text.length);
  return { text: document.getText(whole), startLine: whole.start.line + 1, languageId: document.languageId };
}

async function documentSymbols(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  try {
    const result = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
    return (result ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s);
  } catch {
    // A language server that fails has no symbols to give: no outline is sent, and commands say there is no
    // function at the cursor, as with a file no server knows.
    return [];
  }
}

function flatten(symbols: readonly vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children)]);
}

const CODE_KINDS = new Set([
  vscode.SymbolKind.Function,
  vscode.SymbolKind.Method,
  vscode.SymbolKind.Constructor,
  vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface,
  vscode.SymbolKind.Enum,
  vscode.SymbolKind.Struct,
  vscode.SymbolKind.Module,
]);

/** The innermost function, method or class around a position (what a command works on with no selection). */
export async function enclosingSymbol(uri: vscode.Uri, position: vscode.Position): Promise<{ readonly name: string; readonly kind: string; readonly range: vscode.Range } | undefined> {
  const around = flatten(await documentSymbols(uri)).filter((s) => CODE_KINDS.has(s.kind) && s.range.contains(position));
  const innermost = around.sort((a, b) => (a.range.contains(b.range) ? 1 : b.range.contains(a.range) ? -1 : 0))[0];
  return innermost ? { name: innermost.name, kind: kindName(innermost.kind), range: innermost.range } : undefined;
}

/** The outline of a document (its symbols, nested), for a file too long to send whole. */
export async function outlineOf(uri: vscode.Uri): Promise<OutlineEntry[]> {
  const out: OutlineEntry[] = [];
  const walk = (symbols: readonly vscode.DocumentSymbol[], depth: number) => {
    for (const s of [...symbols].sort((a, b) => a.range.start.line - b.range.start.line)) {
      out.push({ name: s.name, kind: kindName(s.kind), line: s.range.start.line + 1, depth });
      // Variables inside functions are noise in an outline; classes and modules show their members.
      if (depth < 2 && s.kind !== vscode.SymbolKind.Function && s.kind !== vscode.SymbolKind.Method) walk(s.children, depth + 1);
    }
  };
  walk(await documentSymbols(uri), 0);
  return out;
}

/** VS Code's language ids for common extensions, for the fence of a file that is not open. */
const LANGUAGE_IDS: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
  py: 'python', rs: 'rust', go: 'go', java: 'java', cs: 'csharp', cpp: 'cpp', c: 'c', h: 'c', rb: 'ruby', php: 'php',
  md: 'markdown', json: 'json', yml: 'yaml', yaml: 'yaml', sh: 'shellscript', html: 'html', css: 'css', sql: 'sql',
};

export function languageOf(uri: vscode.Uri): string {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.languageId;
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return LANGUAGE_IDS[extension] ?? extension;
}
