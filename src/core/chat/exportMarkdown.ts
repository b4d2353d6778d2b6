// A conversation as a Markdown document, for "Export chat": the title, the date, then every turn under `## You` or
// `## Parley`, with the text exactly as written.
//
// Turn text is Markdown the model (or the person) wrote, so it can contain anything: its own `## ` headings,
// horizontal rules, and code fences or HTML blocks that are never closed (a stopped answer often ends inside a
// code block). Two things keep one turn from swallowing or impersonating the next:
// - every turn starts with a horizontal rule and then its heading, a pair that sets the turns apart from the
//   answer's own headings, which are kept (and rendered) as they are;
// - a block that would otherwise run to the end of the document (a fenced code block, or an HTML block of the
//   kinds that end only at a closing marker: <pre>/<script>/<style>/<textarea>, <!-- -->, <? ?>, <!X >,
//   <![CDATA[ ]]>) is closed after the text. The text itself is never changed; only the closer is appended.
import type { Conversation, Turn } from './conversation';

export interface MarkdownExportOptions {
  /** How a time is written under the title. Default: local `YYYY-MM-DD HH:MM`. */
  readonly formatDate?: (epochMs: number) => string;
}

export function conversationToMarkdown(conversation: Conversation, options: MarkdownExportOptions = {}): string {
  const formatDate = options.formatDate ?? localDateTime;
  const parts = [`# ${headingText(conversation.title)}`, `*${formatDate(conversation.createdAt)}*`];
  for (const turn of conversation.turns) {
    parts.push('---', turn.role === 'user' ? '## You' : '## Parley', ...turnBody(turn));
  }
  return `${parts.join('\n\n')}\n`;
}

/** The turn's text (made safe to follow), then a note when the answer is not complete. */
function turnBody(turn: Turn): string[] {
  const body: string[] = [];
  const text = turn.text.replace(/\s+$/, '');
  if (text !== '') body.push(closeOpenBlocks(text));
  if (turn.status === 'stopped') body.push('*(stopped)*');
  if (turn.status === 'streaming') body.push('*(still being written when exported)*');
  if (turn.status === 'error') {
    body.push(`> **Error:** ${oneLine(turn.error?.message ?? 'the request failed')}`);
  } else if (text === '' && turn.role === 'assistant' && turn.status === 'done') {
    body.push('*(empty answer)*');
  }
  return body;
}

/** A block still open at some line: how to recognise its end, and the line that ends it if the text does not. */
interface OpenBlock {
  readonly ends: (line: string) => boolean;
  readonly closer: string;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
/** CommonMark's HTML block kinds 1–5: each ends only at a line containing its end marker. */
const HTML_BLOCKS: readonly { readonly start: RegExp; readonly end: RegExp; readonly closer: (tag: string) => string }[] = [
  {
    start: /^ {0,3}<(pre|script|style|textarea)(?=\s|>|$)/i,
    end: /<\/(pre|script|style|textarea)>/i,
    closer: (tag) => `</${tag.slice(1).toLowerCase()}>`,
  },
  { start: /^ {0,3}<!--/, end: /-->/, closer: () => '-->' },
  { start: /^ {0,3}<\?/, end: /\?>/, closer: () => '?>' },
  { start: /^ {0,3}<![A-Za-z]/, end: />/, closer: () => '>' },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/, closer: () => ']]>' },
];

/**
 * `text` followed by whatever closes a fence or HTML block still open at its end. This follows CommonMark's
 * rules for blocks at the top level and inside list items; a closing fence gets the opening fence's indentation,
 * which closes it both at the top level and inside a list item.
 */
function closeOpenBlocks(text: string): string {
  let open: OpenBlock | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (open === undefined) open = opening(line);
    else if (open.ends(line)) open = undefined;
  }
  return open === undefined ? text : `${text}\n${open.closer}`;
}

function opening(line: string): OpenBlock | undefined {
  const fence = FENCE_OPEN.exec(line);
  const [, indent = '', marker = '', info = ''] = fence ?? [];
  // A backtick fence's info string cannot contain a backtick (that line is inline code, not a fence).
  if (fence !== null && !(marker.startsWith('`') && info.includes('`'))) {
    const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
    return { ends: (l) => closing.test(l), closer: `${indent}${marker}` };
  }
  for (const block of HTML_BLOCKS) {
    const start = block.start.exec(line);
    if (start === null) continue;
    // The block may end on the line it starts, after its opening marker.
    if (block.end.test(line.slice(start[0].length))) return undefined;
    return { ends: (l) => block.end.test(l), closer: block.closer(start[0].trimStart()) };
  }
  return undefined;
}

/** Titles are one line; a trailing run of `#` would be read as the heading's closing sequence and vanish. */
function headingText(title: string): string {
  const line = oneLine(title) || 'Untitled chat';
  return line.replace(/(\s)(#+)$/, '$1\\$2').replace(/^(#+)$/, '\\$1');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function localDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
