// The pieces markdown.ts assembles to show a model's answer (untrusted): markdown goes through marked, code blocks
// through highlight.js (or editView.ts, when the edit parser reads them as edits), and the HTML through DOMPurify with a short allow-list. Three choices keep it safe without
// relying on the sanitizer alone:
// - raw HTML in the answer is shown as text, never parsed (a coding assistant writes `<div>` to talk about it);
// - links carry `data-href` and no `href`, so nothing navigates; the page routes clicks to the host, and only
//   http(s), mailto and scheme-less targets survive (no `javascript:`, `command:`, `vscode:`, `data:`);
// - images are never loaded: `![alt](src)` becomes a link-like chip with the alt text and the URL.
// Reference-style link definitions are not recognized (their line stays text): a definition at the end of an answer
// would otherwise change how earlier, already streamed blocks render.
import DOMPurify from 'dompurify';
import type { Config, DOMPurify as Purifier, WindowLike } from 'dompurify';
import { Marked } from 'marked';
import type { Token, Tokens } from 'marked';
import { FENCE } from '../core/edits/parse';
import { editViewHtml, editViewOf, malformedNoteHtml, streamingEditViewOf } from './editView';
import type { StreamingSide } from './editView';
import { codeLabel, highlightCode } from './highlight';
import type { CodeLabel } from './highlight';

