// Elision placeholders: models shorten code they were asked to rewrite with lines such as `// ... existing code ...`
// or `# rest unchanged`, and writing such text into a file silently deletes what it stood for. A replacement that
// still contains one is refused. The test is on whole comments (or a bare `...`) in the comment syntaxes of common
// languages, and asks for elision wording, so that ordinary comments that mention "rest" or end in "..." pass.

/** A line that is only a comment: the text inside it, without the comment markers. */
const WHOLE_LINE_COMMENTS: readonly RegExp[] = [
  /^\/\*+(.*?)\*+\/$/, // /* … */
  /^\{\/\*+(.*?)\*+\/\}$/, // {/* … */} in JSX
  /^<!--(.*?)-->$/, // HTML, XML, Markdown
  /^\{\{!--(.*?)--\}\}$/, // Handlebars
  /^\(\*(.*?)\*\)$/, // OCaml, Pascal
  /^\{-(.*?)-\}$/, // Haskell
  /^<#(.*?)#>$/, // PowerShell
  /^\/\*+(.*)$/, // the first line of a block comment
  /^\*+(?:\s(.*))?$/, // a middle line of a block comment
  /^\/\/+!?(.*)$/, // C family, Rust, Go, JS
  /^#+(.*)$/, // Python, shell, Ruby, YAML, TOML, R
  /^--(?!-)(.*)$/, // SQL, Lua, Haskell
  /^;+(.*)$/, // Lisp, INI, assembly
  /^%+(.*)$/, // LaTeX, Erlang, MATLAB
  /^'(\s.*)$/, // Visual Basic
  /^rem(\s.*)$/i, // batch files
];

/** Comments that follow code on the same line (only the unambiguous markers). */
const TRAILING_COMMENTS: readonly RegExp[] = [/(?:^|\s)\/\/(.*)$/, /\s#\s(.*)$/, /\/\*(.*?)\*\//, /<!--(.*?)-->/];

/** Words that, with an ellipsis, make a comment stand for omitted code ("// ... other fields", "# same as before..."). */
const ELISION_WORDS = new Set([
  'existing', 'unchanged', 'remaining', 'remainder', 'omitted', 'elided', 'snip', 'snipped', 'truncated', 'etc',
  'previous', 'same', 'other', 'others', 'original', 'untouched',
]);

/** Nouns for the code a placeholder stands for. */
const CODE =
  '(?:code|file|function|functions|method|methods|class|classes|implementation|body|logic|component|components|' +
  'module|lines|fields|properties|props|imports|exports|tests|test|cases|content|contents|config|configuration|' +
  'settings|program|script|loop|block|struct|impl|switch|styles|template|markup|html|page|document|section|' +
  'sections|setup|definitions|declarations|statements|members|helpers|handlers|routes|rules|steps|stuff|details|' +
  'columns|tables|queries|variants|dependencies|options|attributes|elements|children|tags|entries|keys|values|items)';
/** The nouns that make "the rest of the …" a placeholder wherever it stands ("rest of the input" is prose). */
const WHOLE =
  '(?:code|file|function|method|class|implementation|component|module|logic|script|program|template|styles|' +
  'tests|imports|exports|methods|functions|fields|properties|config|configuration|page|markup|body)';

/** What may follow "existing code" in a placeholder; anything longer is a sentence about the code. */
const AFTER = '(?: here| below| above| remains?| unchanged| stays?(?: the same)?| goes here| omitted| as is| as before| etc)?';

/** Elision wording, tested on a comment's lowercased words (punctuation removed). */
const ELISION_PHRASES: readonly RegExp[] = [
  new RegExp(`^(?:the |all |any )?(?:existing|remaining|previous|original|unchanged) (?:\\w+ ){0,2}${CODE}${AFTER}$`),
  new RegExp(`^(?:and |with |plus |then )?(?:the )?rest of (?:the |this |that |your |my |our )?(?:\\w+ )?${WHOLE}\\b`),
  /\b(?:the rest|rest|everything else|all else|remainder|others)(?: of (?:the |this )?\w+)?(?: is| are| remains?| stays?| left| kept)? (?:unchanged|the same|as is|as before|untouched|intact|omitted|elided)\b/,
  /\bkeep(?:ing)? (?:the |all )?(?:rest|everything else|remaining \w+|other \w+|existing \w+)(?: \w+){0,3} (?:as is|as it is|unchanged|the same|intact|as before)\b|^keep (?:the )?rest$/,
  /\bleave (?:the rest|everything else|it|this|them|the remaining \w+|the others) (?:as is|as it is|unchanged|alone|intact)\b/,
  new RegExp(`^(?:(?:the|all|other|existing|remaining) )?(?:\\w+ )?${CODE}(?: is| are| remains?| stays?)? unchanged$`),
  /^unchanged$/,
  /\bomitted for brevity\b|\bfor brevity\b/,
  new RegExp(`^(?:the )?(?:${CODE} )?(?:omitted|elided|snipped|truncated)$`),
  /^(?:etc|and so on|and so forth|snip)$/,
  /^(?:same|unchanged) as (?:before|above|below|original|previous|existing|the original|the previous|the existing)\b/,
  /^as before$/,
  /^no (?:other )?changes?(?: here| below| above| needed| to (?:the|this) \w+)?$/,
  new RegExp(`^(?:your|existing|other|more|the) ${CODE} (?:here|goes here)$`),
];

/**
 * The first line of `replacement` that is an elision placeholder, trimmed, or undefined when there is none. A line
 * that also appears in `original` (the text being replaced, or the file) is the file's own and never counts.
 */
export function findPlaceholder(replacement: string, original?: string): string | undefined {
  const own = new Set((original ?? '').split(/\r\n|\r|\n/).map((line) => line.trim()));
  for (const raw of replacement.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || own.has(line)) continue;
    if (isPlaceholderLine(line)) return line;
  }
  return undefined;
}

