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

export interface OutlineEntry {
  readonly name: string;
  /** e.g. "function", "class", "method" */
  readonly kind: string;
  /** 1-based. */
  readonly line: number;
  /** Nesting depth, 0 for top level. */
  readonly depth: number;
}

/** What the editor shows that is not a file of the workspace on disk. */
export type EditorOrigin = 'workspace' | 'untitled' | 'outside' | 'notebook-cell';

export interface EditorDetails {
  readonly origin: EditorOrigin;
  /** The file's symbols, for a file too long to send whole (so the model knows what it does not see). */
  readonly outline: readonly OutlineEntry[] | undefined;
}

/** The one line about the workspace: its name, main languages and the other open editors. */
export interface WorkspaceSummary {
  /** undefined when no folder is open. */
  readonly name: string | undefined;
  readonly languages: readonly string[];
  readonly openEditors: readonly string[];
}

export type ContextKind = 'file' | 'selection' | 'problems' | 'workspace' | 'changes' | 'symbol' | 'lessons' | 'instructions';

export interface ContextItem {
  /** Stable for the same thing: 'file', 'selection', 'problems', 'workspace' for the editor's; '#…' for added ones. */
  readonly id: string;
  readonly kind: ContextKind;
  /** Added by the person (#, Add to Parley) or pinned, rather than taken from the editor. */
  readonly explicit: boolean;
  /** What the chip says, e.g. "csv.ts" or "selection L10–24". */
  readonly label: string;
  /** A sentence for the chip's tooltip: what is sent, or why nothing is. */
  readonly detail: string;
  /** Exactly what is sent ('' when excluded). */
  readonly text: string;
  /** Why this item is never sent, when nothing of it is. */
  readonly excluded: string | undefined;
  /** True when it is excluded because it may hold secrets (rather than being unreadable). */
  readonly secret: boolean;
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

/**
 * Why a file's text must never be sent, or undefined. A path outside the workspace (absolute, or starting with
 * "..") is judged by its own segments, so `~/.ssh/id_rsa`, `../.env` or `/srv/secrets/db.txt` is excluded like
 * one inside.
 */
export function exclusionOf(path: string, lists: readonly ExclusionList[] = [DEFAULT_EXCLUSIONS]): string | undefined {
  const relative = path
    .replace(/\\/g, '/')
    .replace(/^[a-zA-Z]:/, '')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .join('/');
  if (relative === '') return undefined;
  for (const { source, patterns } of lists) {
    const usable = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
    if (usable.length > 0 && ignore().add(usable).ignores(relative)) {
      return `${baseName(path)} is excluded by ${source}; its text is never sent.`;
    }
  }
  return undefined;
}

export const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

export function fenced(languageId: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${languageId}\n${text}\n${fence}`;
}

export function numbered(lines: readonly string[], first: number): string {
  return lines.map((line, i) => `${first + i}: ${line}`).join('\n');
}

/** An item that carries nothing, and says why. */
export function withheld(id: string, kind: ContextKind, label: string, reason: string, secret: boolean, explicit = false): ContextItem {
  return { id, kind, explicit, label, detail: reason, text: '', excluded: reason, secret };
}

const ORIGIN_NOTES: Record<EditorOrigin, string> = {
  workspace: '',
  untitled: ' It is an unsaved, untitled buffer.',
  outside: ' It is outside the workspace.',
  'notebook-cell': ' It is one cell of a notebook; the other cells are not sent.',
};

function outlineText(outline: readonly OutlineEntry[]): string {
  const listed = outline.slice(0, 200).map((s) => `${'  '.repeat(s.depth)}- ${s.kind} ${s.name} (line ${s.line})`);
  return `Outline of the whole file:\n${listed.join('\n')}${outline.length > 200 ? `\n- and ${outline.length - 200} more` : ''}`;
}

/** The selection as an item; also used for a selection the person adds explicitly. */
export function selectionItem(
  path: string,
  languageId: string,
  selection: { readonly startLine: number; readonly endLine: number; readonly text: string },
  explicit = false,
): ContextItem {
  const { startLine, endLine } = selection;
  // A selection of whole lines ends with a line break; the fence adds its own.
  const text = selection.text.replace(/\r?\n$/, '');
  const span = startLine === endLine ? `L${startLine}` : `L${startLine}–${endLine}`;
  return {
    id: explicit ? `#selection:${path}:${startLine}-${endLine}` : 'selection',
    kind: 'selection',
    explicit,
    label: explicit ? `${baseName(path)} ${span}` : `selection ${span}`,
    detail: `The selected lines ${span.slice(1)} of ${path}.`,
    text: `Selected in ${path}, lines ${startLine}–${endLine}:\n${fenced(languageId, text)}`,
    excluded: undefined,
    secret: false,
  };
}

