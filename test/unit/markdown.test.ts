import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { StreamingMarkdown, codeBlockActionAt, codeBlockSource, renderMarkdown } from '../../src/webview/markdown';
import { isSafeHref } from '../../src/webview/markdownRender';
import { ANSWERS, largeAnswer } from './markdownSamples';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
const win = dom.window as unknown as Window & typeof globalThis;
const document = win.document;

const render = (text: string): string => renderMarkdown(text, { window: win });
const answer = (name: string): string => {
  const text = ANSWERS[name];
  if (text === undefined) throw new Error(`no sample answer ${name}`);
  return text;
};

function container(): HTMLElement {
  const element = document.createElement('div');
  document.body.replaceChildren(element);
  return element;
}

function fragmentOf(html: string): HTMLElement {
  const element = document.createElement('div');
  element.innerHTML = html;
  return element;
}

/** mulberry32: the same chunkings on every run, different ones per seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly small chunks like a token stream, sometimes a burst like a batched delta. */
function chunksOf(text: string, seed: number): string[] {
  const next = random(seed);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = next() < 0.1 ? 1 + Math.floor(next() * 200) : 1 + Math.floor(next() * 8);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

function stream(chunks: readonly string[], onStep?: (markdown: StreamingMarkdown, element: HTMLElement, received: string) => void): HTMLElement {
  const element = container();
  const markdown = new StreamingMarkdown(element);
  let received = '';
  for (const chunk of chunks) {
    markdown.append(chunk);
    received += chunk;
    onStep?.(markdown, element, received);
  }
  markdown.finish();
  return element;
}

const words = (text: string): string[] => text.match(/[A-Za-z0-9]+/g) ?? [];

/** The text shown, without code-block toolbars (whose labels would run into the code after them). */
function visibleText(root: Element): string {
  const copy = root.cloneNode(true) as Element;
  for (const toolbar of copy.querySelectorAll('.md-codeblock-toolbar')) toolbar.remove();
  return copy.textContent ?? '';
}

/** True when `needles` appear in `haystack` in order (other words may sit between them). */
function inOrder(needles: readonly string[], haystack: readonly string[]): boolean {
  let at = 0;
  for (const word of haystack) if (word === needles[at]) at++;
  return at === needles.length;
}

/** Nothing that could run script, load a resource, navigate or submit. */
function assertInert(root: Element): void {
  for (const tag of ['script', 'img', 'iframe', 'form', 'input', 'style', 'svg', 'math', 'object', 'embed', 'meta', 'link', 'base', 'details']) {
    assert.equal(root.querySelector(tag), null, `no <${tag}>`);
  }
  for (const element of root.querySelectorAll('*')) {
    for (const { name } of element.attributes) {
      assert.ok(!/^on/i.test(name), `no event handler attribute (${name})`);
      assert.ok(!['href', 'src', 'style', 'action', 'formaction', 'srcset'].includes(name), `no ${name} attribute`);
    }
  }
  for (const target of root.querySelectorAll('[data-href]')) {
    assert.ok(isSafeHref(target.getAttribute('data-href') ?? ''), `safe link target: ${target.getAttribute('data-href')}`);
  }
}

describe('markdown rendering', () => {
  it('renders GitHub-flavoured markdown: headings, lists, tables, inline and fenced code', () => {
    const root = fragmentOf(render(answer('typical')));
    assert.equal(root.querySelector('h2')?.textContent, 'Why the last field disappears');
    assert.equal(root.querySelectorAll('ul > li').length, 3);
    assert.equal(root.querySelectorAll('table tbody tr').length, 2);
    assert.equal(root.querySelector('th:nth-child(2)')?.getAttribute('align'), 'center');
    assert.equal(root.querySelector('p code')?.textContent, 'parseRow');
    assert.equal(root.querySelectorAll('.md-codeblock').length, 2);
    assert.ok(root.querySelector('.md-codeblock code.hljs.language-ts .hljs-keyword'), 'TypeScript is highlighted');
    assert.ok(root.querySelector('.md-codeblock code.hljs.language-python .hljs-keyword'), 'Python is highlighted');
  });

  it('gives every code block a toolbar with labelled Copy, Insert and Apply buttons and its language', () => {
    const root = fragmentOf(render(answer('typical')));
    const blocks = [...root.querySelectorAll('.md-codeblock')];
    blocks.forEach((block, index) => {
      assert.equal(block.getAttribute('data-block'), String(index));
      const buttons = [...block.querySelectorAll('.md-codeblock-toolbar button')];
      assert.deepEqual(buttons.map((b) => b.getAttribute('data-action')), ['copy', 'insert', 'apply']);
      assert.deepEqual(buttons.map((b) => b.textContent), ['Copy', 'Insert', 'Apply']);
      for (const button of buttons) {
        assert.equal(button.getAttribute('type'), 'button');
        assert.equal(button.getAttribute('data-block'), String(index));
        assert.ok((button.getAttribute('aria-label') ?? '').length > 0);
        assert.ok(button.querySelector('.codicon[aria-hidden="true"]'));
      }
      assert.ok(block.querySelector('.codicon-copy') && block.querySelector('.codicon-insert'));
    });
    assert.equal(blocks[0]?.querySelector('.md-codeblock-label')?.textContent, 'src/csv.ts');
    assert.equal(blocks[1]?.querySelector('.md-codeblock-label')?.textContent, 'python');
  });

  it('hands back the exact code of a block, not its highlighted HTML', () => {
    const code = 'if (a < b && c > "d") {\n  return \'&amp;\';   \n}';
    const root = fragmentOf(render(`Text\n\n\`\`\`ts src/util.ts\n${code}\n\`\`\`\n\n- item\n\n  \`\`\`\n  plain\n  \`\`\`\n`));
    assert.deepEqual(codeBlockSource(root, 0), { code, language: 'ts', path: 'src/util.ts' });
    assert.deepEqual(codeBlockSource(root, 1), { code: 'plain', language: '' });
    assert.equal(codeBlockSource(root, 2), undefined);
    assert.equal(codeBlockSource(root, 0.5), undefined);
  });

  it('finds the toolbar action and its block from a click on the button icon', () => {
    const root = fragmentOf(render('```py\nprint("hi")\n```\n\n```sh\nls\n```\n'));
    const icon = root.querySelector('.md-codeblock[data-block="1"] [data-action="insert"] .codicon');
    assert.deepEqual(codeBlockActionAt(icon, root), { action: 'insert', block: 1, source: { code: 'ls', language: 'sh' } });
    assert.equal(codeBlockActionAt(root.querySelector('pre'), root), undefined);
    assert.equal(codeBlockActionAt(null, root), undefined);
  });

  it('leaves a block in an unknown or unbundled language unhighlighted, and escaped', () => {
    const root = fragmentOf(render('```ruby\nputs "<b>"\n```\n'));
    const code = root.querySelector('pre > code');
    assert.equal(code?.classList.contains('hljs'), false);
    assert.equal(code?.textContent, 'puts "<b>"');
    assert.equal(code?.querySelector('b'), null);
  });

  it('renders links with data-href (no href) and keeps only http(s), mailto and relative targets', () => {
    const root = fragmentOf(render('[docs](https://example.com/a?b=1&c=2) [file](src/csv.ts) [mail](mailto:a@b.c) <https://x.org>'));
    const links = [...root.querySelectorAll('a')];
    assert.deepEqual(links.map((a) => a.getAttribute('data-href')), ['https://example.com/a?b=1&c=2', 'src/csv.ts', 'mailto:a@b.c', 'https://x.org']);
    for (const link of links) {
      assert.equal(link.hasAttribute('href'), false);
      assert.equal(link.getAttribute('role'), 'link');
      assert.equal(link.getAttribute('tabindex'), '0');
    }
  });

  it('never loads an image: shows its alt text and URL as a link-like element', () => {
    const root = fragmentOf(render('![build status](https://evil.example/pixel.png?leak=secret)'));
    assert.equal(root.querySelector('img'), null);
    const image = root.querySelector('.md-image');
    assert.equal(image?.getAttribute('data-href'), 'https://evil.example/pixel.png?leak=secret');
    assert.equal(image?.querySelector('.md-image-alt')?.textContent, 'build status');
    assert.equal(image?.querySelector('.md-image-url')?.textContent, 'https://evil.example/pixel.png?leak=secret');
  });

  it('shows an image\'s alt text as text, whatever it holds', () => {
    const root = fragmentOf(render('![<b>bold</b> &amp; <img src=x onerror=alert(1)>](https://x.y/i.png)'));
    assertInert(root);
    assert.equal(root.querySelector('b'), null);
    assert.equal(root.querySelector('.md-image-alt')?.textContent, '<b>bold</b> & <img src=x onerror=alert(1)>');
  });

  it('shows raw HTML from the answer as text and never creates its elements', () => {
    const html = render('<img src=x onerror=alert(1)> and <script>alert(2)</script>\n\n<div onclick="x()">block</div>\n');
    const root = fragmentOf(html);
    assertInert(root);
    assert.equal(root.querySelector('div'), null);
    assert.match(root.textContent ?? '', /<img src=x onerror=alert\(1\)> and <script>alert\(2\)<\/script>/);
    assert.match(root.textContent ?? '', /<div onclick="x\(\)">block<\/div>/);
  });

  it('neutralizes dangerous link targets however they are spelled', () => {
    const root = fragmentOf(render(answer('hostile')));
    assertInert(root);
    assert.deepEqual([...root.querySelectorAll('[data-href]')].map((e) => e.getAttribute('data-href')), ['https://evil.example/pixel.png?secret=abc']);
    for (const text of ['x', 'y', 'z', 'c', 'v', 'd', 'f']) {
      const link = [...root.querySelectorAll('a')].find((a) => a.textContent === text);
      assert.ok(link?.classList.contains('md-link-blocked'), `link "${text}" is blocked`);
      assert.equal(link?.hasAttribute('role'), false);
    }
  });

  it('checks link targets as a browser would read them', () => {
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:x', 'java\nscript:x', 'java\tscript:x', 'vbscript:x', 'data:text/html,x', 'command:x', 'vscode:x', 'file:///etc', '//evil.example', '\\\\evil']) {
      assert.equal(isSafeHref(bad), false, bad);
    }
    for (const good of ['https://a.b', 'HTTP://a.b', 'mailto:x@y.z', 'src/a.ts', './a.md#L3', '#anchor', '?q=1']) {
      assert.equal(isSafeHref(good), true, good);
    }
  });

  it('shows task list items without form controls', () => {
    const root = fragmentOf(render('- [x] done\n- [ ] open\n'));
    assert.equal(root.querySelector('input'), null);
    assert.deepEqual([...root.querySelectorAll('.md-task')].map((t) => t.getAttribute('aria-label')), ['Done', 'Not done']);
  });

  it('does not resolve reference definitions, so a late definition cannot change earlier blocks', () => {
    const root = fragmentOf(render('See [the spec][1].\n\n[1]: https://example.com/spec\n'));
    assert.equal(root.querySelector('a[data-href="https://example.com/spec"]')?.textContent, 'https://example.com/spec');
    assert.match(root.textContent ?? '', /See \[the spec\]\[1\]\./);
  });

  it('refuses to render without a DOM to sanitize with, rather than returning unsanitized HTML', () => {
    assert.throws(() => renderMarkdown('<b>x</b>'), /window/);
  });
});