/** Every placeholder has an ellipsis or one of these words: a cheap test that lets most lines of code through. */
const MAY_ELIDE = /\.\s?\.|…|rest|exist|remain|previous|original|unchang|else|other|keep|leave|omit|elide|snip|truncat|brevity|etc|so on|so forth|same|before|change|here/i;

function isPlaceholderLine(line: string): boolean {
  if (!MAY_ELIDE.test(line)) return false;
  // `...` alone (a Python stub body too, unless the file has one there), or `…`, `. . .`.
  if (/^(?:\.\s?){3,}$|^…$/.test(line)) return true;
  // `... rest of the file`: dots, a space, words (`...rest,` with no space is a spread).
  if (/^(?:\.\.\.|…)\s+\S/.test(line) && isElision(line)) return true;
  // A line that is nothing but a bracketed remark: `[...]`, `(rest unchanged)`, `{ ... }`.
  const bracketed = /^[[({<](.*)[\])}>]$/.exec(line);
  if (bracketed !== null && isElision(bracketed[1] ?? '')) return true;
  for (const comment of WHOLE_LINE_COMMENTS) {
    const body = comment.exec(line);
    if (body !== null) return isElision(body[1] ?? '');
  }
  // `{ ... }` as a body is never code (a spread needs an operand); `{...props}` is.
  const emptyBody = /\{\s*(?:\.\.\.|…)\s*\}/.exec(line);
  if (emptyBody !== null && outsideStrings(line, emptyBody.index)) return true;
  for (const trailing of TRAILING_COMMENTS) {
    const comment = trailing.exec(line);
    if (comment !== null && outsideStrings(line, comment.index) && isElision(comment[1] ?? '')) return true;
  }
  return false;
}

/** Whether a comment's text stands for omitted code. */
function isElision(body: string): boolean {
  let text = body.toLowerCase().replace(/…/g, '...').replace(/\u00a0/g, ' ');
  // What a comment's closer or a bracket leaves behind: `*/`, `-->`, `(unchanged)`, `[...]`.
  text = text.replace(/\*+\/\s*$|-->\s*$|\*\)\s*$/, '').trim();
  while (/^[[({<].*[\])}>]$/.test(text)) text = text.slice(1, -1).trim();
  const hasDots = /\.\s?\.\s?\./.test(text);
  const words = text
    .replace(/\.\s?\.(?:\s?\.)*/g, ' ')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
  if (hasDots && words.length === 0) return true;
  if (hasDots && words.length <= 10) {
    if (words.some((w) => ELISION_WORDS.has(w))) return true;
    // "... rest ..." or "...rest of it", but not "REST endpoints...".
    if (/^rest(?: of| unchanged| remains| is| stays| as)?$|^rest (?:of|unchanged|remains|is|stays|as)\b/.test(words.join(' '))) return true;
  }
  const phrase = words.join(' ');
  return ELISION_PHRASES.some((re) => re.test(phrase));
}

/** Whether position `index` of a line is outside string literals (an even number of each quote before it). */
function outsideStrings(line: string, index: number): boolean {
  const before = line.slice(0, index);
  return ['"', "'", '`'].every((quote) => before.split(quote).length % 2 === 1);
}
