// Context the person adds on purpose (with # in the input, or Add to Parley): a file, a selection, the problems
// of the whole workspace, the working-tree changes, a symbol. Each becomes an item like the editor's own, and a
// file that cannot or must not be sent becomes an item that says why. Plain data in and out: the host reads.
import { baseName, DEFAULT_EXCLUSIONS, exclusionOf, fenced, numbered, problemLines, withheld } from './items';
import type { ContextItem, DiagnosticSnapshot, ExclusionList } from './items';

/** Files are read up to this many bytes; the rest is left out with a note. */
export const MAX_READ_BYTES = 1024 * 1024;

export interface FileRead {
  /** The bytes read: the whole file, or its first MAX_READ_BYTES. */
  readonly bytes: Uint8Array;
  /** The file's full size in bytes. */
  readonly size: number;
}

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** NUL bytes in the first 8 KB are what git and VS Code take as the mark of a binary file. */
function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** The text of a file, or why it cannot be read as text. */
export function decodeText(read: FileRead): { readonly text: string; readonly partial: boolean } | { readonly problem: string } {
  const partial = read.size > read.bytes.length;
  const { bytes } = read;
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
    return { text, partial };
  }
  if (looksBinary(bytes)) return { problem: 'looks like a binary file' };
  try {
    // A partial read may end inside a character: `stream` leaves it out instead of failing.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes, { stream: partial });
    return { text, partial };
  } catch {
    return { problem: 'is not UTF-8 text (Parley sends UTF-8 and UTF-16 files only)' };
  }
}

export interface FileItemOptions {
  readonly languageId: string;
  readonly maxFileChars: number;
  readonly exclusions?: readonly ExclusionList[];
  /** The file is not in the workspace (added from elsewhere): sent, and said so. */
  readonly outside?: boolean;
}

/** A file the person added: its text (or its first lines when long), or a chip saying why not. */
export function fileItem(path: string, read: FileRead | undefined, options: FileItemOptions): ContextItem {
  const id = `#file:${path}`;
  const name = baseName(path);
  const excluded = exclusionOf(path, options.exclusions);
  if (excluded) return withheld(id, 'file', name, excluded, true, true);
  if (!read) return withheld(id, 'file', name, `${path} could not be read (it may have been moved or deleted); nothing from it is sent.`, false, true);
  const decoded = decodeText(read);
  if ('problem' in decoded) return withheld(id, 'file', name, `${name} ${decoded.problem}; nothing from it is sent.`, false, true);
  const where = options.outside ? ' It is outside the workspace.' : '';
  const lines = decoded.text.split(/\r?\n/);
  if (decoded.text.length <= options.maxFileChars && !decoded.partial) {
    return {
      id,
      kind: 'file',
      explicit: true,
      label: name,
      detail: `The whole of ${path} (${lines.length} lines).${where}`,
      text: `File ${path}:\n${fenced(options.languageId, decoded.text)}`,
      excluded: undefined,
      secret: false,
    };
  }
  // Long files: the first lines that fit, numbered so the model can point at them, and a note of what is missing.
  let chars = 0;
  let shown = 0;
  while (shown < lines.length && chars + (lines[shown]?.length ?? 0) + 1 <= options.maxFileChars) chars += (lines[shown++]?.length ?? 0) + 1;
  shown = Math.max(1, shown);
  const whole = decoded.partial ? `${sizeText(read.size)}, more than Parley reads (${sizeText(MAX_READ_BYTES)})` : `${lines.length} lines`;
  return {
    id,
    kind: 'file',
    explicit: true,
    label: `${name} L1–${shown}`,
    detail: `The first ${shown} lines of ${path}: the file (${whole}) is too long to send whole.${where}`,
    text: `Lines 1–${shown} of ${path} (${whole}; the rest was not sent):\n${fenced(options.languageId, numbered(lines.slice(0, shown), 1))}`,
    excluded: undefined,
    secret: false,
  };
}

/**
 * Why a file is excluded, in the few words the # picker shows beside it ("secret file by default", "excluded by
 * .parleyignore"), or undefined when it may be sent.
 */
export function exclusionReason(path: string, lists: readonly ExclusionList[] = [DEFAULT_EXCLUSIONS]): string | undefined {
  const list = lists.find((l) => exclusionOf(path, [l]) !== undefined);
  if (!list) return undefined;
  return list.source === DEFAULT_EXCLUSIONS.source ? 'secret file by default' : `excluded by ${list.source}`;
}

