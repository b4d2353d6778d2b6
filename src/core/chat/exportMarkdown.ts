// A conversation as a Markdown document, for "Export chat": the title, the date, then every turn under `## You` or
// `## Parley`, with the text exactly as written.
//
// Turn text is Markdown the model (or the person) wrote, so it can contain anything: its own `## ` headings,
// horizontal rules, and code fences or HTML blocks that are never closed (a stopped answer often ends inside a
// code block). Two things keep one turn from swallowing or impersonating the next:
// - every turn starts with a horizontal rule and then its heading, a pair that sets the turns apart from the
//   answer's own headings, which are kept (and rendered) as they are;
// - a block that would otherwise run to the end of the document (a fenced code block, or an HTML block such as
//   <pre> or <!-- that ends only at its closing marker) is closed after the text; the text itself is unchanged.
import type { Conversation, Turn } from './conversation';
import { closeOpenBlocks } from './markdownBlocks';

export interface MarkdownExportOptions {
  /** How a time is written under the title. Default: local `YYYY-MM-DD HH:MM`. */
  readonly formatDate?: (epochMs: number) => string;
}

export function conversationToMarkdown(conversation: Conversation, options: MarkdownExportOptions = {}): string {
  const formatDate = options.formatDate ?? localDateTime;
  const parts = [`# ${headingText(conversation.title)}`, `*${formatDate(conversation.createdAt)}*`];
  for (const turn of conversation.turns) {
    parts.push('---', turn.role === 'user' ? '## You' : turn.summaryOf ? '## Summary of the earlier conversation' : '## Parley', ...turnBody(turn));
  }
  return `${parts.join('\n\n')}\n`;
}

/** The turn's text (made safe to follow), then a note when the answer is not complete. */
function turnBody(turn: Turn): string[] {
  const body: string[] = [];
  const thought = turn.reasoning?.text.replace(/\s+$/, '') ?? '';
  if (thought !== '') body.push(reasoningQuote(thought, turn.reasoning?.ms));
  const text = turn.text.replace(/\s+$/, '');
  if (text !== '') body.push(closeOpenBlocks(text));
  if (turn.status === 'stopped') body.push('*(stopped)*');
  if (turn.status === 'streaming') body.push('*(still being written when exported)*');
  if (turn.status === 'error') {
    body.push(`> **Error:** ${oneLine(turn.error?.message ?? 'the request failed')}`);
  } else if (turn.status === 'done' && turn.error) {
    body.push(`> **Note:** ${oneLine(turn.error.message)}`);
  } else if (text === '' && turn.role === 'assistant' && turn.status === 'done') {
    body.push('*(empty answer)*');
  }
  return body;
}

/**
 * The reasoning as a block quote under its own label, so a reader tells it from the answer. Inside the quote a
 * block the text leaves open ends with the quote, but it is closed anyway so the label of the answer stays clear.
 */
function reasoningQuote(text: string, ms: number | undefined): string {
  const label = `**Reasoning**${ms === undefined ? '' : ` (${Math.max(1, Math.round(ms / 1000))} s)`}`;
  const lines = [label, '', ...closeOpenBlocks(text).split('\n')];
  return lines.map((line) => (line === '' ? '>' : `> ${line}`)).join('\n');
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
