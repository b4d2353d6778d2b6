// Reads the edits out of a model's answer: every fenced code block, what file it names, and what kind of edit it
// is (SEARCH/REPLACE pairs in Parley's, aider's, Cline's or Roo's markers, a unified diff, a V4A patch, a new or
// whole file, or a bare snippet for the active editor), and the fence-less forms aider and OpenAI's models write
// (SEARCH/REPLACE pairs after a path line, a bare `*** Begin Patch`). Models label files in many ways and get fences
// wrong in a few recurring ways; this accepts the common ones and never guesses a path from prose that is more than
// a label. A block that looks like an edit of any dialect but is not a well-formed one is a `malformed` block, which
// the planner refuses with its reason: only a block with nothing edit-like in it is a whole file.
//
// Texts are lines joined with '\n' (a CRLF answer reads the same as an LF one: the file's own line endings are the
// planner's business), without the line break that precedes a closing fence or a marker line. So a SEARCH of two
// lines is "a\nb", and an empty REPLACE is ''.
import { REPLACE_MARKER, SEARCH_MARKER, WRAPPER, isMarkerish, scanPairs } from './markers';
import { isPatchStart, readPatch } from './patch';
import type { BlockSource, DiffHunk, EditBlock } from './types';

export const FENCE = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
/** A SEARCH marker, or a damaged one, alone on a line of prose: the start of a fence-less edit. */
export const BARE_SEARCH = /^[ \t]*[<-]{2,}[ \t]*(?:SEARCH|ORIGINAL)>?[ \t]*$/i;
const HUNK_HEADER = /^@@+ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/;
/** Languages whose blocks are commands or output to read, not code to write somewhere (unless they name a file). */
const NOT_EDITS = new Set([
  'sh', 'bash', 'zsh', 'fish', 'shell', 'shellsession', 'sh-session', 'console', 'terminal', 'powershell', 'pwsh',
  'ps', 'cmd', 'output', 'text', 'txt', 'plaintext', 'plain', 'log',
]);
const DIFF_LANGUAGES = new Set(['diff', 'patch', 'udiff']);
/** Info-string words to VS Code language ids, for the snippets whose language the planner compares. */
const LANGUAGE_IDS: Readonly<Record<string, string>> = {
  ts: 'typescript', js: 'javascript', mjs: 'javascript', cjs: 'javascript', tsx: 'typescriptreact',
  jsx: 'javascriptreact', py: 'python', python3: 'python', rb: 'ruby', rs: 'rust', golang: 'go', yml: 'yaml',
  md: 'markdown', 'c++': 'cpp', cc: 'cpp', hpp: 'cpp', cs: 'csharp', 'c#': 'csharp', kt: 'kotlin', kts: 'kotlin',
  objc: 'objective-c', ps1: 'powershell',
  htm: 'html', jsonc: 'jsonc', json5: 'json5', dockerfile: 'dockerfile', tf: 'terraform', ex: 'elixir', hs: 'haskell',
  vb: 'vb', fs: 'fsharp', pl: 'perl', proto: 'proto3', scss: 'scss', sass: 'sass', vue: 'vue', svelte: 'svelte',
};
/** Files commonly named without an extension, taken as paths when a label names them. */
const EXTENSIONLESS = new Set([
  'Makefile', 'Dockerfile', 'Containerfile', 'Gemfile', 'Rakefile', 'Procfile', 'Jenkinsfile', 'Justfile', 'Vagrantfile',
  'LICENSE', 'CODEOWNERS', 'Brewfile', 'Pipfile',
]);

/** Libraries whose names look like file names, as a heading or bold line before a block would name them. */
const LIBRARY_NAMES =
  /^(?:node|vue|next|nuxt|express|three|d3|chart|ember|backbone|alpine|react|angular|solid|preact|knockout|meteor|moment|p5|pixi|leaflet|socket)\.js$/i;

/** A fenced code block as found: its info string, its lines (the fence's indentation removed), the prose before. */
interface Fence {
  readonly info: string;
  readonly body: readonly string[];
  /** The last non-blank line between the previous block and this one, if any. */
  readonly before: string | undefined;
  readonly source: BlockSource;
}

interface Label {
  readonly path: string;
  readonly isNew: boolean;
}

