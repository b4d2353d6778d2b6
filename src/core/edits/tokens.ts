// What a fuzzy placement must agree on: the names and literals of the code. A model that misquotes punctuation,
// spacing or a comment still means the same place; one whose SEARCH says `count` where the file says `total`, or
// "wrong" where the file says "hello", is describing other code, and placing it anyway is the wrong write the
// ladder exists to prevent. The language is not known here, so the rules are the ones most languages share.

// Whether a line is a whole-line comment, or part of one: `// …`, `# …` (a space after it, so `#include` and
// `#[derive]` are code), `/* …`, a ` * …` continuation, the closing star and slash, `<!-- …`. Only whole lines: a
// comment after code cannot be told from an operator (`a // b` divides in Python) without knowing the language.
export function isCommentLine(line: string): boolean {
  const text = line.trimStart();
  if (text.startsWith('//') || text.startsWith('<!--') || text.startsWith('*/')) return true;
  // `/* note */ code();` carries code after the comment closes.
  if (text.startsWith('/*')) return !/\*\/\s*\S/.test(text.slice(2));
  if (text === '#' || text.startsWith('# ') || text.startsWith('#\t') || text.startsWith('#!')) return true;
  // ` * text` inside a block comment; a `*` at the very start of a line is Markdown's bullet, not a continuation.
  return text !== line && (text === '*' || text.startsWith('* ') || text.startsWith('*\t'));
}

/** A line with no code on it: blank, or a comment line. */
export function carriesCode(line: string): boolean {
  return line.trim() !== '' && !isCommentLine(line);
}

const isWordStart = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36 || code > 127;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isWordPart = (code: number): boolean => isWordStart(code) || isDigit(code);

/** The identifiers, numbers and string literals of one line, in order; strings end at their line's end at the latest. */
function lineTokens(line: string, into: string[]): void {
  const n = line.length;
  let i = 0;
  while (i < n) {
    const code = line.charCodeAt(i);
    if (isWordStart(code) || isDigit(code)) {
      let end = i + 1;
      // A number keeps its dots and exponent (`1.5e3`), a name never has any.
      const number = isDigit(code);
      while (end < n && (isWordPart(line.charCodeAt(end)) || (number && line[end] === '.'))) end++;
      into.push(line.slice(i, end));
      i = end;
    } else if (code === 34 || code === 39 || code === 96) {
      let end = i + 1;
      while (end < n && line.charCodeAt(end) !== code) end += line[end] === '\\' ? 2 : 1;
      // Whitespace inside a literal is forgiven the way the whitespace rung forgives it: runs count as one space.
      into.push(line.slice(i, Math.min(n, end + 1)).replace(/\s+/g, ' '));
      i = end + 1;
    } else i++;
  }
}

/**
 * The identifier and literal tokens of lines, comment lines left out (models reword comments, and a comment pins
 * nothing that runs). Lines that are all comments keep their words: then the words are all there is to compare.
 */
export function codeTokens(lines: readonly string[]): string[] {
  const tokens: string[] = [];
  let inBlock = false;
  const code: string[] = [];
  for (const line of lines) {
    // Inside a `/* … */` that opened on an earlier line, every line is comment up to the one that closes it.
    const comment = inBlock || isCommentLine(line);
    const trimmed = line.trimStart();
    if (trimmed.startsWith('/*') || inBlock) inBlock = !line.includes('*/', inBlock ? 0 : line.indexOf('/*') + 2);
    if (!comment) code.push(line);
  }
  if (code.length === 0) for (const line of lines) lineTokens(line, tokens);
  else for (const line of code) lineTokens(line, tokens);
  return tokens;
}
