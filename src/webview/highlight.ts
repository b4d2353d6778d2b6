// Syntax highlighting for code blocks in answers. Only the core of highlight.js and the languages people ask about
// most are bundled: the full library is ten times the size, and auto-detection guesses wrong on short snippets, so
// a block without a known language stays plain text.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = {
  bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml,
};
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
// File extensions and fence labels models use that highlight.js does not list as aliases.
hljs.registerAliases(['py3', 'pyi'], { languageName: 'python' });
hljs.registerAliases(['shell-session', 'ps1'], { languageName: 'shell' });
hljs.registerAliases(['jsonl'], { languageName: 'json' });
hljs.registerAliases(['vue'], { languageName: 'xml' });

/**
 * Past this size a block is shown unhighlighted: highlight.js runs at a few MB/s, and a huge pasted log or data
 * file in an answer must not freeze the view.
 */
export const MAX_HIGHLIGHT_CHARS = 200_000;

/** What a fence's info string says: `ts`, `src/csv.ts`, `ts src/csv.ts` or `typescript title="x"`. */
export interface CodeLabel {
  /** The language as written in the fence (lower-cased), or derived from the path's extension; '' if none. */
  readonly language: string;
  /** A file path given in the fence, if any. */
  readonly path?: string;
}

const looksLikePath = (word: string): boolean => /[/\\]/.test(word) || /\.[A-Za-z0-9]+$/.test(word);

export function codeLabel(info: string | undefined): CodeLabel {
  const words = (info ?? '').trim().split(/\s+/).filter((w) => w !== '');
  const first = words[0];
  if (first === undefined) return { language: '' };
  // `ts:src/csv.ts` and `ts src/csv.ts` both name a language and a file (`C:\x.ts` is a path, not language C).
  const prefixed = /^([A-Za-z0-9+#-]{2,}):(.+)$/.exec(first);
  const lang = prefixed?.[1] ?? first;
  const attached = prefixed?.[2];
  if (!looksLikePath(first) || hljs.getLanguage(lang) !== undefined) {
    const path = attached ?? words.slice(1).find(looksLikePath);
    return path === undefined ? { language: lang.toLowerCase() } : { language: lang.toLowerCase(), path };
  }
  const extension = /\.([A-Za-z0-9+#]+)$/.exec(first)?.[1]?.toLowerCase() ?? '';
  return { language: hljs.getLanguage(extension) ? extension : '', path: first };
}

/** True when highlight.js knows the language (by name or alias). */
export function isHighlighted(language: string): boolean {
  return language !== '' && hljs.getLanguage(language) !== undefined;
}

/**
 * Highlighted HTML for `code` (highlight.js escapes the text and adds only `<span class="hljs-…">`), or undefined
 * when the language is unknown or the block too large: the caller then escapes the text itself.
 */
export function highlightCode(code: string, language: string): string | undefined {
  if (!isHighlighted(language) || code.length > MAX_HIGHLIGHT_CHARS) return undefined;
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