export function problemLines(diagnostics: readonly DiagnosticSnapshot[], limit: number): string[] {
  const listed = diagnostics.slice(0, limit).map((d) => `- line ${d.line} ${d.severity}: ${d.message}${d.source ? ` (${d.source})` : ''}`);
  if (diagnostics.length > limit) listed.push(`- and ${diagnostics.length - limit} more`);
  return listed;
}

export function workspaceItem(summary: WorkspaceSummary): ContextItem {
  const languages = summary.languages.length > 0 ? ` (${summary.languages.join(', ')})` : '';
  const where = summary.name === undefined ? 'No folder is open' : `Workspace "${summary.name}"${languages}`;
  const editors = summary.openEditors.length > 0 ? `; other open editors: ${summary.openEditors.join(', ')}` : '';
  return {
    id: 'workspace',
    kind: 'workspace',
    explicit: false,
    label: summary.name ?? 'no folder',
    detail:
      summary.name === undefined
        ? 'No folder is open: Parley sees only the open editors, and # can add nothing from disk.'
        : 'The workspace name, its main languages and the names of the other open editors (not their text).',
    text: `${where}${editors}.`,
    excluded: undefined,
    secret: false,
  };
}

export function contextItems(
  editor: EditorSnapshot | undefined,
  options: {
    readonly maxFileChars: number;
    readonly exclusions?: readonly ExclusionList[];
    readonly details?: EditorDetails;
    readonly workspace?: WorkspaceSummary;
  },
): ContextItem[] {
  const workspace = options.workspace ? [workspaceItem(options.workspace)] : [];
  if (!editor) return workspace;
  const name = baseName(editor.path);
  const excluded = exclusionOf(editor.path, options.exclusions);
  if (excluded) return [withheld('file', 'file', name, excluded, true), ...workspace];
  const origin = options.details?.origin ?? 'workspace';
  const note = ORIGIN_NOTES[origin];
  const items: ContextItem[] = [];
  const lines = editor.text.split(/\r?\n/);
  const file = { id: 'file', kind: 'file', explicit: false, excluded: undefined, secret: false } as const;
  if (editor.text.length <= options.maxFileChars) {
    items.push({
      ...file,
      label: name,
      detail: `The whole of ${editor.path} (${lines.length} lines).${note}`,
      text: `File ${editor.path}:\n${fenced(editor.languageId, editor.text)}`,
    });
  } else {
    const first = Math.max(1, editor.cursorLine - Math.floor(WINDOW_LINES / 2));
    const last = Math.min(lines.length, first + WINDOW_LINES - 1);
    const outline = options.details?.outline;
    items.push({
      ...file,
      label: `${name} L${first}–${last}`,
      detail: `Lines ${first}–${last} of ${editor.path} around the cursor${outline?.length ? ', with the outline of the rest' : ''}: the file has ${lines.length} lines, too many to send whole.${note}`,
      text:
        `Lines ${first}–${last} of ${editor.path} (${lines.length} lines in all; the rest was not sent):\n` +
        fenced(editor.languageId, numbered(lines.slice(first - 1, last), first)) +
        (outline?.length ? `\n${outlineText(outline)}` : ''),
    });
  }
  if (editor.selection && editor.selection.text.trim() !== '') {
    items.push(selectionItem(editor.path, editor.languageId, editor.selection));
  }
  const selection = editor.selection;
  const near = selection
    ? editor.diagnostics.filter((d) => d.line >= selection.startLine - 5 && d.line <= selection.endLine + 5)
    : editor.diagnostics;
  if (near.length > 0) {
    items.push({
      id: 'problems',
      kind: 'problems',
      explicit: false,
      label: `${near.length} problem${near.length === 1 ? '' : 's'}`,
      detail: `Problems reported in ${editor.path}${selection ? ' near the selection' : ''}.`,
      text: `Problems in ${editor.path}:\n${problemLines(near, 50).join('\n')}`,
      excluded: undefined,
      secret: false,
    });
  }
  return [...items, ...workspace];
}

/**
 * Which context goes first when not everything fits (issue 4): the selection, what the person added, the
 * active file, the problems, the lessons from earlier corrections, then the workspace line. Conversation history comes after all of these.
 */
export function contextPriority(item: ContextItem): number {
  if (item.kind === 'selection' && !item.explicit) return 0;
  if (item.explicit) return 1;
  if (item.kind === 'file') return 2;
  if (item.kind === 'problems') return 3;
  if (item.kind === 'lessons') return 4;
  return 5;
}

/** The question as sent: the context the person kept, then what they asked. */
export function withContext(question: string, items: readonly ContextItem[]): string {
  const sent = items.filter((item) => item.excluded === undefined && item.text !== '');
  if (sent.length === 0) return question;
  return `${sent.map((item) => item.text).join('\n\n')}\n\nQuestion:\n${question}`;
}
