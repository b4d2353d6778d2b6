import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEdits } from '../../src/core/edits/parse';
import type { EditBlock } from '../../src/core/edits/types';

const md = (...lines: string[]): string => lines.join('\n');
const pair = (search: string[], replace: string[]): string[] => ['<<<<<<< SEARCH', ...search, '=======', ...replace, '>>>>>>> REPLACE'];
/** The blocks without their source, for comparisons that are about content. */
const bare = (blocks: readonly EditBlock[]): unknown[] => blocks.map(({ source: _source, ...rest }) => rest);
const pathOf = (answer: string): string | undefined => {
  const [block] = parseEdits(answer);
  return block === undefined || block.kind === 'snippet' ? undefined : block.path;
};

describe('parseEdits', () => {
  describe('SEARCH/REPLACE', () => {
    it('a fenced SEARCH/REPLACE pair becomes one block with the exact texts and where it came from', () => {
      const answer = md('The loop stops one short.', '', '```ts src/csv.ts', ...pair(['  for (let i = 0; i < n - 1; i++) {'], ['  for (let i = 0; i < n; i++) {']), '```', '', 'That fixes it.');
      assert.deepEqual(parseEdits(answer), [
        {
          kind: 'searchReplace',
          path: 'src/csv.ts',
          search: '  for (let i = 0; i < n - 1; i++) {',
          replace: '  for (let i = 0; i < n; i++) {',
          source: { codeBlock: 0, line: 3 },
        },
      ]);
    });

    it('several pairs in one fence come out in order', () => {
      const answer = md('```py app.py', ...pair(['a = 1'], ['a = 2']), '', ...pair(['b = 1'], ['b = 2']), ...pair(['c'], ['d']), '```');
      assert.deepEqual(
        parseEdits(answer).map((b) => (b.kind === 'searchReplace' ? [b.search, b.replace] : b.kind)),
        [['a = 1', 'a = 2'], ['b = 1', 'b = 2'], ['c', 'd']],
      );
    });

    it('reads markers of five or more characters and leading indentation', () => {
      const loose = md('```ts a.ts', '  <<<<< SEARCH', 'x', '============', 'y', '>>>>>>>>>>>> REPLACE', '```');
      assert.deepEqual(bare(parseEdits(loose)), [{ kind: 'searchReplace', path: 'a.ts', search: 'x', replace: 'y' }]);
    });

    it("reads Cline's markers, also mixed with aider's", () => {
      const cline = md('```ts a.ts', '------- SEARCH', 'x', '=======', 'y', '+++++++ REPLACE', '```');
      assert.deepEqual(bare(parseEdits(cline)), [{ kind: 'searchReplace', path: 'a.ts', search: 'x', replace: 'y' }]);
      const mixed = md('```ts a.ts', '------- SEARCH', 'x', '=======', 'y', '>>>>>>> REPLACE', '```');
      assert.deepEqual(bare(parseEdits(mixed)), [{ kind: 'searchReplace', path: 'a.ts', search: 'x', replace: 'y' }]);
    });

    for (const [broken, words] of [
      ['<<-- SEARCH', 'not a well-formed marker'],
      ['-- SEARCH', 'not a well-formed marker'],
      ['-------SEARCH', 'not a well-formed marker'],
      ['<<<< SEARCH', 'not a well-formed marker'],
      ['<<<<<<< SEARCH ', 'not a well-formed marker'],
    ] as const) {
      it(`a block with \`${broken}\` is malformed, never a whole file`, () => {
        const [block, ...rest] = parseEdits(md('```ts a.ts', broken, 'x', '=======', 'y', '+++++++ REPLACE', '```'));
        assert.equal(rest.length, 0);
        assert.equal(block?.kind, 'malformed');
        assert.match(block?.kind === 'malformed' ? block.reason : '', new RegExp(words));
      });
    }

    it('a divider with trailing spaces, a missing divider or a missing REPLACE makes the block malformed', () => {
      const reasons = [
        md('```ts a.ts', '<<<<<<< SEARCH', 'x', '======= ', 'y', '>>>>>>> REPLACE', '```'),
        md('```ts a.ts', '<<<<<<< SEARCH', 'x', '>>>>>>> REPLACE', '```'),
        md('```ts a.ts', '<<<<<<< SEARCH', 'x', '=======', 'y', '```'),
        md('```ts a.ts', '<<<<<<< SEARCH', 'x', '<<<<<<< SEARCH', 'y', '=======', 'z', '>>>>>>> REPLACE', '```'),
      ].map((answer) => parseEdits(answer).map((b) => (b.kind === 'malformed' ? b.reason : b.kind)));
      assert.deepEqual(reasons.map((r) => r.length), [1, 1, 1, 1]);
      assert.match(reasons[0]?.[0] ?? '', /trailing spaces/);
      assert.match(reasons[1]?.[0] ?? '', /no ======= divider/);
      assert.match(reasons[2]?.[0] ?? '', /no REPLACE marker/);
      assert.match(reasons[3]?.[0] ?? '', /inside another SEARCH/);
      assert.match(reasons[1]?.[0] ?? '', /^The edit block for a\.ts /);
    });

    it("strips Roo's line hints and its ------- line, keeping them as a hint", () => {
      const roo = md('```ts a.ts', '<<<<<<< SEARCH', ':start_line:12', ':end_line:13', '-------', 'x', 'y', '=======', 'z', '>>>>>>> REPLACE', '```');
      assert.deepEqual(bare(parseEdits(roo)), [{ kind: 'searchReplace', path: 'a.ts', search: 'x\ny', replace: 'z', hint: { startLine: 12, endLine: 13 } }]);
    });

    it("reads Roo's escaped markers as content", () => {
      const roo = md('```', '<<<<<<< SEARCH', 'a', '\\=======', 'b', '=======', 'c', '>>>>>>> REPLACE', '```');
      assert.deepEqual(bare(parseEdits(roo)), [{ kind: 'searchReplace', path: undefined, search: 'a\n=======\nb', replace: 'c' }]);
    });

    it('a ------- line that both texts start with is content, not Roo\'s', () => {
      const ruled = md('```md a.md', '<<<<<<< SEARCH', '-------', 'old', '=======', '-------', 'new', '>>>>>>> REPLACE', '```');
      assert.deepEqual(bare(parseEdits(ruled)), [{ kind: 'searchReplace', path: 'a.md', search: '-------\nold', replace: '-------\nnew' }]);
    });

    it('line-number prefixes are stripped when every line has one, and the first number is the hint', () => {
      const numbered = md('```ts a.ts', '<<<<<<< SEARCH', '12 | const a = 1;', '13 | ', '14 |   f(a);', '=======', '12 | const a = 2;', '13 |   f(a);', '>>>>>>> REPLACE', '```');
      assert.deepEqual(bare(parseEdits(numbered)), [
        { kind: 'searchReplace', path: 'a.ts', search: 'const a = 1;\n\n  f(a);', replace: 'const a = 2;\n  f(a);', hint: { startLine: 12 } },
      ]);
      const partial = md('```ts a.ts', '<<<<<<< SEARCH', '12 | a', '13 | b', '=======', '12 | c', 'd', '>>>>>>> REPLACE', '```');
      assert.equal(parseEdits(partial)[0]?.kind, 'malformed');
      const notCounting = md('```ts a.ts', '<<<<<<< SEARCH', '1 | a', '7 | b', '=======', 'c', '>>>>>>> REPLACE', '```');
      assert.deepEqual(bare(parseEdits(notCounting)), [{ kind: 'searchReplace', path: 'a.ts', search: '1 | a\n7 | b', replace: 'c' }]);
    });

    it("reads aider's fence-less form: a path line, then the markers", () => {
      const answer = md('Change it:', '', 'src/a.py', '<<<<<<< SEARCH', 'a = 1', '=======', 'a = 2', '>>>>>>> REPLACE', '', 'src/b.py', '<<<<<<< SEARCH', 'b = 1', '=======', 'b = 2', '>>>>>>> REPLACE', '', 'Done.');
      assert.deepEqual(bare(parseEdits(answer)), [
        { kind: 'searchReplace', path: 'src/a.py', search: 'a = 1', replace: 'a = 2' },
        { kind: 'searchReplace', path: 'src/b.py', search: 'b = 1', replace: 'b = 2' },
      ]);
    });

    it("reads Cline's tool call with its path tag", () => {
      const answer = md('<replace_in_file>', '<path>src/a.ts</path>', '<diff>', '------- SEARCH', 'x', '=======', 'y', '+++++++ REPLACE', '</diff>', '</replace_in_file>');
      assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'searchReplace', path: 'src/a.ts', search: 'x', replace: 'y' }]);
    });

    it('a broken fence-less edit is one malformed block, and nothing after its SEARCH is read as another edit', () => {
      const answer = md('src/a.py', '<<<<<<< SEARCH', 'a', '<<<<<<< SEARCH', 'b', '=======', 'c', '>>>>>>> REPLACE');
      assert.deepEqual(parseEdits(answer).map((b) => b.kind), ['malformed']);
    });

    it('an empty REPLACE is a deletion and keeps inner blank lines of both texts', () => {
      const answer = md('```go main.go', ...pair(['// old', '', 'func old() {}', ''], []), '```');
      assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'searchReplace', path: 'main.go', search: '// old\n\nfunc old() {}\n', replace: '' }]);
    });

    it('an empty SEARCH with a path is a new file; without a path it stays a SEARCH/REPLACE for the planner to refuse', () => {
      assert.deepEqual(bare(parseEdits(md('```ts src/new.ts', ...pair([], ['export const x = 1;']), '```'))), [
        { kind: 'newFile', path: 'src/new.ts', text: 'export const x = 1;' },
      ]);
      assert.deepEqual(bare(parseEdits(md('```ts', ...pair(['  '], ['x']), '```'))), [
        { kind: 'searchReplace', path: undefined, search: '  ', replace: 'x' },
      ]);
    });

    it('a path line between pairs names the file of the pairs after it', () => {
      const answer = md('```', 'src/a.ts', ...pair(['a'], ['A']), '', 'src/b.ts', ...pair(['b'], ['B']), '// src/c.ts', ...pair(['c'], ['C']), '```');
      assert.deepEqual(
        parseEdits(answer).map((b) => (b.kind === 'searchReplace' ? b.path : b.kind)),
        ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      );
    });

    it('a pair with no divider makes the whole block malformed, its good pairs too', () => {
      const answer = md('```ts a.ts', '<<<<<<< SEARCH', 'x', '>>>>>>> REPLACE', ...pair(['y'], ['z']), '```');
      assert.deepEqual(parseEdits(answer).map((b) => b.kind), ['malformed']);
    });

    it('a Markdown heading underline inside the texts does not split the pair in the wrong place', () => {
      const answer = md('```markdown README.md', ...pair(['Title', '=======', 'old'], ['Title', '=======', 'new']), '```');
      assert.deepEqual(bare(parseEdits(answer)), [
        { kind: 'searchReplace', path: 'README.md', search: 'Title\n=======\nold', replace: 'Title\n=======\nnew' },
      ]);
    });
  });

  describe('paths', () => {
    it('reads the path from the info string in its usual forms', () => {
      for (const info of ['ts src/csv.ts', 'src/csv.ts', 'ts:src/csv.ts', 'ts title="src/csv.ts"', "ts filename='src/csv.ts'", 'ts {1,3} path=src/csv.ts', 'typescript ./src/csv.ts']) {
        assert.equal(pathOf(md(`\`\`\`${info}`, 'const x = 1;', '```')), 'src/csv.ts', info);
      }
    });

    it('reads the path from a label line just before the fence, even after a blank line', () => {
      for (const label of ['src/csv.ts', '`src/csv.ts`', '**src/csv.ts**', '`src/csv.ts`:', '**`src/csv.ts`**', 'File: src/csv.ts', '**File:** `src/csv.ts`', '### src/csv.ts', '- `src/csv.ts`:', 'src\\csv.ts']) {
        assert.equal(pathOf(md('Here it is.', label, '```ts', 'const x = 1;', '```')), 'src/csv.ts', label);
        assert.equal(pathOf(md(label, '', '```ts', 'const x = 1;', '```')), 'src/csv.ts', `${label} with a blank line`);
      }
      assert.equal(pathOf(md('**__init__.py**', '```python', 'x = 1', '```')), '__init__.py');
      assert.equal(pathOf(md('`Makefile`:', '```makefile', 'all:', '```')), 'Makefile');
      assert.equal(pathOf(md('**App.js**', '```jsx', 'export default App;', '```')), 'App.js');
      assert.equal(pathOf(md('`Node.js`', '```js', 'x', '```')), 'Node.js');
    });

    it('a sentence that mentions a path, or a heading about a library, is not a label', () => {
      for (const prose of ['In `src/csv.ts`, change the loop:', 'Update src/csv.ts as follows:', '### Node.js', '**Vue.js**', 'See e.g.', 'Version 1.2']) {
        assert.equal(parseEdits(md(prose, '```ts', 'const x = 1;', '```'))[0]?.kind, 'snippet', prose);
      }
    });

    it('a label only applies to the block right after it, not to a later one', () => {
      const answer = md('`src/a.ts`', '```ts', 'a', '```', '```ts', 'b', '```');
      assert.deepEqual(parseEdits(answer).map((b) => b.kind), ['wholeFile', 'snippet']);
    });

    it('a first line that is a path comment names the file and is removed', () => {
      assert.deepEqual(bare(parseEdits(md('```ts', '// src/csv.ts', 'export const x = 1;', '```'))), [
        { kind: 'wholeFile', path: 'src/csv.ts', text: 'export const x = 1;' },
      ]);
      assert.deepEqual(bare(parseEdits(md('```python', '# src/report.py', 'x = 1', '```'))), [{ kind: 'wholeFile', path: 'src/report.py', text: 'x = 1' }]);
      for (const first of ['// filepath: src/x.ts', '/* src/x.ts */', '<!-- src/x.ts -->', '-- src/x.ts', '# File: src/x.ts']) {
        assert.equal(pathOf(md('```', first, 'x', '```')), 'src/x.ts', first);
      }
    });

    it('a path comment that repeats the label is removed, one naming another file is kept as content', () => {
      assert.deepEqual(bare(parseEdits(md('```ts src/a.ts', '// src/a.ts', 'x', '```'))), [{ kind: 'wholeFile', path: 'src/a.ts', text: 'x' }]);
      assert.deepEqual(bare(parseEdits(md('```ts src/a.ts', '// src/b.ts', 'x', '```'))), [{ kind: 'wholeFile', path: 'src/a.ts', text: '// src/b.ts\nx' }]);
    });

    it('a Markdown heading that looks like a file name stays part of the Markdown', () => {
      assert.deepEqual(bare(parseEdits(md('```markdown docs/guide.md', '# README.md', 'text', '```'))), [
        { kind: 'wholeFile', path: 'docs/guide.md', text: '# README.md\ntext' },
      ]);
    });

    it('ordinary comments and words are not paths', () => {
      for (const first of ['// TODO', '// v1.2', '# e.g.', '// see https://example.com/a.js', '#include <stdio.h>', '#!/bin/sh', '// the new value']) {
        assert.equal(parseEdits(md('```c', first, 'x', '```'))[0]?.kind, 'snippet', first);
      }
      for (const info of ['ts hello', 'js https://x.io/a.js', 'ts src/', 'python {.numberLines}']) {
        assert.equal(parseEdits(md(`\`\`\`${info}`, 'x', '```'))[0]?.kind, 'snippet', info);
      }
    });

    it('removes a leading ./ everywhere but a/ and b/ only in diff headers', () => {
      assert.equal(pathOf(md('```ts ./src/x.ts', 'x', '```')), 'src/x.ts');
      assert.equal(pathOf(md('```ts a/src/x.ts', 'x', '```')), 'a/src/x.ts');
      assert.equal(pathOf(md('```diff', '--- a/src/x.ts', '+++ b/src/x.ts', '@@ -1 +1 @@', '-x', '+y', '```')), 'src/x.ts');
    });

    it('keeps brackets of route folders and line suffixes out of the way', () => {
      assert.equal(pathOf(md('```tsx app/[id]/page.tsx', 'x', '```')), 'app/[id]/page.tsx');
      assert.equal(pathOf(md('```ts src/csv.ts:10-20', 'x', '```')), 'src/csv.ts');
      assert.equal(pathOf(md('`.env.example`', '```', 'A=1', '```')), '.env.example');
    });
  });

  describe('unified diffs', () => {
    it('one block per file, with each hunk and its old start line', () => {
      const answer = md(
        '```diff',
        'diff --git a/src/a.ts b/src/a.ts',
        'index 1234567..89abcde 100644',
        '--- a/src/a.ts',
        '+++ b/src/a.ts',
        '@@ -10,3 +10,3 @@ function f() {',
        ' keep',
        '-old',
        '+new',
        '@@ -40,2 +40,3 @@',
        ' x',
        '+y',
        '--- src/b.ts\t2024-01-01 10:00:00',
        '+++ src/b.ts\t2024-01-02 10:00:00',
        '@@ -1 +1 @@',
        '-b',
        '+B',
        '```',
      );
      assert.deepEqual(bare(parseEdits(answer)), [
        { kind: 'unifiedDiff', path: 'src/a.ts', hunks: [{ oldStart: 10, lines: [' keep', '-old', '+new'] }, { oldStart: 40, lines: [' x', '+y'] }] },
        { kind: 'unifiedDiff', path: 'src/b.ts', hunks: [{ oldStart: 1, lines: ['-b', '+B'] }] },
      ]);
    });

    it('a bare @@ hunk header has old start 0, and a blank line in a hunk is a blank context line', () => {
      const answer = md('```diff', '--- a/x.py', '+++ b/x.py', '@@ ... @@', ' def f():', '', '-    return 1', '+    return 2', '\\ No newline at end of file', '', '```');
      assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'unifiedDiff', path: 'x.py', hunks: [{ oldStart: 0, lines: [' def f():', ' ', '-    return 1', '+    return 2'] }] }]);
    });

    it('a diff from /dev/null is a new file of its added lines', () => {
      const answer = md('```diff', '--- /dev/null', '+++ b/src/new.ts', '@@ -0,0 +1,2 @@', '+export const a = 1;', '+export const b = 2;', '```');
      assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'newFile', path: 'src/new.ts', text: 'export const a = 1;\nexport const b = 2;' }]);
    });

    it('a diff without headers takes the block path; without any path it is dropped', () => {
      assert.deepEqual(bare(parseEdits(md('`src/x.ts`', '```diff', ' a', '-b', '+c', '```'))), [
        { kind: 'unifiedDiff', path: 'src/x.ts', hunks: [{ oldStart: 0, lines: [' a', '-b', '+c'] }] },
      ]);
      assert.deepEqual(parseEdits(md('```diff', ' a', '-b', '+c', '```')), []);
    });

    it('recognizes a diff by its headers when the block is not labelled diff', () => {
      const answer = md('```', '--- a/x.go', '+++ b/x.go', '@@ -3,1 +3,1 @@', '-a', '+b', '```');
      assert.equal(parseEdits(answer)[0]?.kind, 'unifiedDiff');
    });

    it('a diff with headers but no @@ line is one hunk', () => {
      const answer = md('```diff', '--- a/x.go', '+++ b/x.go', ' a', '-b', '+c', '```');
      assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'unifiedDiff', path: 'x.go', hunks: [{ oldStart: 0, lines: [' a', '-b', '+c'] }] }]);
    });
  });

  describe('new files, whole files and snippets', () => {
    it('a block labelled as new is a new file', () => {
      for (const answer of [
        md('```ts (new file) src/util.ts', 'x', '```'),
        md('```ts src/util.ts (new file)', 'x', '```'),
        md('New file: `src/util.ts`', '```ts', 'x', '```'),
        md('**New file:** src/util.ts', '```ts', 'x', '```'),
        md('`src/util.ts` (new file):', '```ts', 'x', '```'),
        md('Create `src/util.ts`:', '```ts', 'x', '```'),
      ]) {
        assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'newFile', path: 'src/util.ts', text: 'x' }], answer);
      }
      assert.equal(pathOf(md('```ts new-file.ts', 'x', '```')), 'new-file.ts');
    });

    it('a block with a path and no markers is the whole file, its text exact but for the line break before the fence', () => {
      assert.deepEqual(bare(parseEdits(md('```ts src/x.ts', '', '  a  ', '', '\tb', '', '```'))), [
        { kind: 'wholeFile', path: 'src/x.ts', text: '\n  a  \n\n\tb\n' },
      ]);
    });

    it('an empty block for a path is no edit (it would empty the file)', () => {
      assert.deepEqual(parseEdits(md('```ts src/x.ts', '', '```')), []);
      assert.deepEqual(bare(parseEdits(md('```ts (new file) src/__init__.py', '```'))), [{ kind: 'newFile', path: 'src/__init__.py', text: '' }]);
    });

    it('a block with no path and no markers is a snippet with the language id of its info string', () => {
      assert.deepEqual(bare(parseEdits(md('```ts', 'const x = 1;', '```'))), [{ kind: 'snippet', languageId: 'typescript', text: 'const x = 1;' }]);
      assert.deepEqual(bare(parseEdits(md('```Python', 'x = 1', '```'))), [{ kind: 'snippet', languageId: 'python', text: 'x = 1' }]);
      assert.deepEqual(bare(parseEdits(md('```rust', 'fn f() {}', '```'))), [{ kind: 'snippet', languageId: 'rust', text: 'fn f() {}' }]);
      assert.deepEqual(bare(parseEdits(md('```', 'x', '```'))), [{ kind: 'snippet', languageId: undefined, text: 'x' }]);
    });

    it('shell, console, output and plain-text blocks are not edits unless they name a file', () => {
      for (const language of ['sh', 'bash', 'console', 'shell', 'powershell', 'text', 'output']) {
        assert.deepEqual(parseEdits(md(`\`\`\`${language}`, 'npm test', '```')), [], language);
      }
      assert.deepEqual(bare(parseEdits(md('```bash scripts/build.sh', 'npm test', '```'))), [{ kind: 'wholeFile', path: 'scripts/build.sh', text: 'npm test' }]);
      assert.equal(parseEdits(md('```bash', ...pair(['a'], ['b']), '```'))[0]?.kind, 'searchReplace');
    });

    it('numbers code blocks over the whole answer, ignored ones included', () => {
      const answer = md('Run:', '```bash', 'npm test', '```', 'Then:', '', '```ts', 'x', '```');
      assert.deepEqual(parseEdits(answer).map((b) => b.source), [{ codeBlock: 1, line: 7 }]);
    });
  });

  describe('fences', () => {
    it('a longer fence holds a shorter one (a Markdown file with a code block in it)', () => {
      const answer = md('````markdown README.md', '# Setup', '```bash', 'npm i', '```', '````', 'Done.');
      assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'wholeFile', path: 'README.md', text: '# Setup\n```bash\nnpm i\n```' }]);
      const tilde = md('~~~md README.md', '```js', 'x', '```', '~~~');
      assert.deepEqual(bare(parseEdits(tilde)), [{ kind: 'wholeFile', path: 'README.md', text: '```js\nx\n```' }]);
    });

    it('a same-length block opened with a language inside a block is taken as nested', () => {
      const answer = md('```markdown README.md', '# Setup', '```bash', 'npm i', '```', 'More.', '```', 'After.', '```ts', 'y', '```');
      assert.deepEqual(bare(parseEdits(answer)), [
        { kind: 'wholeFile', path: 'README.md', text: '# Setup\n```bash\nnpm i\n```\nMore.' },
        { kind: 'snippet', languageId: 'typescript', text: 'y' },
      ]);
    });

    it('no fence ends a block in the middle of a SEARCH/REPLACE pair', () => {
      const answer = md('```md docs/a.md', '<<<<<<< SEARCH', 'Run:', '```', 'npm i', '```', '=======', 'Run `npm ci`.', '>>>>>>> REPLACE', '```');
      assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'searchReplace', path: 'docs/a.md', search: 'Run:\n```\nnpm i\n```', replace: 'Run `npm ci`.' }]);
    });

    it('an opening fence left unbalanced inside a block falls back to the first closing fence', () => {
      const answer = md('```ts', 'const s = `', '```js', '`;', '```', 'Prose.', '```py', 'x = 1', '```');
      assert.deepEqual(bare(parseEdits(answer)), [
        { kind: 'snippet', languageId: 'typescript', text: 'const s = `\n```js\n`;' },
        { kind: 'snippet', languageId: 'python', text: 'x = 1' },
      ]);
    });

    it('an unclosed final fence runs to the end of the answer', () => {
      assert.deepEqual(bare(parseEdits('Here:\n```ts src/x.ts\na\nb\n')), [{ kind: 'wholeFile', path: 'src/x.ts', text: 'a\nb' }]);
      assert.deepEqual(bare(parseEdits('```ts src/x.ts\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE')), [
        { kind: 'searchReplace', path: 'src/x.ts', search: 'a', replace: 'b' },
      ]);
    });

    it('a CRLF answer parses exactly like its LF form', () => {
      const lf = md('**src/a.ts**', '```ts', ...pair(['a', '', 'b'], ['c']), '```', '```diff', '--- a/b.ts', '+++ b/b.ts', '@@ -1 +1 @@', '-x', '+y', '```');
      assert.deepEqual(parseEdits(lf.replace(/\n/g, '\r\n')), parseEdits(lf));
      assert.equal(parseEdits(lf).length, 2);
    });

    it('a fence indented in a list item has that indentation removed from its lines', () => {
      const answer = md('1. Change `src/x.py`:', '', '   ```python src/x.py', '   def f():', '       return 1', '   ```');
      assert.deepEqual(bare(parseEdits(answer)), [{ kind: 'wholeFile', path: 'src/x.py', text: 'def f():\n    return 1' }]);
    });

    it('a line of backticks with a backtick in its info string is inline code, not a fence', () => {
      assert.deepEqual(parseEdits(md('```foo``` is not a block', 'x')), []);
    });

    it('an answer without fences or markers has no edits; fence-less markers after prose name no file', () => {
      assert.deepEqual(parseEdits('Use `i < n` in the loop of src/csv.ts.\n\nThe `<<<<<<< SEARCH` marker starts a block.'), []);
      assert.deepEqual(parseEdits(''), []);
      assert.deepEqual(bare(parseEdits('Use `i < n` in the loop of src/csv.ts.\n\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE')), [
        { kind: 'searchReplace', path: undefined, search: 'a', replace: 'b' },
      ]);
    });
  });

  it('any SEARCH/REPLACE texts free of markers and fences come back exactly', () => {
    const line = fc.stringMatching(/^[ -~\t]{0,30}$/).filter((l) => !/^\s*(?:[<=>+-]{2,}|`{3,}|~{3,}|:(?:start|end)_line:|\\|\d+ \|)/.test(l));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.array(line, { maxLength: 6 }), (search, replace) => {
        fc.pre(search.some((l) => l.trim() !== ''));
        const blocks = parseEdits(md('Fix:', '```ts src/x.ts', ...pair(search, replace), '```'));
        assert.deepEqual(bare(blocks), [{ kind: 'searchReplace', path: 'src/x.ts', search: search.join('\n'), replace: replace.join('\n') }]);
      }),
      { numRuns: 300 },
    );
  });
});