describe('streaming markdown', () => {
  for (const name of Object.keys(ANSWERS)) {
    it(`ends equal to a full render for random chunkings of the "${name}" answer`, () => {
      const text = answer(name);
      const expected = render(text);
      for (let seed = 1; seed <= 12; seed++) {
        assert.equal(stream(chunksOf(text, seed)).innerHTML, expected, `seed ${seed}`);
      }
      assert.equal(stream([...text]).innerHTML, expected, 'one character at a time');
      assert.equal(stream([text]).innerHTML, expected, 'all at once');
    });
  }

  it('shows every word as soon as it arrives', () => {
    const text = answer('typical').replace(/\[the MDN page\]\([^)]*\)/, 'the MDN page');
    for (let seed = 1; seed <= 5; seed++) {
      stream(chunksOf(text, seed), (_markdown, element, received) => {
        // A word still arriving may be cut short; every earlier one must be on screen, in order. (A fence's
        // info string shows as the block's label, so it is left out.)
        const arrived = words(received.replace(/^```[^\n]*/gm, '```')).slice(0, -1);
        assert.ok(inOrder(arrived, words(visibleText(element))), `seed ${seed}, after ${received.length} chars`);
      });
    }
  });

  it('renders a block marked reads differently once a later line arrives from its final reading', () => {
    // Same source, different paragraph text: the last indented line turns from paragraph text into merged code.
    const text = 'a\n10. ten\n    code\n    code\n- \nafter\n';
    const expected = render(text);
    assert.equal(stream(['a\n10. ten\n', '    code\n    code\n', '- \n', 'after\n']).innerHTML, expected);
    assert.equal(stream([...text]).innerHTML, expected, 'one character at a time');
  });

  it('never renders an earlier, finished block again', () => {
    const element = container();
    const markdown = new StreamingMarkdown(element);
    markdown.append('# Title\n\nFirst paragraph.\n\n');
    markdown.append('Second paragraph');
    const heading = element.querySelector('h1');
    const first = [...element.querySelectorAll('p')].find((p) => p.textContent === 'First paragraph.');
    assert.ok(heading && first);
    for (const piece of chunksOf(' keeps going.\n\n- a\n- b\n\n```ts\nconst x = 1;\n```\n\nEnd.\n', 7)) markdown.append(piece);
    markdown.finish();
    assert.equal(element.querySelector('h1'), heading, 'the heading node is the same');
    assert.ok(element.contains(first), 'the first paragraph node is the same');
  });

  it('handles a fence whose backticks arrive in pieces, shows the code while it streams and highlights it when it closes', () => {
    const element = container();
    const markdown = new StreamingMarkdown(element);
    for (const piece of ['Intro\n\n', '`', '``', 'ts\n', 'const answer', ' = 42;\n', 'let x']) markdown.append(piece);
    const code = element.querySelector('.md-codeblock pre > code');
    assert.ok(code, 'the code block is shown while streaming');
    assert.match(code.textContent ?? '', /const answer = 42;\nlet x/);
    assert.equal(element.querySelector('.md-codeblock-label')?.textContent, 'ts');
    assert.equal(code.classList.contains('hljs'), false, 'not highlighted until it closes');
    for (const piece of [' = 1;\n', '``', '`\n', '\nAfter.\n']) markdown.append(piece);
    assert.ok(element.querySelector('.md-codeblock code.hljs .hljs-keyword'), 'highlighted once closed');
    assert.equal(markdown.codeBlock(0)?.code, 'const answer = 42;\nlet x = 1;');
    markdown.finish();
    assert.equal(element.innerHTML, render(markdown.text));
  });

  it('renders a fence the stream never closed as code when the answer ends', () => {
    const text = answer('unclosed');
    const element = stream(chunksOf(text, 3));
    assert.ok(element.querySelector('.md-codeblock code.hljs .hljs-keyword'));
    assert.equal(codeBlockSource(element, 0)?.code, 'function add(a: number, b: number) {\n  return a + b;\n}');
    assert.equal(element.innerHTML, render(text));
  });

  it('grows a table row by row', () => {
    const element = container();
    const markdown = new StreamingMarkdown(element);
    markdown.append('| name | value |\n| --- | --- |\n');
    for (let row = 1; row <= 12; row++) {
      markdown.append(`| key${row} | ${row * 10} |\n`);
      assert.match(element.textContent ?? '', new RegExp(`key${row}\\W+${row * 10}`), `row ${row} is visible`);
    }
    markdown.finish();
    assert.equal(element.querySelectorAll('tbody tr').length, 12);
    assert.equal(element.innerHTML, render(markdown.text));
  });

  it('grows a list item by item', () => {
    const element = container();
    const markdown = new StreamingMarkdown(element);
    markdown.append('Steps:\n\n');
    for (let item = 1; item <= 15; item++) {
      for (const piece of [`- step `, `${item} `, 'done\n']) markdown.append(piece);
      assert.match(element.textContent ?? '', new RegExp(`step ${item} done`));
    }
    markdown.finish();
    assert.equal(element.querySelectorAll('ul > li').length, 15);
    assert.equal(element.innerHTML, render(markdown.text));
  });

  it('keeps hostile HTML inert at every step of the stream', () => {
    const text = answer('hostile');
    const element = stream(chunksOf(text, 11), (_markdown, root) => assertInert(root));
    assertInert(element);
    assert.match(element.textContent ?? '', /<img src=x onerror=alert\(1\)>/);
  });

  it('joins a "\\r\\n" split across two deltas into one line end, and keeps the text as received', () => {
    const element = container();
    const markdown = new StreamingMarkdown(element);
    for (const piece of ['a\r', '\nb\r', '\n\r', '\n- c\r\n']) markdown.append(piece);
    markdown.finish();
    assert.equal(markdown.text, 'a\r\nb\r\n\r\n- c\r\n');
    assert.equal(element.innerHTML, render(markdown.text));
  });

  it('takes a snapshot with setText, finished or still streaming', () => {
    const text = answer('structure');
    const element = container();
    const markdown = new StreamingMarkdown(element);
    markdown.append('old text that the snapshot replaces\n');
    markdown.setText(text, false);
    assert.equal(element.innerHTML, render(text));
    assert.equal(markdown.text, text);

    const half = Math.floor(text.length / 2);
    markdown.setText(text.slice(0, half), true);
    for (const piece of chunksOf(text.slice(half), 5)) markdown.append(piece);
    markdown.finish();
    assert.equal(element.innerHTML, render(text));
  });

  it('can finish twice, and go on streaming after finishing', () => {
    const element = container();
    const markdown = new StreamingMarkdown(element);
    markdown.append('- one\n- tw');
    markdown.finish();
    markdown.finish();
    assert.equal(element.innerHTML, render('- one\n- tw'));
    for (const piece of ['o\n- three\n\n```js\nx', '\n```\n']) markdown.append(piece);
    markdown.finish();
    assert.equal(element.innerHTML, render(markdown.text));
  });

  it('numbers code blocks across the whole answer while streaming', () => {
    const text = '```a\n1\n```\n\n- item\n\n  ```b\n  2\n  ```\n\n```c\n3\n```\n';
    const element = stream(chunksOf(text, 2));
    assert.deepEqual([0, 1, 2].map((i) => codeBlockSource(element, i)?.code), ['1', '2', '3']);
  });

  it('streams a large answer with a few times the work of one full render', () => {
    // A window of its own: jsdom slows down with every document the sanitizer creates. jsdom needs about 20 s
    // for one render of 1 MB, so this runs on 60 KB and counts the HTML sanitized (what a render costs); the
    // 1 MB timings in real Chromium are in test/bench/render.bench.mjs.
    const own = new JSDOM('<!DOCTYPE html><html><body></body></html>').window as unknown as Window & typeof globalThis;
    let sanitized = 0;
    const parse = own.DOMParser.prototype.parseFromString;
    own.DOMParser.prototype.parseFromString = function (this: DOMParser, html: string, type: DOMParserSupportedType) {
      sanitized += html.length;
      return parse.call(this, html, type);
    };
    const text = largeAnswer(60_000);
    const timed = (run: (element: HTMLElement) => void): number => {
      const element = own.document.createElement('div');
      own.document.body.replaceChildren(element);
      const start = performance.now();
      run(element);
      return performance.now() - start;
    };
    let full = '';
    const fullMs = timed((element) => {
      new StreamingMarkdown(element).setText(text, false);
      full = element.innerHTML;
    });
    const fullSanitized = sanitized;
    sanitized = 0;
    let streamed = '';
    const streamMs = timed((element) => {
      const markdown = new StreamingMarkdown(element);
      for (const piece of chunksOf(text, 1)) markdown.append(piece);
      markdown.finish();
      streamed = element.innerHTML;
    });
    assert.equal(streamed, full);
    assert.ok(sanitized <= 3 * fullSanitized, `sanitized ${sanitized} chars streaming, ${fullSanitized} in one render`);
    // Timing on a shared machine is noisy: a loose bound that still catches quadratic work.
    assert.ok(streamMs < 6 * fullMs, `streaming took ${Math.round(streamMs)} ms, one render ${Math.round(fullMs)} ms`);
  });
});
