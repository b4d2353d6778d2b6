import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { StreamingMarkdown, codeBlockActionAt, codeBlockSource, renderMarkdown } from '../../src/webview/markdown';
import { ANSWERS } from './markdownSamples';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
const win = dom.window as unknown as Window & typeof globalThis;
const document = win.document;

function rendered(text: string): HTMLElement {
  const element = document.createElement('div');
  element.innerHTML = renderMarkdown(text, { window: win });
  return element;
}

const sample = (name: string): string => ANSWERS[name] ?? assert.fail(`no sample ${name}`);

/** Each file section of each edit view: its label, counts and lines as `-text`, `+text`, ` text`. */
function files(root: Element): { label: string; added: string; removed: string; lines: string[] }[] {
  return [...root.querySelectorAll('.md-edit-file')].map((file) => ({
    label: file.querySelector('.md-codeblock-label')?.textContent ?? '',
    added: file.querySelector('.md-edit-count-added')?.textContent ?? '',
    removed: file.querySelector('.md-edit-count-removed')?.textContent ?? '',
    lines: [...file.querySelectorAll('.md-edit-line')].map((line) => {
      const sign = line.classList.contains('md-edit-added') ? '+' : line.classList.contains('md-edit-removed') ? '-' : ' ';
      return sign + (line.querySelector('.md-edit-text')?.textContent ?? '');
    }),
  }));
}

const MARKERS = /<<<<<<<|>>>>>>>|^=======$|------- SEARCH|\+\+\+\+\+\+\+ REPLACE|\*\*\* Begin Patch|:start_line:/m;

