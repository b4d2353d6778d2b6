// Which Markdown block a piece of text leaves open at its end, and the line that closes it. Model output is
// Markdown that may stop anywhere (a stopped answer often ends inside a code block), and a fenced code block or
// some HTML blocks left open swallow everything that follows them in a document.
//
// This follows CommonMark's block rules as far as they decide that question: which lines open, continue and close
// fences and HTML blocks, which lines leave a list item, and which continue a paragraph lazily. Where the spec and
// markdown-it (VS Code's Markdown preview) differ, it follows markdown-it, which marked also agrees with.

/** A block still open: its container's content column, how its end looks, and the line that ends it otherwise. */
interface OpenBlock {
  /** 0 at the top level; inside a list item, the column where the item's content starts. */
  readonly base: number;
  /** Whether a line (with the container's indentation removed) ends the block. */
  readonly ends: (line: string, blank: boolean) => boolean;
  /** What to append when the text ends inside the block; empty when a following blank line ends it. */
  readonly closer: string;
}

/** What the previous line left open for the next one to continue lazily: nothing, a paragraph, a quoted one. */
type Paragraph = 'none' | 'plain' | 'quote';

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
/** The markers of a (possibly nested) block quote line. */
const QUOTE = /^( {0,3}> ?)+/;
const LIST_ITEM = /^( {0,3})([-+*]|\d{1,9}[.)])( +|$)/;
/** The start of a line (indentation removed) that begins a block other than HTML. */
const BLOCK_START = /^(`{3}|~{3}|>|#{1,6}(\s|$)|[-+*](\s|$)|\d{1,9}[.)](\s|$)|(?<rule>[-*_])( *\k<rule>){2,} *$)/;
const HEADING_OR_RULE = /^ {0,3}(#{1,6}(\s|$)|(?<rule>[-*_])( *\k<rule>){2,} *$)/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+) *$/;
const BLOCK_TAGS =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|' +
  'fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|' +
  'menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
const ATTRIBUTE = `\\s+[A-Za-z_:][\\w.:-]*(\\s*=\\s*([^\\s"'=<>\`]+|'[^']*'|"[^"]*"))?`;

/** CommonMark's HTML blocks: kinds 1–5 end only at their end marker, kinds 6 and 7 at a blank line. */
const HTML_BLOCKS: readonly {
  readonly start: RegExp;
  readonly end: RegExp | 'blank';
  readonly closer: (opening: string) => string;
  readonly interruptsParagraph: boolean;
}[] = [
  {
    start: /^ {0,3}<(pre|script|style|textarea)(?=\s|>|$)/i,
    end: /<\/(pre|script|style|textarea)>/i,
    closer: (opening) => `</${opening.trimStart().slice(1).toLowerCase()}>`,
    interruptsParagraph: true,
  },
  { start: /^ {0,3}<!--/, end: /-->/, closer: () => '-->', interruptsParagraph: true },
  { start: /^ {0,3}<\?/, end: /\?>/, closer: () => '?>', interruptsParagraph: true },
  { start: /^ {0,3}<![A-Za-z]/, end: />/, closer: () => '>', interruptsParagraph: true },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/, closer: () => ']]>', interruptsParagraph: true },
  {
    start: new RegExp(`^ {0,3}</?(${BLOCK_TAGS})(?=[ \\t>]|/>|$)`, 'i'),
    end: 'blank',
    closer: () => '',
    interruptsParagraph: true,
  },
  {
    // The spec leaves <pre> and friends out of this kind, but markdown-it and marked do not.
    start: new RegExp(`^ {0,3}(<[A-Za-z][A-Za-z0-9-]*(${ATTRIBUTE})*\\s*/?>|</[A-Za-z][A-Za-z0-9-]*\\s*>)\\s*$`),
    end: 'blank',
    closer: () => '',
    interruptsParagraph: false,
  },
];

/**
 * `text`, followed by the line that closes a fenced code block or HTML block still open at its end (the text itself
 * is never changed). Anything can safely follow the result after a blank line.
 *
 * List items matter because a model often indents a code block under "1. Run:" and then writes its closing fence
 * at column 0: that line ends the list item (and the code block with it) and opens a new code block at the top
 * level, which is the one left open.
 */
export function closeOpenBlocks(text: string): string {
  const listColumns: number[] = [];
  let open: OpenBlock | undefined;
  let paragraph: Paragraph = 'none';
  // A list item whose marker line is empty ends at a blank line (an item can start with at most one blank line).
  let emptyItem = false;
  // A fence open inside a block quote: the quote's lines cannot be continued lazily while it is.
  let quoteFence: RegExp | undefined;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/\t/g, '    ');
    const blank = line.trim() === '';
    const indent = line.length - line.trimStart().length;
    if (open !== undefined) {
      if (blank || indent >= open.base) {
        if (open.ends(blank ? '' : line.slice(open.base), blank)) open = undefined;
        continue;
      }
      open = undefined; // its list item ends at this line, which is read afresh below
    }
    if (blank) {
      if (emptyItem) listColumns.pop();
      emptyItem = false;
      paragraph = 'none';
      continue;
    }
    if (indent < (listColumns.at(-1) ?? 0)) {
      if (paragraph !== 'none' && isLazy(line, indent, listColumns)) continue;
      while ((listColumns.at(-1) ?? 0) > indent) listColumns.pop();
      paragraph = 'none'; // the paragraph ended with its list item
    }
    let base = listColumns.at(-1) ?? 0;
    const item = listItem(line.slice(base), paragraph);
    if (item !== null) {
      // Content starts after the marker and 1–4 spaces (with 5 or more, the content is indented code).
      const [marker, , , spaces = ''] = item;
      base += marker.length - spaces.length + (spaces.length >= 1 && spaces.length <= 4 ? spaces.length : 1);
      listColumns.push(base);
      paragraph = 'none';
    }
    const content = line.slice(base);
    emptyItem = item !== null && content.trim() === '';
    const quoted = QUOTE.exec(content);
    if (quoted !== null) {
      // Only fences are followed inside a quote: one left open there ends with the quote, at the next line
      // without `>`, so nothing needs closing; while it is open, that next line cannot continue the quote lazily.
      const inner = content.slice(quoted[0].length);
      if (quoteFence !== undefined) {
        if (quoteFence.test(inner)) quoteFence = undefined;
        paragraph = 'none';
      } else {
        quoteFence = FENCE_OPEN.test(inner) ? closingFence(inner) : undefined;
        const innerParagraph: Paragraph = quoteFence === undefined ? paragraphAfter(inner, paragraph === 'none' ? 'none' : 'plain') : 'none';
        paragraph = innerParagraph === 'none' ? 'none' : 'quote';
      }
      continue;
    }
    quoteFence = undefined;
    const block = opening(content, base, paragraph !== 'none');
    open = block === 'closed' ? undefined : block;
    paragraph = block === undefined ? paragraphAfter(content, paragraph) : 'none';
  }
  return open === undefined || open.closer === '' ? text : `${text}\n${open.closer}`;
}

/**
 * Whether a line indented less than the current list item continues the item's paragraph instead of leaving it:
 * it must not start a block where it lands (indented code cannot interrupt a paragraph either).
 */
function isLazy(line: string, indent: number, listColumns: readonly number[]): boolean {
  let landing = 0;
  for (const column of listColumns) if (column <= indent) landing = column;
  if (indent - landing >= 4) return true;
  const content = line.trimStart();
  return !BLOCK_START.test(content) && !HTML_BLOCKS.some((b) => b.interruptsParagraph && b.start.test(content));
}

/** A list item's marker, unless it cannot interrupt the paragraph before it (empty, or numbered other than 1). */
function listItem(content: string, paragraph: Paragraph): RegExpExecArray | null {
  const item = LIST_ITEM.exec(content);
  // markdown-it lets any list item end a quoted paragraph; only a plain paragraph restricts them.
  if (item === null || paragraph !== 'plain') return item;
  const [marker, , bullet = ''] = item;
  const empty = content.slice(marker.length).trim() === '';
  return empty || (/^\d/.test(bullet) && parseInt(bullet, 10) !== 1) ? null : item;
}

/**
 * The fence or HTML block that `content` (a line with its container's indentation removed) opens; 'closed' for an
 * HTML block that ends on the line it starts.
 */
function opening(content: string, base: number, inParagraph: boolean): OpenBlock | 'closed' | undefined {
  const closing = closingFence(content);
  if (closing !== undefined) {
    const [, indent = '', marker = ''] = FENCE_OPEN.exec(content) ?? [];
    return { base, ends: (line, blank) => !blank && closing.test(line), closer: `${' '.repeat(base)}${indent}${marker}` };
  }
  for (const block of HTML_BLOCKS) {
    if (inParagraph && !block.interruptsParagraph) continue;
    const start = block.start.exec(content);
    if (start === null) continue;
    const end = block.end;
    if (end === 'blank') return { base, ends: (_line, blank) => blank, closer: '' };
    if (end.test(content.slice(start[0].length))) return 'closed';
    return { base, ends: (line) => end.test(line), closer: `${' '.repeat(base)}${block.closer(start[0])}` };
  }
  return undefined;
}

/** When `content` opens a fenced code block: the pattern of the line that closes it. */
function closingFence(content: string): RegExp | undefined {
  const fence = FENCE_OPEN.exec(content);
  if (fence === null) return undefined;
  const [, , marker = '', info = ''] = fence;
  // A backtick fence's info string cannot contain a backtick (that line is inline code, not a fence).
  if (marker.startsWith('`') && info.includes('`')) return undefined;
  return new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
}

/** The paragraph a line that opened no block leaves for the next line to continue. */
function paragraphAfter(content: string, before: Paragraph): Paragraph {
  if (content.trim() === '' || HEADING_OR_RULE.test(content)) return 'none'; // '': an empty list item
  // An underline ends a paragraph as a heading, but a quoted paragraph continues lazily through it.
  if (before === 'plain' && SETEXT_UNDERLINE.test(content)) return 'none';
  if (before === 'none' && /^ {4}/.test(content)) return 'none'; // indented code
  if (/^ {0,3}>/.test(content) || before === 'quote') return 'quote';
  return 'plain';
}