export type CodeBlockAction = 'copy' | 'insert' | 'apply';

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapeMap[c] ?? c);
/** Like escapeHtml, but keeps character references (`&amp;`, `&#64;`) that marked leaves for the browser to decode. */
const escapeAttribute = (text: string): string =>
  text.replace(/[<>"']|&(?!(#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);)/g, (c) => escapeMap[c] ?? c);

/** Scheme-less targets (paths, anchors) and http(s)/mailto. `//host` would borrow the page's scheme. */
export function isSafeHref(href: string): boolean {
  // Browsers drop these characters when parsing a URL, so `java\tscript:` must be judged as `javascript:`.
  // eslint-disable-next-line no-control-regex
  const url = href.replace(/[\u0000-\u0020\u007f]/g, '');
  if (/^[\\/]{2}/.test(url)) return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

/** What marked does to a link target before writing it into HTML (see its `cleanUrl`). */
function cleanUrl(href: string): string | undefined {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return undefined;
  }
}

const shorten = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const ACTIONS: Record<CodeBlockAction, { readonly label: string; readonly description: string }> = {
  copy: { label: 'Copy', description: 'Copy code' },
  insert: { label: 'Insert', description: 'Insert code at the cursor' },
  apply: { label: 'Apply', description: 'Review this change as a diff before it is applied' },
};

function toolbarButton(action: CodeBlockAction, index: number): string {
  const { label, description } = ACTIONS[action];
  const iconName = action === 'apply' ? 'diff' : action;
  return (
    `<button type="button" class="md-action" data-action="${action}" data-block="${index}" title="${description}" ` +
    `aria-label="${description}"><span class="codicon codicon-${iconName}" aria-hidden="true"></span>` +
    `<span class="md-action-label">${label}</span></button>`
  );
}

const ALL_ACTIONS: readonly CodeBlockAction[] = ['copy', 'insert', 'apply'];

/**
 * One code block: a toolbar (label and actions) over `<pre><code>`; `body` is HTML (escaped or highlighted), `note`
 * HTML shown between the toolbar and the code.
 */
function codeBlockHtml(index: number, label: CodeLabel, body: string, highlighted: boolean, actions = ALL_ACTIONS, note = ''): string {
  const language = escapeHtml(label.language);
  const path = label.path === undefined ? '' : ` data-path="${escapeHtml(label.path)}"`;
  const caption = escapeHtml(label.path ?? label.language);
  const codeClass = [highlighted ? 'hljs' : '', /^[\w+#-]+$/.test(label.language) ? `language-${label.language}` : '']
    .filter((c) => c !== '')
    .join(' ');
  return (
    `<div class="md-codeblock" data-block="${index}" data-language="${language}"${path}>` +
    `<div class="md-codeblock-toolbar"><span class="md-codeblock-label" title="${caption}">${caption}</span>` +
    `${actions.map((action) => toolbarButton(action, index)).join('')}</div>${note}` +
    `<pre><code${codeClass === '' ? '' : ` class="${codeClass}"`}>${body}</code></pre></div>\n`
  );
}

/** A closed fence: an edit view when the parser reads it as edits, else a code block (highlighted when asked). */
function fenceHtml(token: Tokens.Code, index: number, before: string | undefined, highlight: boolean): string {
  const label = codeLabel(token.lang);
  const view = token.codeBlockStyle === 'indented' ? undefined : editViewOf(token.raw, before);
  if (view?.kind === 'edits') return editViewHtml(view, index, label.language, toolbarButton('copy', index), undefined);
  const highlighted = highlight ? highlightCode(token.text, label.language) : undefined;
  const body = highlighted ?? escapeHtml(token.text);
  if (view?.kind === 'malformed') return codeBlockHtml(index, label, body, highlighted !== undefined, ['copy'], malformedNoteHtml(view.reason));
  return codeBlockHtml(index, label, body, highlighted !== undefined);
}

// marked's renderer is a callback API without a per-call context, so the running code-block index and the
// highlight switch live here for the duration of one synchronous render (see renderTokens).
const pass = { nextBlock: 0, highlight: true, labels: new Map<Token, string | undefined>() };

const markdown = new Marked({
  gfm: true,
  breaks: false,
  tokenizer: {
    def: () => undefined,
  },
  renderer: {
    code(token: Tokens.Code): string {
      return fenceHtml(token, pass.nextBlock++, pass.labels.get(token), pass.highlight);
    },
    html({ text, block }: Tokens.HTML | Tokens.Tag): string {
      return block ? `<p class="md-raw-html">${escapeHtml(text.replace(/\n+$/, ''))}</p>\n` : escapeHtml(text);
    },
    text(token: Tokens.Text | Tokens.Escape): string | false {
      // Text inside an inline <pre>/<script> comes unescaped ("raw"); here it must be text like the rest.
      const raw = token.type === 'text' && token.escaped === true && token.tokens === undefined;
      return raw ? escapeHtml(token.text) : false;
    },
    link({ href, title, text, tokens, autolink }: Tokens.Link): string {
      const inner = autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
      const target = cleanUrl(href);
      if (target === undefined) return inner;
      const escaped = autolink ? escapeHtml(target) : escapeAttribute(target);
      const tip = title ? escapeAttribute(title) : escaped;
      return `<a class="md-link" data-href="${escaped}" title="${tip}" role="link" tabindex="0">${inner}</a>`;
    },
    image({ href, title, text, tokens }: Tokens.Image): string {
      // The text renderer returns the alt text unescaped (marked escapes it when writing the alt attribute).
      const alt = escapeAttribute(tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text);
      const target = cleanUrl(href) ?? '';
      const url = escapeAttribute(target);
      const tip = title ? escapeAttribute(title) : url;
      return (
        `<span class="md-image" data-href="${url}" title="${tip}" role="link" tabindex="0">` +
        `<span class="codicon codicon-file-media" aria-hidden="true"></span>` +
        `<span class="md-image-alt">${alt === '' ? 'image' : alt}</span> ` +
        `<span class="md-image-url">${escapeAttribute(shorten(target, 80))}</span></span>`
      );
    },
    checkbox({ checked }: Tokens.Checkbox): string {
      const [icon, label] = checked ? ['pass-filled', 'Done'] : ['circle-large-outline', 'Not done'];
      return `<span class="md-task codicon codicon-${icon}" role="img" aria-label="${label}"></span> `;
    },
  },
});

/**
 * A fence still streaming. An edit (as far as it has come) is drawn as its edit view, with the side its next lines
 * arrive on; other code is shown as its plain text after the opening line (no highlighting until it closes), so that
 * later text can be appended to its `<code>` as is.
 */
export function streamingFenceHtml(token: Tokens.Code, index: number, before: string | undefined): { html: string; side: StreamingSide | undefined } {
  const label = codeLabel(token.lang);
  const edit = streamingEditViewOf(token.raw, before);
  if (edit !== undefined) {
    return { html: editViewHtml(edit.view, index, label.language, toolbarButton('copy', index), edit.side), side: edit.side };
  }
  const firstNewline = token.raw.indexOf('\n');
  const content = firstNewline < 0 ? '' : token.raw.slice(firstNewline + 1);
  return { html: codeBlockHtml(index, label, escapeHtml(content), false), side: undefined };
}

/**
 * The last line of prose before whatever follows `tokens` (undefined after a code block), given the one before
 * them: a fence's label, which may name the file it edits (as the parser reads it).
 */
export function labelAfter(before: string | undefined, tokens: readonly Token[]): string | undefined {
  let label = before;
  for (const token of tokens) {
    if (token.type === 'space') continue;
    if (token.type === 'code') {
      label = undefined;
      continue;
    }
    const raw = token.raw.replace(/\s+$/, '');
    const line = raw.slice(raw.lastIndexOf('\n') + 1);
    label = FENCE.test(line) ? undefined : line;
  }
  return label;
}

/** The answer's top-level blocks; their `raw` fields concatenate to `text` (line endings normalized). */
export function lexBlocks(text: string): Token[] {
  return markdown.lexer(text);
}

export interface RenderedBlocks {
  readonly html: string;
  /** Code blocks inside these tokens, so the next render continues the `data-block` numbering. */
  readonly codeBlocks: number;
}

/**
 * Unsanitized HTML for some of an answer's top-level tokens; code blocks are numbered from `firstBlock`, and
 * `before` is the prose line before them (see labelAfter).
 */
export function renderTokens(tokens: Token[], firstBlock: number, before: string | undefined, highlight = true): RenderedBlocks {
  pass.nextBlock = firstBlock;
  pass.highlight = highlight;
  let label = before;
  for (const token of tokens) {
    if (token.type === 'code') pass.labels.set(token, label);
    label = labelAfter(label, [token]);
  }
  try {
    const html = markdown.parser(tokens);
    return { html, codeBlocks: pass.nextBlock - firstBlock };
  } finally {
    pass.highlight = true;
    pass.labels.clear();
  }
}

const ALLOWED: Config = {
  ALLOWED_TAGS: [
    'a', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li',
    'ol', 'p', 'pre', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  ],
  ALLOWED_ATTR: [
    'align', 'aria-expanded', 'aria-hidden', 'aria-label', 'class', 'data-action', 'data-block', 'data-href', 'data-language',
    'data-path', 'role', 'start', 'tabindex', 'title', 'type',
  ],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
};

interface Purifiers {
  readonly toHtml: Purifier;
  readonly toFragment: Purifier;
}
const purifiers = new WeakMap<WindowLike, Purifiers>();

function purifier(config: Config, win: WindowLike): Purifier {
  const purify = DOMPurify(win);
  // Fail closed: without a working DOM, DOMPurify would hand the input back unsanitized.
  if (!purify.isSupported) throw new Error('Markdown rendering needs a DOM to sanitize with');
  purify.setConfig(config);
  purify.addHook('afterSanitizeAttributes', (node) => {
    // Judged after parsing, so entity tricks (`javascript&colon;`) are seen as what a click would open. A blocked
    // link keeps its text and tooltip but can no longer be activated.
    const href = node.getAttribute('data-href');
    if (href !== null ? isSafeHref(href) : node.getAttribute('role') !== 'link') return;
    node.removeAttribute('data-href');
    node.removeAttribute('role');
    node.removeAttribute('tabindex');
    node.classList.add('md-link-blocked');
  });
  return purify;
}

function purifiersFor(win: WindowLike | undefined): Purifiers {
  if (win === undefined) throw new Error('Markdown rendering needs a window (pass options.window outside a browser)');
  let found = purifiers.get(win);
  if (found === undefined) {
    // Two instances so that neither re-parses its configuration on every call.
    found = { toHtml: purifier(ALLOWED, win), toFragment: purifier({ ...ALLOWED, RETURN_DOM_FRAGMENT: true }, win) };
    purifiers.set(win, found);
  }
  return found;
}

/** Sanitized HTML for HTML built by renderTokens. */
export function sanitizeToHtml(html: string, win: WindowLike | undefined): string {
  return purifiersFor(win).toHtml.sanitize(html);
}

/** Sanitized DOM nodes for HTML built by renderTokens, owned by `win`'s document. */
export function sanitizeToFragment(html: string, win: WindowLike): DocumentFragment {
  // The instance's own configuration applies (setConfig); this argument only selects the fragment return type.
  return purifiersFor(win).toFragment.sanitize(html, { RETURN_DOM_FRAGMENT: true });
}