function chunksOf(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

describe('edit blocks in an answer', () => {
  it('shows a SEARCH/REPLACE block as a diff of its file: path, +/− counts, removed, added and kept lines', () => {
    const root = rendered(sample('searchReplace'));
    assert.doesNotMatch(root.textContent ?? '', MARKERS);
    assert.deepEqual(files(root), [
      { label: 'src/csv.ts', added: '+1', removed: '−1', lines: ['-  for (let i = 0; i < n - 1; i++) {', '+  for (let i = 0; i < n; i++) {'] },
      {
        // The path comes from the line before the fence, as the parser reads it; two pairs of one file, one section.
        label: 'src/csv.ts',
        added: '+2',
        removed: '−0',
        lines: ['   }', '+  fields.push(current);', '   return fields;', ' }', " import { a } from './a';", "+import { b } from './b';"],
      },
    ]);
    assert.equal(root.querySelectorAll('.md-edit .md-edit-hunk').length, 3);
  });

  it('offers only Copy on an edit, which copies the new code (the REPLACE texts)', () => {
    const root = rendered(sample('searchReplace'));
    for (const block of root.querySelectorAll('.md-edit')) {
      assert.deepEqual([...block.querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action')), ['copy']);
    }
    assert.deepEqual(codeBlockSource(root, 0), { code: '  for (let i = 0; i < n; i++) {', language: 'ts', path: 'src/csv.ts' });
    assert.equal(
      codeBlockSource(root, 1)?.code,
      "  }\n  fields.push(current);\n  return fields;\n}\n\nimport { a } from './a';\nimport { b } from './b';",
    );
    const icon = root.querySelector('.md-edit[data-block="1"] [data-action="copy"] .codicon');
    assert.equal(codeBlockActionAt(icon, root)?.action, 'copy');
  });

  it("reads Cline's markers with a comment path, and Roo's line hints (not shown) in a list item", () => {
    const root = rendered(sample('clineAndRoo'));
    assert.doesNotMatch(root.textContent ?? '', MARKERS);
    assert.deepEqual(files(root), [
      { label: 'src/csv.ts', added: '+1', removed: '−1', lines: ['-const n = line.length;', '+const n = line.length; // every character'] },
      { label: 'app.py', added: '+1', removed: '−1', lines: ['-print("hi")', '+print("hello")'] },
    ]);
  });

  it('shows a unified diff of a file as its hunks; a diff that names no file stays a code block', () => {
    const root = rendered(sample('unifiedDiff'));
    assert.deepEqual(files(root), [
      {
        label: 'src/csv.ts',
        added: '+2',
        removed: '−1',
        lines: ["   let current = '';", '-  for (let i = 0; i < n - 1; i++) {', '+  for (let i = 0; i < n; i++) {', '     current += line[i];', '   }', '+  fields.push(current);', '   return fields;'],
      },
    ]);
    const plain = root.querySelector('.md-codeblock:not(.md-edit)');
    assert.equal(plain?.querySelector('code')?.textContent, '-a\n+b');
    assert.equal(plain?.querySelectorAll('[data-action]').length, 3, 'code keeps Copy, Insert and Apply');
  });

  it('shows a V4A patch as one section per file, with the scope a chunk comes after', () => {
    const root = rendered(sample('v4aPatch'));
    assert.doesNotMatch(root.textContent ?? '', MARKERS);
    assert.deepEqual(files(root), [
      { label: 'src/csv.ts', added: '+1', removed: '−1', lines: ['-  for (let i = 0; i < n - 1; i++) {', '+  for (let i = 0; i < n; i++) {'] },
      { label: 'src/notes.md', added: '+2', removed: '−0', lines: ['+# Notes', '+parseRow keeps the last field.'] },
    ]);
    assert.equal(root.querySelector('.md-edit-scope')?.textContent, 'export function parseRow(line: string): string[] {');
    assert.equal(root.querySelectorAll('.md-edit [data-action="copy"]').length, 1, 'one Copy for the block');
  });

  it('shows a malformed edit as a code block with the reason the parser gives, and only Copy', () => {
    const root = rendered(sample('malformedEdit'));
    const blocks = [...root.querySelectorAll('.md-codeblock')];
    assert.equal(blocks.length, 2);
    assert.equal(root.querySelector('.md-edit'), null);
    const notes = blocks.map((b) => b.querySelector('.md-edit-warning')?.textContent ?? '');
    assert.match(notes[0] ?? '', /^Parley could not read this edit: The edit block for src\/csv\.ts has `<<-- SEARCH`, which is not a well-formed marker/);
    assert.match(notes[1] ?? '', /^Parley could not read this edit: .*no REPLACE marker \(the answer may have been cut off\)/);
    for (const block of blocks) {
      assert.deepEqual([...block.querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action')), ['copy']);
    }
    assert.match(codeBlockSource(root, 0)?.code ?? '', /^<<-- SEARCH\n/);
  });

  it('leaves code that is not an edit as it was: a labelled file, a new file, a shell command', () => {
    const root = rendered('```ts src/a.ts\nexport const a = 1;\n```\n\n```ts (new file) src/b.ts\nexport const b = 2;\n```\n\n```sh\ngit diff\n```\n');
    assert.equal(root.querySelector('.md-edit'), null);
    assert.equal(root.querySelectorAll('.md-codeblock [data-action="insert"]').length, 3);
  });

  it('collapses and expands a file with its toggle, a button that says whether it is expanded', () => {
    const element = document.createElement('div');
    document.body.replaceChildren(element);
    new StreamingMarkdown(element).setText(sample('searchReplace'), false);
    const toggle = element.querySelector<HTMLButtonElement>('.md-edit-toggle');
    const body = element.querySelector('.md-edit-body');
    assert.ok(toggle && body);
    assert.equal(toggle.getAttribute('type'), 'button');
    assert.equal(toggle.getAttribute('aria-label'), 'src/csv.ts: 1 line added, 1 removed');
    assert.equal(toggle.getAttribute('aria-expanded'), 'true');
    toggle.querySelector('.md-edit-count')?.dispatchEvent(new win.MouseEvent('click', { bubbles: true }));
    assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(body.hasAttribute('hidden'), true);
    assert.ok(toggle.querySelector('.codicon-chevron-right'));
    toggle.click();
    assert.equal(toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(body.hasAttribute('hidden'), false);
  });

  // (A fence inside a list item streams as that item's text until it closes: see the report of issue 12.)
  for (const name of ['searchReplace', 'unifiedDiff', 'v4aPatch']) {
    it(`never shows the markers of the "${name}" answer while it streams, and ends as a full render`, () => {
      const text = sample(name);
      for (const size of [1, 3, 7, 40]) {
        const element = document.createElement('div');
        document.body.replaceChildren(element);
        const markdown = new StreamingMarkdown(element);
        let received = '';
        for (const chunk of chunksOf(text, size)) {
          markdown.append(chunk);
          received += chunk;
          const shown = [...element.querySelectorAll('.md-codeblock')].map((b) => b.textContent ?? '').join('\n');
          assert.doesNotMatch(shown, MARKERS, `chunks of ${size}, after ${JSON.stringify(received.slice(-40))}`);
        }
        markdown.finish();
        assert.equal(element.innerHTML, renderMarkdown(text, { window: win }), `chunks of ${size}`);
      }
    });
  }

  it('draws the lines of an edit as they arrive, on the side they belong to', () => {
    const element = document.createElement('div');
    document.body.replaceChildren(element);
    const markdown = new StreamingMarkdown(element);
    const fence = ['```ts src/csv.ts', '<<<<<<< SEARCH', 'old one', 'old two', '=======', 'new one', 'new two'];
    const arrived: string[][] = [];
    for (const line of fence) {
      markdown.append(`${line}\n`);
      arrived.push(files(element)[0]?.lines ?? []);
    }
    assert.deepEqual(arrived.at(3), ['-old one', '-old two']);
    assert.equal(files(element)[0]?.removed, '−2', 'the counts follow the lines drawn');
    assert.deepEqual(arrived.at(-1)?.slice(-2), ['+new one', '+new two']);
    markdown.append('>>>>>>> REPLACE\n```\n');
    assert.deepEqual(files(element)[0]?.lines, ['-old one', '-old two', '+new one', '+new two']);
    assert.equal(files(element)[0]?.added, '+2');
  });

  it("draws a fence at its first line of code, never showing its opening line, and an edit's header lines not at all", () => {
    const element = document.createElement('div');
    document.body.replaceChildren(element);
    const markdown = new StreamingMarkdown(element);
    markdown.append('Intro.\n\n``');
    markdown.append('`ts src/a.ts\n');
    assert.doesNotMatch(element.textContent ?? '', /```|src\/a\.ts/);
    assert.equal(element.querySelector('.md-codeblock'), null);
    markdown.append('const x');
    assert.match(element.querySelector('.md-codeblock pre > code')?.textContent ?? '', /^const x$/);
    markdown.append(' = 1;\n```\n\n```diff\n--- a/src/b.ts\n+++ b/src/b.ts\n@@ -1 +1 @@\n');
    assert.equal(element.querySelectorAll('.md-codeblock').length, 1, 'the diff waits for its first changed line');
    assert.doesNotMatch(element.textContent ?? '', /---|\+\+\+|@@/);
    markdown.append('-old\n');
    assert.deepEqual(files(element).map((f) => [f.label, f.lines]), [['src/b.ts', ['-old']]]);
    markdown.append('+new\n```\n');
    markdown.finish();
    assert.equal(element.innerHTML, renderMarkdown(markdown.text, { window: win }));
  });

  describe('outside a fence', () => {
    it("shows aider's path line and bare markers as the file's diff, up to where the parser ends them", () => {
      const root = rendered(sample('aiderBare'));
      assert.deepEqual(files(root).map((f) => [f.label, f.lines]), [
        ['src/csv.ts', ['-  for (let i = 0; i < n - 1; i++) {', '+  for (let i = 0; i < n; i++) {']],
        ['src/report.py', ['-print("hi")', '+print("hello")']],
      ]);
      assert.equal(root.querySelectorAll('.md-edit').length, 1, 'the pairs that follow each other are one block');
      assert.ok([...root.querySelectorAll('p')].some((p) => p.textContent === 'Both files are done.'), 'the prose after it is prose');
      assert.equal(root.querySelector('h1')?.textContent, 'A heading underline stays one:', 'a setext heading elsewhere stays one');
      assert.doesNotMatch(root.textContent ?? '', /<<<<<<<|>>>>>>>|=======/);
    });

    it("shows Cline's and Roo's tool calls as diffs, their tags not at all", () => {
      const root = rendered(sample('toolCalls'));
      assert.deepEqual(files(root).map((f) => [f.label, f.lines]), [
        ['src/csv.ts', ['-const n = line.length - 1;', '+const n = line.length;']],
        ['app.py', ['-print("hi")', '+print("hello")']],
      ]);
      assert.doesNotMatch(root.textContent ?? '', /replace_in_file|apply_diff|<\/?diff>|<path>|:start_line:/);
      assert.match(root.textContent ?? '', /<b>not a tool call<\/b>/, 'other tags stay text');
    });

    it('shows a bare V4A patch as a diff, and one cut off as a code block with the reason', () => {
      const root = rendered(sample('barePatch'));
      assert.deepEqual(files(root).map((f) => f.label), ['src/csv.ts']);
      assert.match(root.querySelector('.md-edit-warning')?.textContent ?? '', /ends without \*\*\* End Patch/);
      assert.ok([...root.querySelectorAll('p')].some((p) => p.textContent === 'Then a second one, cut off:'));
    });

    it('shows broken bare markers as code with the reason, never as headings or quotes', () => {
      const root = rendered(sample('brokenBare'));
      const notes = [...root.querySelectorAll('.md-edit-warning')].map((n) => n.textContent ?? '');
      assert.equal(notes.length, 2);
      assert.match(notes[0] ?? '', /no ======= divider/);
      assert.equal(root.querySelector('h1, h2, blockquote'), null);
    });

    for (const name of ['aiderBare', 'toolCalls', 'barePatch']) {
      it(`never shows the markers of the "${name}" answer while it streams, and keeps the text as received`, () => {
        // (The heading underline at the end of aider's sample is a heading's, shown as text until its line ends.)
        const text = sample(name).replace(/\nA heading underline[^]*$/, '');
        for (const size of [1, 3, 7, 40]) {
          const element = document.createElement('div');
          document.body.replaceChildren(element);
          const markdown = new StreamingMarkdown(element);
          let received = '';
          for (const chunk of chunksOf(text, size)) {
            markdown.append(chunk);
            received += chunk;
            assert.doesNotMatch(element.textContent ?? '', /<<<<<<<|>>>>>>>|^=======$|------- SEARCH|<\/?diff>|:start_line:/m, `chunks of ${size}, after ${JSON.stringify(received.slice(-40))}`);
          }
          markdown.finish();
          assert.equal(markdown.text, text);
          assert.equal(element.innerHTML, renderMarkdown(text, { window: win }), `chunks of ${size}`);
        }
      });
    }
  });
});
