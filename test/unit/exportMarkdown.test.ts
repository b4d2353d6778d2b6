import * as assert from 'node:assert/strict';
import { marked } from 'marked';
import type { Token } from 'marked';
import type { Conversation, Turn, TurnRole, TurnStatus } from '../../src/core/chat/conversation';
import { conversationToMarkdown } from '../../src/core/chat/exportMarkdown';
import { closeOpenBlocks } from '../../src/core/chat/markdownBlocks';

let counter = 0;

function turn(role: TurnRole, text: string, status: TurnStatus = 'done', extra: Partial<Turn> = {}): Turn {
  counter++;
  return { id: `t${counter}`, role, text, status, createdAt: 1_717_000_000_000 + counter, ...extra };
}

function chat(turns: Turn[], title = 'CSV parser drops the last field'): Conversation {
  return { id: 'c1', title, createdAt: Date.UTC(2024, 5, 1, 9, 5), updatedAt: Date.UTC(2024, 5, 1, 9, 30), turns };
}

const fixedDate = { formatDate: (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') };

/**
 * The turn headings as a Markdown parser sees them: "You" or "Parley" as a level-2 heading right after a horizontal
 * rule, at the top level of the document. A turn swallowed by an open code block or HTML block goes missing here.
 */
function turnHeadings(markdown: string): string[] {
  const tokens = marked.lexer(markdown).filter((t: Token) => t.type !== 'space');
  const headings: string[] = [];
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    const turnHeading = token.type === 'heading' && token.depth === 2 && ['You', 'Parley'].includes(token.text);
    if (turnHeading && previous?.type === 'hr') headings.push(token.text);
  });
  return headings;
}

function expectedHeadings(conversation: Conversation): string[] {
  return conversation.turns.map((t) => (t.role === 'user' ? 'You' : 'Parley'));
}

describe('conversation to markdown', () => {
  it('writes the title, the date, then each turn under You and Parley', () => {
    const conversation = chat([
      turn('user', 'Why does `parseRow` drop the last field?'),
      turn('assistant', 'The loop stops at `i < n - 1`.\n\n```ts\nfor (let i = 0; i < n; i++) {}\n```'),
    ]);
    assert.equal(
      conversationToMarkdown(conversation, fixedDate),
      [
        '# CSV parser drops the last field',
        '',
        '*2024-06-01 09:05*',
        '',
        '---',
        '',
        '## You',
        '',
        'Why does `parseRow` drop the last field?',
        '',
        '---',
        '',
        '## Parley',
        '',
        'The loop stops at `i < n - 1`.',
        '',
        '```ts',
        'for (let i = 0; i < n; i++) {}',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('writes the date in local time by default', () => {
    const conversation = chat([turn('user', 'hi')]);
    const d = new Date(conversation.createdAt);
    const two = (n: number): string => String(n).padStart(2, '0');
    const local = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
    assert.ok(conversationToMarkdown(conversation).includes(`*${local}*`));
  });

  it('notes a stopped answer after its partial text', () => {
    const md = conversationToMarkdown(chat([turn('user', 'q'), turn('assistant', 'I was saying', 'stopped')]), fixedDate);
    assert.ok(md.endsWith('## Parley\n\nI was saying\n\n*(stopped)*\n'), md);
  });

  it('shows the error message of a failed answer instead of an empty answer', () => {
    const failed = turn('assistant', '', 'error', {
      error: { kind: 'rate-limit', message: 'The server is busy.\nTry again in a minute.', action: 'retry' },
    });
    const md = conversationToMarkdown(chat([turn('user', 'q'), failed]), fixedDate);
    assert.ok(md.endsWith('## Parley\n\n> **Error:** The server is busy. Try again in a minute.\n'), md);
  });

  it('keeps the answer verbatim, including its own ## headings, which stay apart from the turn headings', () => {
    const answer = '## Summary\n\nShort.\n\n## You should also\n\n- test it\n\n---\n\nA rule of its own.';
    const conversation = chat([turn('user', 'q'), turn('assistant', answer), turn('user', 'thanks')]);
    const md = conversationToMarkdown(conversation, fixedDate);
    assert.ok(md.includes(`## Parley\n\n${answer}\n\n---\n\n## You\n\nthanks`));
    assert.deepEqual(turnHeadings(md), expectedHeadings(conversation));
  });

  it('closes a code block that a stopped answer left open, so the next turn is not swallowed', () => {
    const partial = 'Here is the fix:\n\n```ts\nfunction parseRow(row: string) {\n  const fields = [];';
    const conversation = chat([turn('user', 'q'), turn('assistant', partial, 'stopped'), turn('user', 'go on')]);
    const md = conversationToMarkdown(conversation, fixedDate);
    assert.ok(md.includes(`${partial}\n\`\`\`\n\n*(stopped)*\n\n---\n\n## You`), md);
    assert.deepEqual(turnHeadings(md), expectedHeadings(conversation));
  });

  it('copes with every kind of open block a turn can end in', () => {
    const endings = [
      '~~~~python\nprint("still open")',
      '````md\n```ts\nnested fence, outer still open\n```',
      '1. Run:\n   ```sh\n   npm test',
      '1. Run:\n   ```sh\n   npm test\n```',
      '- a\n  - b\n    ```\n    deep\n  ```\n  still in b?',
      '<div>\n```ts\nnot a fence: inside an HTML block',
      '<!doctype html>\n1.\n   ```\n      ```\n<pre>\nafter',
      '> ```\n> quoted code\n```\nopened at the top level',
      '* x\n2. Next\n\n   ```\n## Heading\n   ```',
      '- step\n\n  ```\n  indented fence in a list',
      '> ```js\n> quoted fence',
      '<!-- a comment the model never closed',
      '<pre>\npreformatted, no end tag',
      '<script>\nalert(1)',
      '<?php echo 1;',
      '<![CDATA[\nraw',
      '<!DOCTYPE html',
      '    indented code block',
      '| a | b |\n| - | - |\n| 1 | 2 |',
      'Closed fence:\n\n```\ncode\n```\n\nand text after.',
      '``` not a fence because `backticks` in the info string\nplain text',
      'A line ending with two spaces  ',
      'Setext candidate\n',
    ];
    for (const ending of endings) {
      const conversation = chat([turn('user', ending), turn('assistant', ending, 'stopped'), turn('user', 'next')]);
      const md = conversationToMarkdown(conversation, fixedDate);
      assert.deepEqual(turnHeadings(md), expectedHeadings(conversation), `after:\n${ending}\n\n${md}`);
      assert.ok(md.includes(ending.replace(/\s+$/, '')), 'the text itself is unchanged');
    }
  });

  it('keeps later turns intact whatever blocks a turn opens (seeded fuzz, checked with marked)', () => {
    // Fragments a model writes; left out are the few spots where marked itself departs from CommonMark and
    // markdown-it (a <textarea> closed by </pre>, a lone closing tag continuing a list item).
    const fragments = ['```', '```ts', '~~~', '````', '   ```', '  ```', '    ```', '1. Run:', '2. Next', '- item',
      '  - sub', '* x', '> quote', '> ```', '<!--', '-->', '<pre>', '<div>', '<?', '## Heading', '---', 'text', '',
      '', '   code', '\tTabbed', '10) ten', '-', '1.', '<details>', '<b>x</b>', '***', '===', '> - ql', '`````'];
    let seed = 7;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let i = 0; i < 1500; i++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 9) }, () => fragments[Math.floor(random() * fragments.length)]);
      const text = lines.join('\n');
      const conversation = chat([turn('assistant', text, 'stopped'), turn('user', 'next')]);
      const md = conversationToMarkdown(conversation, fixedDate);
      assert.deepEqual(turnHeadings(md), expectedHeadings(conversation), JSON.stringify(text));
    }
  });

  it('does not add a closer when the fence was already closed (which would open a new one)', () => {
    const answer = '```ts\nconst a = 1;\n```';
    const md = conversationToMarkdown(chat([turn('assistant', answer)]), fixedDate);
    assert.ok(md.endsWith(`## Parley\n\n${answer}\n`), md);
  });

  it('keeps the title to one heading line', () => {
    const md = conversationToMarkdown(chat([], 'Line one\nline two #'), fixedDate);
    assert.ok(md.startsWith('# Line one line two \\#\n'), md);
    const tokens = marked.lexer(md);
    assert.equal(tokens[0]?.type, 'heading');
    assert.equal((tokens[0] as { text?: string }).text, 'Line one line two \\#');
  });

  it('marks an empty finished answer and an answer still being written', () => {
    const md = conversationToMarkdown(chat([turn('assistant', ''), turn('assistant', 'half', 'streaming')]), fixedDate);
    assert.ok(md.includes('## Parley\n\n*(empty answer)*'));
    assert.ok(md.includes('## Parley\n\nhalf\n\n*(still being written when exported)*'));
  });
});