/** The locked chip for a file chosen although withheld (e.g. git-ignored): says why, and was never read. */
export function withheldFileItem(path: string, reason: string): ContextItem {
  const name = baseName(path);
  return withheld(`#file:${path}`, 'file', name, `${path} is ${reason}: Parley does not read it, and its text is never sent.`, true, true);
}

/** The problems of the whole workspace, errors first, files named. */
export function workspaceProblemsItem(files: readonly { readonly path: string; readonly diagnostics: readonly DiagnosticSnapshot[] }[]): ContextItem {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const withProblems = files.filter((f) => f.diagnostics.length > 0);
  const total = withProblems.reduce((n, f) => n + f.diagnostics.length, 0);
  const sections = withProblems
    .map((f) => ({ ...f, worst: Math.min(...f.diagnostics.map((d) => rank[d.severity])) }))
    .sort((a, b) => a.worst - b.worst || a.path.localeCompare(b.path))
    .slice(0, 30)
    .map((f) => `${f.path}:\n${problemLines([...f.diagnostics].sort((a, b) => rank[a.severity] - rank[b.severity]), 20).join('\n')}`);
  return {
    id: '#problems',
    kind: 'problems',
    explicit: true,
    label: `${total} problem${total === 1 ? '' : 's'} in workspace`,
    detail: total === 0 ? 'The workspace has no problems reported.' : `The problems reported in ${withProblems.length} file${withProblems.length === 1 ? '' : 's'} of the workspace.`,
    text: total === 0 ? 'Problems in the workspace: none reported.' : `Problems in the workspace:\n${sections.join('\n')}${withProblems.length > 30 ? `\n(and ${withProblems.length - 30} more files)` : ''}`,
    excluded: undefined,
    secret: false,
  };
}

/**
 * The working-tree changes as a unified diff, or why there are none. Files the exclusions cover are cut out of
 * the diff (a changed `.env` must not leave the machine as a diff either), and named in the detail.
 */
export function changesItem(diff: string | { readonly problem: string }, exclusions?: readonly ExclusionList[]): ContextItem {
  if (typeof diff !== 'string') return withheld('#changes', 'changes', 'changes', diff.problem, false, true);
  const sections = diff.split(/^(?=diff --git )/m).filter((s) => s.trim() !== '');
  const left: string[] = [];
  const kept = sections.filter((section) => {
    const path = /^diff --git a\/(\S+)/.exec(section)?.[1];
    if (path && exclusionOf(path, exclusions)) {
      left.push(path);
      return false;
    }
    return true;
  });
  if (kept.length === 0) {
    const reason = left.length > 0 ? `The only changed files (${left.join(', ')}) are excluded; nothing is sent.` : 'There are no uncommitted changes.';
    return withheld('#changes', 'changes', 'changes', reason, left.length > 0, true);
  }
  const files = kept.length;
  return {
    id: '#changes',
    kind: 'changes',
    explicit: true,
    label: `changes (${files} file${files === 1 ? '' : 's'})`,
    detail: `The uncommitted changes of ${files} file${files === 1 ? '' : 's'}, as a diff.${left.length > 0 ? ` Left out as excluded: ${left.join(', ')}.` : ''}`,
    text: `Uncommitted changes in the working tree:\n${fenced('diff', kept.join('').trimEnd())}`,
    excluded: undefined,
    secret: false,
  };
}

/** A function, class or other symbol found by name: its code, where it is. */
export function symbolItem(
  symbol: { readonly name: string; readonly kind: string; readonly path: string; readonly startLine: number; readonly text: string; readonly languageId: string },
  exclusions?: readonly ExclusionList[],
): ContextItem {
  const id = `#symbol:${symbol.path}:${symbol.startLine}:${symbol.name}`;
  const excluded = exclusionOf(symbol.path, exclusions);
  if (excluded) return withheld(id, 'symbol', symbol.name, excluded, true, true);
  const lines = symbol.text.split(/\r?\n/).length;
  return {
    id,
    kind: 'symbol',
    explicit: true,
    label: symbol.name,
    detail: `The ${symbol.kind} ${symbol.name} in ${symbol.path}, lines ${symbol.startLine}–${symbol.startLine + lines - 1}.`,
    text: `The ${symbol.kind} ${symbol.name} in ${symbol.path}, from line ${symbol.startLine}:\n${fenced(symbol.languageId, symbol.text)}`,
    excluded: undefined,
    secret: false,
  };
}
