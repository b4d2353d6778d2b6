// Words for the lexical index: code is searched by the words its identifiers are made of, so "where is the retry
// delay computed" finds `computeRetryDelay` and `retry_delay_ms`. Identifiers are split at camelCase humps, at
// digits and at `_`/`$`; the whole identifier is kept too, so an exact name still ranks first. A light suffix
// rule lets "retries", "retrying" and "retry" meet without a full stemmer.

/** Words too common in questions and code to tell one chunk from another. */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'do', 'does', 'for', 'from', 'how', 'if', 'in', 'into', 'is', 'it',
  'its', 'of', 'on', 'or', 'so', 'that', 'the', 'this', 'to', 'was', 'what', 'when', 'where', 'which', 'who', 'why',
  'with', 'can', 'could', 'should', 'would', 'we', 'i', 'me', 'my', 'our', 'you', 'your', 'code', 'codebase', 'find',
  'show', 'get', 'set', 'new', 'return', 'const', 'let', 'var', 'function', 'def', 'fn', 'func', 'self', 'this',
  'true', 'false', 'null', 'none', 'undefined', 'import', 'export', 'public', 'private', 'static', 'void', 'int',
  'string', 'else', 'then', 'end', 'not', 'use', 'used', 'handled', 'happens', 'done', 'work', 'works',
]);

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*|[0-9]+/g;
// Humps: "parseHTTPResponse2" → parse, HTTP, Response, 2.
const PARTS = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/** The identifiers of a text and the words inside them, in order, unprocessed (case kept). */
export function identifierWords(text: string): string[] {
  const words: string[] = [];
  for (const [identifier] of text.matchAll(IDENTIFIER)) {
    const parts = identifier.match(PARTS) ?? [];
    if (parts.length !== 1 || parts[0] !== identifier) words.push(identifier.replace(/[_$]+/g, ''));
    for (const part of parts) words.push(part);
  }
  return words;
}

/** One word as the index keeps it: lower case, a common suffix taken off; null for a word that tells nothing. */
export function indexTerm(word: string): string | null {
  const lower = word.toLowerCase();
  if (lower.length < 2 || STOP_WORDS.has(lower) || /^[0-9]+$/.test(lower)) return null;
  return stem(lower);
}

/** A crude suffix rule (no dictionary): enough for plurals and -ing/-ed/-er forms to meet their root. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('er')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The terms of a question, once each, in order: what the index is asked. */
export function queryTerms(question: string): string[] {
  const terms: string[] = [];
  for (const word of identifierWords(question)) {
    const term = indexTerm(word);
    if (term && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

/** Names in a question that look like code (`parseRow`, `retry_delay`, `HttpClient`): worth asking the language servers about. */
export function symbolLikeWords(question: string): string[] {
  const names = [...question.matchAll(IDENTIFIER)].map(([w]) => w).filter((w) => /[a-z][A-Z]|_|^[A-Z][a-z]+[A-Z]/.test(w) || /^[A-Z][a-z]{3,}$/.test(w));
  const plain = [...question.matchAll(IDENTIFIER)].map(([w]) => w).filter((w) => w.length >= 5 && indexTerm(w) !== null);
  return [...new Set([...names, ...plain])].slice(0, 3);
}
