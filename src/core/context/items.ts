// What the model sees of the editor with each question: the active file (whole, or a window around the cursor
// when it is long), the selection, and the file's problems. Each becomes an item the view shows as a chip; an
// excluded file becomes an item that says why and carries no text. Plain data in and out.
import ignore from 'ignore';

export interface DiagnosticSnapshot {
  /** 1-based. */
  readonly line: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly source?: string;
}

export interface EditorSnapshot {
  /** Workspace-relative path, or the buffer's name for an untitled one. */
  readonly path: string;
  readonly languageId: string;
  readonly text: string;
  /** 1-based line of the cursor. */
  readonly cursorLine: number;
  /** The selection, when something is selected (1-based, inclusive lines). */
  readonly selection: { readonly startLine: number; readonly endLine: number; readonly text: string } | undefined;
  readonly diagnostics: readonly DiagnosticSnapshot[];
}

export type ContextItemId = 'file' | 'selection' | 'problems';

export interface ContextItem {
  readonly id: ContextItemId;
  /** What the chip says, e.g. "csv.ts" or "selection L10–24". */
  readonly label: string;
  /** A sentence for the chip's tooltip: what is sent, or why nothing is. */
  readonly detail: string;
  /** Exactly what is sent ('' when excluded). */
  readonly text: string;
  /** Why this item is never sent, when it is excluded. */
  readonly excluded: string | undefined;
}

/** Files whose contents never leave the machine, whatever is asked (gitignore syntax). */
export const DEFAULT_EXCLUDES = ['.env*', '*.pem', '*.key', '*.p12', '*.pfx', 'id_rsa*', 'id_ed25519*', '.npmrc', '.netrc', '**/secrets/**'];

/** Lines of the file sent around the cursor when the whole file is too long. */
const WINDOW_LINES = 150;

/** A list of exclusion patterns and where it comes from, to say why a file is excluded. */
export interface ExclusionList {
  /** Finishes "… is excluded by …", e.g. "Parley's defaults for secrets" or ".parleyignore". */
  readonly source: string;
  readonly patterns: readonly string[];
}

export const DEFAULT_EXCLUSIONS: ExclusionList = { source: "Parley's defaults for secrets", patterns: DEFAULT_EXCLUDES };

export function exclusionOf(path: string, lists: readonly ExclusionList[] = [DEFAULT_EXCLUSIONS]): string | undefined {
  const relative = path.replace(/^\/+/, '');
  if (relative === '' || relative.startsWith('..')) return undefined;
  for (const { source, patterns } of lists) {
    const usable = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
    if (usable.length > 0 && ignore().add(usable).ignores(relative)) {
      return `${baseName(path)} is excluded by ${source}; its text is never sent.`;
    }
  }
  return undefined;
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

function fenced(languageId: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${languageId}\n${text}\n${fence}`;
}

function numbered(lines: readonly string[], first: number): string {
  return lines.map((line, i) => `${first + i}: ${line}`).join('\n');
}

export function contextItems(
  editor: EditorSnapshot | undefined,
  options: { readonly maxFileChars: number; readonly exclusions?: readonly ExclusionList[] },
): ContextItem[] {
  if (!editor) return [];
  const name = baseName(editor.path);
  const excluded = exclusionOf(editor.path, options.exclusions);
  if (excluded) {
    return [{ id: 'file', label: name, detail: excluded, text: '', excluded }];
  }
  const items: ContextItem[] = [];
  const lines = editor.text.split(/\r?\n/);
  if (editor.text.length <= options.maxFileChars) {
    items.push({
      id: 'file',
      label: name,
      detail: `The whole of ${editor.path} (${lines.length} lines).`,
      text: `File ${editor.path}:\n${fenced(editor.languageId, editor.text)}`,
      excluded: undefined,
    });
  } else {
    const first = Math.max(1, editor.cursorLine - Math.floor(WINDOW_LINES / 2));
    const last = Math.min(lines.length, first + WINDOW_LINES - 1);
    items.push({
      id: 'file',
      label: `${name} L${first}–${last}`,
      detail: `Lines ${first}–${last} of ${editor.path} around the cursor: the file has ${lines.length} lines, too many to send whole.`,
      text: `Lines ${first}–${last} of ${editor.path} (${lines.length} lines in all; the rest was not sent):\n${fenced(editor.languageId, numbered(lines.slice(first - 1, last), first))}`,
      excluded: undefined,
    });
  }
  if (editor.selection && editor.selection.text.trim() !== '') {
    const { startLine, endLine, text } = editor.selection;
    const span = startLine === endLine ? `L${startLine}` : `L${startLine}–${endLine}`;
    items.push({
      id: 'selection',
      label: `selection ${span}`,
      detail: `The selected lines ${span.slice(1)} of ${editor.path}.`,
      text: `Selected in ${editor.path}, lines ${startLine}–${endLine}:\n${fenced(editor.languageId, text)}`,
      excluded: undefined,
    });
  }
  const near = editor.selection
    ? editor.diagnostics.filter((d) => d.line >= editor.selection!.startLine - 5 && d.line <= editor.selection!.endLine + 5)
    : editor.diagnostics;
  if (near.length > 0) {
    const listed = near.slice(0, 50).map((d) => `- line ${d.line} ${d.severity}: ${d.message}${d.source ? ` (${d.source})` : ''}`);
    items.push({
      id: 'problems',
      label: `${near.length} problem${near.length === 1 ? '' : 's'}`,
      detail: `Problems reported in ${editor.path}${editor.selection ? ' near the selection' : ''}.`,
      text: `Problems in ${editor.path}:\n${listed.join('\n')}${near.length > 50 ? `\n- and ${near.length - 50} more` : ''}`,
      excluded: undefined,
    });
  }
  return items;
}

/** The question as sent: the context the person kept, then what they asked. */
export function withContext(question: string, items: readonly ContextItem[]): string {
  const sent = items.filter((item) => item.excluded === undefined && item.text !== '');
  if (sent.length === 0) return question;
  return `${sent.map((item) => item.text).join('\n\n')}\n\nQuestion:\n${question}`;
}