/** The edit blocks of an answer, in the order they appear. */
export function parseEdits(answer: string): EditBlock[] {
  const lines = answer.split(/\r\n|\r|\n/);
  const blocks: EditBlock[] = [];
  let before: string | undefined;
  let codeBlock = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const source = { codeBlock, line: i + 1 };
    const open = FENCE.exec(line);
    const [, indent = '', marker = '', info = ''] = open ?? [];
    // A backtick fence's info string cannot contain a backtick (that line is inline code, not a fence).
    if (open !== null && !(marker.startsWith('`') && info.includes('`'))) {
      const close = closingLine(lines, i, indent, marker);
      let body = lines.slice(i + 1, close).map((l) => withoutIndent(l, indent.length));
      // An unclosed block runs to the end; the answer's final line break is not part of it.
      if (close === lines.length && body.at(-1) === '') body = body.slice(0, -1);
      blocks.push(...blocksOf({ info, body, before, source }));
      codeBlock++;
      before = undefined;
      i = close;
      continue;
    }
    if (isPatchStart(line)) {
      const patch = readPatch(lines, i, source);
      blocks.push(...patch.blocks);
      codeBlock++;
      before = undefined;
      i = patch.end - 1;
      continue;
    }
    if (REPLACE_MARKER.test(line)) {
      const reason = `An edit block has a ${line.trim()} marker with no SEARCH marker before it; nothing in it was applied.`;
      const path = before === undefined ? undefined : parseLabel(before)?.path;
      blocks.push({ kind: 'malformed', path, reason, text: line, source });
      codeBlock++;
      continue;
    }
    if (BARE_SEARCH.test(line)) {
      const label = before === undefined ? undefined : parseLabel(before)?.path;
      const scan = scanPairs(lines, i, { path: label, pathOf, bare: true });
      // A broken fence-less edit runs at least to its next REPLACE marker: nothing in it is read as another edit.
      const end = scan.kind === 'pairs' ? scan.end : Math.max(scan.end, replaceAfter(lines, i));
      blocks.push(...pairBlocks(scan, lines.slice(i, end), label, source));
      codeBlock++;
      before = undefined;
      i = end - 1;
      continue;
    }
    if (line.trim() !== '' && !WRAPPER.test(line)) before = line;
  }
  return blocks;
}

/** The index of the line after the first REPLACE-like marker after `from`, or lines.length. */
export function replaceAfter(lines: readonly string[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (REPLACE_MARKER.test(line) || (isMarkerish(line) && /REPLACE|UPDATED/i.test(line))) return i + 1;
  }
  return lines.length;
}

/** A line between SEARCH/REPLACE pairs that names the file of the pairs after it. */
export function pathOf(line: string): string | undefined {
  return parseLabel(line)?.path ?? commentPath(line, undefined);
}

/** The blocks of a scan of SEARCH/REPLACE pairs: one per pair, or one malformed block for all of them. */
function pairBlocks(scan: ReturnType<typeof scanPairs>, text: readonly string[], path: string | undefined, source: BlockSource): EditBlock[] {
  if (scan.kind === 'malformed') {
    const subject = path === undefined ? 'An edit block' : `The edit block for ${path}`;
    const reason = `${subject} ${scan.problem}; nothing in it was applied.`;
    return [{ kind: 'malformed', path, reason, text: text.join('\n'), source }];
  }
  return scan.pairs.map((pair): EditBlock => {
    if (pair.search.trim() === '' && pair.path !== undefined) return { kind: 'newFile', path: pair.path, text: pair.replace, source };
    return { kind: 'searchReplace', path: pair.path, search: pair.search, replace: pair.replace, source, ...(pair.hint ? { hint: pair.hint } : {}) };
  });
}

/**
 * The index of the line that closes the fence opened at `start` (lines.length when none does). CommonMark closes
 * it at the first bare fence of the same kind and at least its length; models, though, often put an inner block of
 * the same length inside (a Markdown file with a code block in it), so an inner opening fence with an info string
 * is taken as nested and its bare fence as its own end, and no fence ends the block inside an unfinished
 * SEARCH/REPLACE pair. When that reading finds no end, it was wrong (or the answer was cut short, when nothing can
 * be trusted anyway), and the CommonMark reading is used.
 */
export function closingLine(lines: readonly string[], start: number, indent: string, marker: string): number {
  let depth = 0;
  let inPair = false;
  let commonMark = -1;
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j] ?? '';
    if (SEARCH_MARKER.test(line)) inPair = true;
    else if (REPLACE_MARKER.test(line)) inPair = false;
    const fence = FENCE.exec(line);
    const [, fenceIndent = '', fenceMarker = '', info = ''] = fence ?? [];
    if (fence === null || fenceMarker[0] !== marker[0] || fenceMarker.length < marker.length) continue;
    if (info.trim() !== '') {
      if (!(fenceMarker.startsWith('`') && info.includes('`'))) depth++;
      continue;
    }
    const closes = fenceIndent.length <= Math.max(3, indent.length + 3);
    if (closes && commonMark < 0) commonMark = j;
    if (depth > 0) depth--;
    else if (closes && !inPair) return j;
  }
  return commonMark >= 0 ? commonMark : lines.length;
}

