// Cuts a file into the pieces the index ranks and #codebase sends. Where a cheap rule finds where functions and
// classes start (a keyword or a method head at the start of a line), a chunk is one top-level symbol, with the
// comments and decorators just above it; a symbol too long to send is cut at its nested starts, else into windows.
// A file with no such starts (markdown, config, data) is cut into overlapping windows of lines. No language
// server is needed, so a file is chunked the same way in the index's worker and in the tests.

export interface Chunk {
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The names of the symbols that start in it, for the index to match ('' when none). */
  readonly symbols: string;
}

export interface ChunkOptions {
  /** Lines of a window where no symbol starts. */
  readonly window: number;
  /** Lines two neighbouring windows share, so code cut at a window's edge is whole in one of them. */
  readonly overlap: number;
  /** A symbol longer than this is cut further. */
  readonly maxLines: number;
  /** Neighbouring pieces shorter than this are joined (a run of one-line constants is one chunk). */
  readonly minLines: number;
}

export const CHUNK_OPTIONS: ChunkOptions = { window: 60, overlap: 15, maxLines: 120, minLines: 8 };

interface Start {
  /** 0-based line. */
  readonly line: number;
  readonly indent: number;
  readonly name: string;
}

const MODIFIERS = String.raw`(?:(?:export|default|declare|async|public|private|protected|internal|static|abstract|override|final|open|sealed|inline|unsafe|extern|pub(?:\([a-z]+\))?|const)\s+)*`;
const KEYWORD_START = new RegExp(
  String.raw`^(\s*)${MODIFIERS}(?:function\*?|class|interface|enum|struct|trait|impl|def|fn|func|type|module|namespace|object|record|protocol|extension|mod|macro_rules!)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)`,
);
/** `const parseRow = (…) =>` / `= function`: a function by assignment. */
const ASSIGNED_FUNCTION = new RegExp(String.raw`^(\s*)${MODIFIERS}(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>)`);
/** A method head in a class body: an indented `name(…) {`, not a control statement. */
const METHOD_START = /^(\s+)(?:(?:public|private|protected|static|async|override|readonly|get|set)\s+)*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\([^)]*\)\s*(?::\s*[^{;]+)?\{\s*$/;
const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'function', 'else', 'do', 'try']);
/** Lines that belong to the symbol below them: comments, doc strings' openings and decorators. */
const LEADING = /^\s*(?:\/\/|\/\*|\*|#(?!include|define|if|endif)|@|"""|'''|--|;;)/;

function indentOf(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === ' ') n++;
    else if (c === '\t') n += 4;
    else break;
  }
  return n;
}

function startsIn(lines: readonly string[]): Start[] {
  const starts: Start[] = [];
  lines.forEach((line, i) => {
    if (line.length > 300) return;
    const match = KEYWORD_START.exec(line) ?? ASSIGNED_FUNCTION.exec(line) ?? METHOD_START.exec(line);
    const name = match?.[2];
    if (match && name && !CONTROL.has(name)) starts.push({ line: i, indent: indentOf(line), name });
  });
  return starts;
}

interface Span {
  start: number;
  end: number;
  names: string[];
}

/** The chunks of a file's lines, in order, covering every non-blank line at least once. */
export function chunkLines(lines: readonly string[], options: ChunkOptions = CHUNK_OPTIONS): Chunk[] {
  const starts = startsIn(lines);
  const spans = starts.length === 0 ? windows(0, lines.length - 1, options, []) : bySymbol(lines, starts, 0, lines.length - 1, options);
  const chunks: Chunk[] = [];
  for (const span of joinSmall(spans.map((s) => trim(lines, s)).filter((s): s is Span => s !== undefined), options)) {
    chunks.push({ startLine: span.start + 1, endLine: span.end + 1, symbols: span.names.join(' ') });
  }
  return chunks;
}

export function chunkText(text: string, options: ChunkOptions = CHUNK_OPTIONS): Chunk[] {
  return chunkLines(text.split(/\r?\n/), options);
}

/** Spans from `first` to `last` (0-based, inclusive), cut at the shallowest starts in them. */
function bySymbol(lines: readonly string[], starts: readonly Start[], first: number, last: number, options: ChunkOptions): Span[] {
  const inside = starts.filter((s) => s.line >= first && s.line <= last);
  if (inside.length === 0) return windows(first, last, options, []);
  const top = Math.min(...inside.map((s) => s.indent));
  const heads = inside.filter((s) => s.indent === top);
  const spans: Span[] = [];
  const cuts = heads.map((head) => {
    let line = head.line;
    while (line - 1 >= first && LEADING.test(lines[line - 1] ?? '') && !heads.some((h) => h.line === line - 1)) line--;
    return line;
  });
  if (cuts[0]! > first) spans.push({ start: first, end: cuts[0]! - 1, names: [] });
  heads.forEach((head, i) => {
    const start = cuts[i]!;
    const end = i + 1 < heads.length ? cuts[i + 1]! - 1 : last;
    if (end - start + 1 <= options.maxLines) spans.push({ start, end, names: [head.name] });
    else {
      // A long class or function: cut at what starts inside it, else into windows, each still named after it.
      const nested = starts.some((s) => s.line > head.line && s.line <= end && s.indent > top);
      const parts = nested ? bySymbol(lines, starts, head.line + 1, end, options) : windows(start, end, options, []);
      if (nested && head.line >= start) spans.push({ start, end: head.line, names: [head.name] });
      for (const part of parts) spans.push({ ...part, names: [head.name, ...part.names] });
    }
  });
  return spans;
}

function windows(first: number, last: number, options: ChunkOptions, names: string[]): Span[] {
  const spans: Span[] = [];
  const step = Math.max(1, options.window - options.overlap);
  for (let start = first; start <= last; start += step) {
    const end = Math.min(last, start + options.window - 1);
    spans.push({ start, end, names });
    if (end === last) break;
  }
  return spans;
}

function trim(lines: readonly string[], span: Span): Span | undefined {
  let { start, end } = span;
  while (start <= end && (lines[start] ?? '').trim() === '') start++;
  while (end >= start && (lines[end] ?? '').trim() === '') end--;
  return start <= end ? { start, end, names: span.names } : undefined;
}

/** Joins runs of short neighbouring spans, up to a window's length. */
function joinSmall(spans: readonly Span[], options: ChunkOptions): Span[] {
  const joined: Span[] = [];
  for (const span of spans) {
    const previous = joined[joined.length - 1];
    const short = (s: Span) => s.end - s.start + 1 < options.minLines;
    if (previous && (short(previous) || short(span)) && span.start > previous.end && span.end - previous.start + 1 <= options.window) {
      joined[joined.length - 1] = { start: previous.start, end: span.end, names: [...previous.names, ...span.names] };
    } else joined.push({ ...span, names: [...span.names] });
  }
  return joined;
}