describe('closing open Markdown blocks', () => {
  it('appends the closing fence with the opening fence\'s marker and indentation', () => {
    assert.equal(closeOpenBlocks('```ts\nconst a = 1;'), '```ts\nconst a = 1;\n```');
    assert.equal(closeOpenBlocks('~~~~\n```\ninner'), '~~~~\n```\ninner\n~~~~');
    assert.equal(closeOpenBlocks('1. Run:\n   ```sh\n   npm test'), '1. Run:\n   ```sh\n   npm test\n   ```');
  });

  it('closes the top-level fence that a closing fence at column 0 opens after a list item', () => {
    const text = '1. Run:\n   ```sh\n   npm test\n```\nexplained';
    assert.equal(closeOpenBlocks(text), `${text}\n\`\`\``);
  });

  it('closes HTML blocks that end only at their end marker, and leaves those a blank line ends', () => {
    assert.equal(closeOpenBlocks('<!-- note'), '<!-- note\n-->');
    assert.equal(closeOpenBlocks('<PRE>\nx'), '<PRE>\nx\n</pre>');
    assert.equal(closeOpenBlocks('<div>\n```'), '<div>\n```');
  });

  it('knows an empty list item ends at a blank line, so a fence after it is at the top level', () => {
    assert.equal(closeOpenBlocks('-\n\n  ```\nx'), '-\n\n  ```\nx\n  ```');
  });

  it('knows a quote holding an open fence cannot continue lazily', () => {
    // `<span>` ends the quote and starts an HTML block that holds the ``` line: nothing is left open.
    assert.equal(closeOpenBlocks('> ```\n> x\n<span>\n```'), '> ```\n> x\n<span>\n```');
    // After a quoted paragraph, `<span>` continues the paragraph and the ``` line opens a fence.
    assert.equal(closeOpenBlocks('> x\n<span>\n```'), '> x\n<span>\n```\n```');
  });

  it('leaves text with nothing open exactly as it is', () => {
    for (const text of ['plain', '```\ncode\n```', '<!-- one line -->', '    ```', '> ```\n> quoted', 'a ``` b']) {
      assert.equal(closeOpenBlocks(text), text);
    }
  });
});