/** A content line without up to `width` characters of the opening fence's indentation (as CommonMark does). */
function withoutIndent(line: string, width: number): string {
  let k = 0;
  while (k < width && k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
  return line.slice(k);
}

function blocksOf(fence: Fence): EditBlock[] {
  const info = parseInfo(fence.info);
  const label = fence.before === undefined ? undefined : parseLabel(fence.before);
  let path = info.path ?? label?.path;
  let body = fence.body;
  // `// src/csv.ts` as the first line names the file (unless a label already names another); it is not content.
  const first = body[0] === undefined ? undefined : commentPath(body[0], info.language);
  if (first !== undefined && (path === undefined || path === first)) {
    path = first;
    body = body.slice(1);
  }
  const { source } = fence;
  if (body.some(isMarkerish)) return pairBlocks(scanPairs(body, 0, { path, pathOf }), body, path, source);
  const firstLine = body.findIndex((line) => line.trim() !== '');
  if (firstLine >= 0 && isPatchStart(body[firstLine] ?? '')) return readPatch(body, firstLine, source).blocks;
  const isDiffLanguage = info.language !== undefined && DIFF_LANGUAGES.has(info.language);
  if (isDiffLanguage || looksLikeDiff(body)) {
    const diffs = diffBlocks(body, path, source, isDiffLanguage);
    if (diffs.length > 0 || isDiffLanguage) return diffs;
  }
  const text = body.join('\n');
  if (path !== undefined) {
    if (info.isNew || label?.isNew === true) return [{ kind: 'newFile', path, text, source }];
    // An empty block for a file is far more often a slip than a request to empty the file.
    return text.trim() === '' ? [] : [{ kind: 'wholeFile', path, text, source }];
  }
  if (text.trim() === '' || (info.language !== undefined && NOT_EDITS.has(info.language))) return [];
  return [{ kind: 'snippet', languageId: languageId(info.language), text, source }];
}

/** `(new file)`, `(new)`, or the words `new file` (not part of a name such as new-file.ts). */
const NEW_IN_INFO = /\(\s*new(?:[ -]file)?\s*\)|(?<=^|\s)new file(?=\s|$)/i;

interface Info {
  /** The first word, lowercased, when it is not itself the path. */
  readonly language: string | undefined;
  readonly path: string | undefined;
  readonly isNew: boolean;
}

/** ```ts src/csv.ts, ```src/csv.ts, ```ts:src/csv.ts, ```ts title="src/csv.ts", ```ts (new file) src/x.ts, … */
function parseInfo(info: string): Info {
  let rest = info.trim();
  const isNew = NEW_IN_INFO.test(rest);
  rest = rest.replace(NEW_IN_INFO, ' ');
  let path: string | undefined;
  const attribute = /\b(?:title|file|filename|filepath|path|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}]+))/i.exec(rest);
  if (attribute !== null) {
    path = cleanPath(attribute[1] ?? attribute[2] ?? attribute[3] ?? '');
    rest = rest.replace(attribute[0], ' ');
  }
  // Attribute lists such as {1,3-4} or {.numberLines}.
  const words = rest.replace(/\{[^}]*\}/g, ' ').split(/\s+/).filter((w) => w !== '');
  let language: string | undefined;
  const [first, ...others] = words;
  if (first !== undefined) {
    const joined = /^([\w+#-]+):(.+)$/.exec(first);
    const firstPath = cleanPath(first);
    if (joined !== null && cleanPath(joined[2] ?? '') !== undefined) {
      language = joined[1]?.toLowerCase();
      path ??= cleanPath(joined[2] ?? '');
    } else if (firstPath !== undefined && /[/.]/.test(firstPath)) {
      path ??= firstPath;
      language = /\.(diff|patch)$/i.test(firstPath) ? 'diff' : undefined;
    } else {
      language = first.toLowerCase();
    }
  }
  for (const word of others) {
    if (path !== undefined) break;
    const candidate = cleanPath(word);
    if (candidate !== undefined && /[/.]/.test(candidate)) path = candidate;
  }
  return { language, path, isNew };
}

// Words that may introduce a path on the line before a fence: "File: x", "New file: x", "Update `x`:".
const LABEL_WORDS =
  /^(?:(new file|create|created|creating|add|added)|file ?name|file ?path|file|path|update|updated|modify|modified|edit|edited|change|changes to|in)\s*:?\s+/i;

/**
 * The path a line names when it is nothing but a label: `src/csv.ts`, **src/csv.ts**, `src/csv.ts`:, File: src/csv.ts,
 * ### src/csv.ts, New file: src/x.ts, src/x.ts (new file). A sentence that mentions a path is not a label.
 */
export function parseLabel(line: string): Label | undefined {
  let text = line.trim().replace(/^#{1,6}\s+/, '').replace(/^(?:[-*+]|\d{1,3}[.)])\s+/, '');
  // Cline's and Roo's tool calls: <path>src/a.ts</path>.
  text = text.replace(/^<path>\s*(.*?)\s*<\/path>$/i, '$1');
  // Emphasis around the label; `__` only as a pair around all of it, since __init__.py is a name.
  text = text.replace(/\*\*/g, '').trim();
  const wrapped = /^(__|\*|_)(\S.*?)\1(:?)$/.exec(text);
  if (wrapped !== null) text = `${wrapped[2] ?? ''}${wrapped[3] ?? ''}`.trim();
  let isNew = false;
  const newSuffix = /\s*\((?:new|new file|created?)\)\s*:?$/i;
  if (newSuffix.test(text)) {
    isNew = true;
    text = text.replace(newSuffix, '');
  }
  text = text.replace(/:$/, '').trim();
  const word = LABEL_WORDS.exec(text);
  if (word !== null) {
    isNew ||= word[1] !== undefined;
    text = text.slice(word[0].length);
  }
  if (/\s/.test(text)) return undefined;
  const quoted = /^`[^`]+`:?$/.test(text);
  const path = cleanPath(text);
  if (path === undefined) return undefined;
  // "Node.js" or "Vue.js" alone on a line is a heading about a library, not a file; in backticks it is a file.
  if (!quoted && LIBRARY_NAMES.test(path)) return undefined;
  return { path, isNew };
}

/** `// src/csv.ts`, `# src/report.py`, `<!-- docs/a.md -->`, `/* a.css *\/`, `-- db/x.sql`, `// filepath: x`. */
function commentPath(line: string, language: string | undefined): string | undefined {
  const comment =
    /^\s*(?:\/\/+|#+|--|;+|%+|\/\*+|<!--|\{\/\*|\(\*)\s*(?:(?:file|filename|filepath|file path|path)\s*:\s*)?(\S+?)\s*(?:\*+\/\}?|-->|\*\))?\s*$/i.exec(
      line,
    );
  // In Markdown, `# README.md` is a heading that belongs to the file.
  if (comment === null || (line.trimStart().startsWith('#') && (language === 'markdown' || language === 'md'))) return undefined;
  const path = cleanPath(comment[1] ?? '');
  return path !== undefined && /[/.]/.test(path) ? path : undefined;
}

/**
 * A label's text as a workspace path, or undefined when it does not look like one: no spaces, a slash or an
 * extension (or a well-known extensionless name), not a URL. Backticks, quotes, a trailing colon, a line suffix
 * (`:10-20`, `#L10`) and a leading `./` are removed; backslashes become slashes.
 */
function cleanPath(raw: string): string | undefined {
  let path = raw.trim().replace(/^[`'"]+|[`'"]+$/g, '').replace(/[:,;]$/, '').replace(/^[`'"]+|[`'"]+$/g, '');
  path = path.replace(/(?::\d+(?:-\d+)?|#L\d+(?:-L?\d+)?)$/, '').replace(/\\/g, '/');
  while (path.startsWith('./')) path = path.slice(2);
  if (path === '' || /\s/.test(path) || path.includes('://') || path.endsWith('/') || /[<>|*?{}]/.test(path)) {
    return undefined;
  }
  const name = path.split('/').pop() ?? '';
  const extension = /^.+\.([\w-]+)$/.exec(name)?.[1];
  const hasExtension = extension !== undefined && /[a-z]/.test(extension);
  // A dotfile such as .gitignore or .env.local counts as a file too.
  const dotfile = /^\.[\w][\w.-]*$/.test(name);
  if (!hasExtension && !dotfile && !EXTENSIONLESS.has(name) && !path.includes('/')) return undefined;
  return /^[\w.@~/[(-]/.test(path) && !/^\.+$/.test(name) ? path : undefined;
}

function languageId(language: string | undefined): string | undefined {
  if (language === undefined || language === 'text' || language === 'plaintext') return undefined;
  return LANGUAGE_IDS[language] ?? language;
}

function looksLikeDiff(body: readonly string[]): boolean {
  return body.some(
    (line, i) => HUNK_HEADER.test(line) || (line.startsWith('--- ') && (body[i + 1] ?? '').startsWith('+++ ')),
  );
}

interface DiffFile {
  oldPath: string | undefined;
  newPath: string | undefined;
  readonly hunks: { oldStart: number; lines: string[] }[];
}

/**
 * One block per file of a unified diff. Headers (`diff --git`, `---`/`+++`) start a file; `@@` a hunk, whose line
 * numbers are kept as hints only. Within a hunk, a line without a prefix is context whose leading space the model
 * dropped (often a blank line). A diff without headers is one hunk of the block's file.
 */
function diffBlocks(body: readonly string[], path: string | undefined, source: BlockSource, isDiffLanguage: boolean): EditBlock[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let hunk: { oldStart: number; lines: string[] } | undefined;
  for (let i = 0; i < body.length; i++) {
    const line = body[i] ?? '';
    const git = /^diff --git (\S+) (\S+)/.exec(line);
    if (git !== null) {
      file = { oldPath: diffPath(git[1] ?? ''), newPath: diffPath(git[2] ?? ''), hunks: [] };
      files.push(file);
      hunk = undefined;
      continue;
    }
    if (line.startsWith('--- ') && (body[i + 1] ?? '').startsWith('+++ ')) {
      if (file === undefined || file.hunks.length > 0) {
        file = { oldPath: undefined, newPath: undefined, hunks: [] };
        files.push(file);
      }
      file.oldPath = diffPath(line.slice(4));
      file.newPath = diffPath((body[i + 1] ?? '').slice(4));
      hunk = undefined;
      i++;
      continue;
    }
    if (line.startsWith('@@')) {
      if (file === undefined) {
        file = { oldPath: undefined, newPath: undefined, hunks: [] };
        files.push(file);
      }
      hunk = { oldStart: Number(HUNK_HEADER.exec(line)?.[1] ?? 0), lines: [] };
      file.hunks.push(hunk);
      continue;
    }
    if (line.startsWith('\\')) continue; // "\ No newline at end of file"
    if (hunk === undefined) {
      // Headers without `@@`, or a `diff` block of bare +/- lines: one hunk with no line number.
      if (!/^[-+ ]/.test(line) || (file === undefined && !isDiffLanguage)) continue;
      if (file === undefined) {
        file = { oldPath: undefined, newPath: undefined, hunks: [] };
        files.push(file);
      }
      hunk = { oldStart: 0, lines: [] };
      file.hunks.push(hunk);
    }
    hunk.lines.push(/^[-+ ]/.test(line) ? line : ` ${line}`);
  }
  const blocks: EditBlock[] = [];
  for (const { oldPath, newPath, hunks } of files) {
    for (const h of hunks) while (h.lines.at(-1) === ' ') h.lines.pop();
    const changed = hunks.filter((h) => h.lines.some((l) => l.startsWith('+') || l.startsWith('-')));
    if (changed.length === 0) continue;
    if (oldPath === '/dev/null' && newPath !== undefined && newPath !== '/dev/null') {
      const text = changed.flatMap((h) => h.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1))).join('\n');
      blocks.push({ kind: 'newFile', path: newPath, text, source });
      continue;
    }
    if (newPath === '/dev/null' && oldPath !== undefined && oldPath !== '/dev/null') {
      const reason = `Deleting files is not supported; ${oldPath} was left as it is.`;
      blocks.push({ kind: 'malformed', path: oldPath, reason, text: body.join('\n'), source });
      continue;
    }
    const target = newPath !== undefined && newPath !== '/dev/null' ? newPath : (oldPath ?? path);
    if (target === undefined || target === '/dev/null') continue;
    const diffHunks: DiffHunk[] = changed.map((h) => ({ oldStart: h.oldStart, lines: h.lines }));
    blocks.push({ kind: 'unifiedDiff', path: target, hunks: diffHunks, source });
  }
  return blocks;
}

/** A path from a diff header: the timestamp after a tab dropped, and git's `a/` `b/` prefixes and `./` removed. */
function diffPath(header: string): string | undefined {
  const token = header.split('\t')[0]?.trim().split(/\s+/)[0] ?? '';
  if (token === '/dev/null') return token;
  let path = token.replace(/^["']|["']$/g, '').replace(/\\/g, '/');
  path = path.replace(/^[ab]\//, '');
  while (path.startsWith('./')) path = path.slice(2);
  return path === '' ? undefined : path;
}
