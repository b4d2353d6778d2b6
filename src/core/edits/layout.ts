// A file's layout, which an edit must keep: its line breaks (a CRLF file stays CRLF) and its indentation (tabs or
// spaces, and how many per level). Models write LF and indent the way their example happened to be indented; these
// helpers put the model's text in the file's style.

export type LineBreak = '\n' | '\r\n' | '\r';

/** The line break most lines of the text end with; LF for a text with none. */
export function detectLineBreak(text: string): LineBreak {
  if (!text.includes('\r')) return '\n';
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) lf++;
    else if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    }
  }
  if (crlf >= lf && crlf >= cr) return '\r\n';
  return cr > lf ? '\r' : '\n';
}

/** The text with every line break written as `lineBreak`. */
export function withLineBreaks(text: string, lineBreak: LineBreak): string {
  if (lineBreak === '\n' && !text.includes('\r')) return text;
  return text.replace(/\r\n|\r|\n/g, lineBreak);
}

export function endsWithLineBreak(text: string): boolean {
  return text.endsWith('\n') || text.endsWith('\r');
}

/** The same lines, compared without regard to line-break style or a final line break. */
export function sameLines(a: string, b: string): boolean {
  const plain = (text: string): string => withLineBreaks(text, '\n').replace(/\n$/, '');
  return plain(a) === plain(b);
}

export interface IndentStyle {
  readonly tabs: boolean;
  /** Spaces per level, when the lines show it. */
  readonly unit: number | undefined;
  /** Nearly every indented line uses the one kind (at most one in six the other): lines may be put in it. */
  readonly clear: boolean;
}

export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/**
 * How these lines indent: tabs or spaces (whichever starts more lines; a single space is a comment's ` *`, not
 * indentation), and the commonest step between a line and a deeper one that follows it.
 */
export function detectIndent(all: readonly string[], ...others: (readonly string[])[]): IndentStyle | undefined {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = -1;
  // Separate texts (a SEARCH and its REPLACE) are read one after the other: the jump from the last line of one to
  // the first of the next is no step of anyone's indentation.
  const lines = others.length === 0 ? all : [all, ...others].flatMap((group) => [undefined, ...group]);
  for (const line of lines) {
    if (line === undefined) {
      previous = -1;
      continue;
    }
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    if (indent.startsWith('\t')) tabs++;
    else if (indent.length >= 2) spaces++;
    if (indent.includes('\t')) {
      previous = -1;
      continue;
    }
    const step = indent.length - previous;
    if (previous >= 0 && step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = indent.length;
  }
  if (tabs === 0 && spaces === 0) return undefined;
  let unit: number | undefined;
  let best = 0;
  for (const [step, count] of steps) {
    if (count > best || (count === best && unit !== undefined && step < unit)) {
      unit = step;
      best = count;
    }
  }
  const [more, fewer] = tabs > spaces ? [tabs, spaces] : [spaces, tabs];
  return { tabs: tabs > spaces, unit, clear: more > fewer && fewer * 5 <= more };
}

function levelOf(indent: string, unit: number): number {
  let level = 0;
  for (const c of indent) level += c === '\t' ? 1 : 1 / unit;
  return level;
}

function render(level: number, tabs: boolean, unit: number): string {
  if (!tabs) return ' '.repeat(Math.max(0, Math.round(level * unit)));
  const whole = Math.floor(level + 1e-9);
  return '\t'.repeat(whole) + ' '.repeat(Math.max(0, Math.round((level - whole) * unit)));
}

/** Where a block of the model's lines goes: the indentation of its reference line, and of the file's. */
export interface IndentShift {
  readonly modelIndent: string;
  readonly modelStyle: IndentStyle | undefined;
  readonly fileIndent: string;
  readonly fileStyle: IndentStyle | undefined;
}

/**
 * The model's lines moved so that its reference line lands at the file's indentation, every line keeping its depth
 * relative to it, written with the file's tabs or spaces. Lines the file's style already fits come back unchanged.
 */
export function reindent(lines: readonly string[], shift: IndentShift): string[] {
  const { modelIndent, modelStyle, fileIndent, fileStyle } = shift;
  const fileTabs = fileStyle?.tabs ?? (fileIndent.length > 0 ? fileIndent.startsWith('\t') : (modelStyle?.tabs ?? false));
  const modelTabs = modelStyle?.tabs ?? fileTabs;
  // An undetectable step on one side is assumed to be the other side's.
  const modelUnit = modelStyle?.unit ?? fileStyle?.unit ?? 4;
  const fileUnit = fileStyle?.unit ?? modelStyle?.unit ?? 4;
  const delta = levelOf(fileIndent, fileUnit) - levelOf(modelIndent, modelUnit);
  const sameStyle = modelTabs === fileTabs && (fileTabs || modelUnit === fileUnit);
  if (Math.abs(delta) < 1e-9 && sameStyle) return [...lines];
  return lines.map((line) => {
    if (line.trim() === '') return '';
    const indent = indentOf(line);
    const level = Math.max(0, levelOf(indent, modelUnit) + delta);
    return render(level, fileTabs, fileUnit) + line.slice(indent.length);
  });
}

/**
 * The lines with their indentation in the file's tabs or spaces, for the lines that use the other kind when the
 * file clearly uses one: a model often copies the file's lines and indents the ones it adds its own way. Only the
 * indentation changes. Spaces become tabs at the model's step (else the file's, else 4) and tabs become the file's
 * step of spaces (else the model's, else 4); spaces left over stay, as alignment. Lines in `keep` (the file's own,
 * carried through unchanged) stay as they are, whatever their style.
 */
export function inFileStyle(
  lines: readonly string[],
  fileStyle: IndentStyle | undefined,
  modelUnit: number | undefined,
  keep: ReadonlySet<string> = new Set(),
): string[] {
  if (!fileStyle?.clear) return [...lines];
  return lines.map((line) => {
    if (keep.has(line)) return line;
    const indent = indentOf(line);
    if (fileStyle.tabs) {
      const spaces = /^ */.exec(indent)?.[0].length ?? 0;
      // One space is a comment's ` *`, not a level.
      if (spaces < 2) return line;
      const unit = modelUnit ?? fileStyle.unit ?? 4;
      return '\t'.repeat(Math.floor(spaces / unit)) + ' '.repeat(spaces % unit) + line.slice(spaces);
    }
    if (!indent.includes('\t')) return line;
    const unit = fileStyle.unit ?? modelUnit ?? 4;
    return indent.replace(/\t/g, ' '.repeat(unit)) + line.slice(indent.length);
  });
}
