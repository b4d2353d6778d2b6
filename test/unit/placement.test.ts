// Where a block lands: what the model says about the place (line hints, V4A scopes, the end of the file) narrows
// the matches or breaks ties, never places by itself; a fuzzy placement agrees with the file on names and literals;
// the replacement is written in the file's indentation.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { planEdits } from '../../src/core/edits/plan';
import type { PlanOptions } from '../../src/core/edits/plan';
import { codeTokens } from '../../src/core/edits/tokens';
import type { DiffHunk, EditBlock, EditPlan, LineHint } from '../../src/core/edits/types';

const source = { codeBlock: 0, line: 1 };
const sr = (search: string, replace: string, hint?: LineHint): EditBlock => ({
  kind: 'searchReplace',
  path: 'f.ts',
  search,
  replace,
  source,
  ...(hint ? { hint } : {}),
});
const diff = (...hunks: DiffHunk[]): EditBlock => ({ kind: 'unifiedDiff', path: 'f.ts', hunks, source });

function plan(text: string, blocks: EditBlock[], options: PlanOptions = {}): EditPlan {
  return planEdits(blocks, (path) => (path === 'f.ts' ? text : undefined), options);
}

function proposed(result: EditPlan): string {
  assert.deepEqual(result.refused.map((r) => r.reason), []);
  assert.equal(result.files.length, 1);
  return result.files[0]!.proposed;
}

const reasons = (result: EditPlan): string[] => result.refused.map((r) => r.reason);

/** Two identical functions far apart, so that a SEARCH of one of them matches twice. */
const twice = ['function a() {', '  return 1;', '}', ...Array.from({ length: 40 }, (_, i) => `const v${i} = ${i};`), 'function a() {', '  return 1;', '}', ''].join('\n');

describe('placement', () => {
  describe('line hints', () => {
    it('break a tie between exact matches: the nearest wins', () => {
      const result = plan(twice, [sr('  return 1;', '  return 2;', { startLine: 44 })]);
      const lines = proposed(result).split('\n');
      assert.deepEqual([lines[1], lines[44]], ['  return 1;', '  return 2;']);
    });

    it('leave a tie ambiguous when both matches are equally near', () => {
      // The two `return 1;` lines are 2 and 44 once one filler line is gone: 23 is as near to one as to the other.
      const result = plan(twice.replace('const v0 = 0;\n', ''), [sr('  return 1;', '  return 2;', { startLine: 23 })]);
      assert.match(reasons(result)[0] ?? '', /appears 2 times/);
    });

    it('never move a unique exact match, however wrong the hint', () => {
      const text = 'const a = 1;\nconst b = 2;\n';
      assert.equal(proposed(plan(text, [sr('const b = 2;', 'const b = 3;', { startLine: 900 })])), 'const a = 1;\nconst b = 3;\n');
    });

    it('never place a text that matches nowhere', () => {
      const result = plan(twice, [sr('  return 7;', '  return 2;', { startLine: 2 })]);
      assert.equal(result.files.length, 0);
      assert.match(reasons(result)[0] ?? '', /was not found/);
    });

    it('count in the file before the answer: lines an earlier block added above move the hint', () => {
      const added = Array.from({ length: 10 }, (_, i) => `const w${i} = ${i};`).join('\n');
      const result = plan(twice, [sr('const v0 = 0;', `const v0 = 0;\n${added}`), sr('  return 1;', '  return 2;', { startLine: 44 })]);
      const lines = proposed(result).split('\n');
      assert.deepEqual([lines[1], lines[54]], ['  return 1;', '  return 2;']);
    });

    it('narrow the fuzzy window to near the hint, and report the score', () => {
      const fn = ['function b(x) {', '  const y = x * 2 + offset;', '  log("doubling", x, y);', '  return y;', '}'];
      const filler = Array.from({ length: 60 }, (_, i) => `const filler${i} = ${i};`);
      const text = [...fn, ...filler, ...fn, ''].join('\n');
      const search = fn.map((l) => l.replace('log(', 'log[')).join('\n');
      const replace = fn.join('\n').replace('* 2', '* 3');
      const near = plan(text, [sr(search, replace, { startLine: 64 })]);
      assert.equal(proposed(near).split('\n')[66], '  const y = x * 3 + offset;');
      const [placement] = near.files[0]!.placements;
      assert.equal(placement?.level, 'fuzzy');
      assert.ok(placement && placement.similarity >= 0.85 && placement.similarity < 1, JSON.stringify(placement));
      assert.match(reasons(plan(text, [sr(search, replace, { startLine: 33 })]))[0] ?? '', /was not found/);
    });

    it('use a diff hunk\'s old start the same way', () => {
      const result = plan(twice, [diff({ oldStart: 45, lines: ['-  return 1;', '+  return 2;'] })]);
      assert.equal(proposed(result).split('\n')[44], '  return 2;');
    });
  });

  describe('diff scope and end of file', () => {
    const classes = ['class A {', '  run() {', '    go();', '  }', '}', 'class B {', '  run() {', '    go();', '  }', '}', ''].join('\n');

    it('keep only the matches after each scope line, in order', () => {
      const hunk: DiffHunk = { oldStart: 0, scope: ['class B {', '  run() {'], lines: ['-    go();', '+    stop();'] };
      assert.equal(proposed(plan(classes, [diff(hunk)])), classes.replace(/go\(\);(?![\s\S]*go)/, 'stop();'));
    });

    it('refuse a scope line the file does not have, naming it', () => {
      const hunk: DiffHunk = { oldStart: 0, scope: ['class C {'], lines: ['-    go();', '+    stop();'] };
      const result = plan(classes, [diff(hunk)]);
      assert.equal(result.files.length, 0);
      assert.match(reasons(result)[0] ?? '', /`class C \{`, which is not in f\.ts/);
    });

    it('refuse a hunk that is in the file but not after its scope', () => {
      const hunk: DiffHunk = { oldStart: 0, scope: ['class B {'], lines: [' class A {', '-  run() {', '+  start() {'] };
      assert.match(reasons(plan(classes, [diff(hunk)]))[0] ?? '', /but not after `class B \{`/);
    });

    it('keep only the match that ends the file for *** End of File', () => {
      const hunk: DiffHunk = { oldStart: 0, atEndOfFile: true, lines: ['   }', '-}', '+}', '+export {};'] };
      assert.equal(proposed(plan(classes, [diff(hunk)])), classes + 'export {};\n');
    });
  });

  describe('indentation', () => {
    it('a block quoted a level too deep moves back by that much, even when its REPLACE steps out and in again', () => {
      // The model's own lines seem to step by 4 (2 → 6); the matched lines say it is 2 deeper than the file, no more.
      const text = '  foo();\n    foo();\n\n    foo();';
      const search = ['      foo();', '', '      foo();'].join('\n');
      const replace = ['      foo();', '', '    foo();', '  foo();', '      foo();'].join('\n');
      assert.equal(proposed(plan(text, [sr(search, replace)])), '  foo();\n    foo();\n\n  foo();\nfoo();\n    foo();');
    });

    it('a block quoted at two spaces a level in a four-space file is scaled, as its matched lines show', () => {
      const text = 'if (a) {\n    if (b) {\n        go();\n    }\n}\n';
      const search = ['if (b) {', '  go();', '}'].join('\n');
      const replace = ['if (b) {', '  go();', '  if (c) {', '    stop();', '  }', '}'].join('\n');
      assert.equal(proposed(plan(text, [sr(search, replace)])), 'if (a) {\n    if (b) {\n        go();\n        if (c) {\n            stop();\n        }\n    }\n}\n');
    });

    it('takes its reference from a line with code, not a comment\'s closing line', () => {
      const text = ['/**', ' * Doubles.', ' */', 'function f(x) {', '  return x * 2;', '}', ''].join('\n');
      const search = ['*/', 'function f(x) {', '  return x * 2;', '}'].join('\n');
      const replace = ['*/', 'function f(x) {', '  return x * 3;', '}'].join('\n');
      const lines = proposed(plan(text, [sr(search, replace)])).split('\n');
      assert.deepEqual(lines.slice(3, 6), ['function f(x) {', '  return x * 3;', '}']);
    });

    it('writes added lines with tabs in a spaces file as spaces, at the exact rung too', () => {
      const text = 'function f() {\n    a();\n    b();\n}\n';
      assert.equal(proposed(plan(text, [sr('    a();', '    a();\n\tadded();\n\t\tdeeper();')])), 'function f() {\n    a();\n    added();\n        deeper();\n    b();\n}\n');
    });

    it('writes added lines with spaces in a tabs file as tabs, keeping alignment spaces', () => {
      const text = 'func f() {\n\ta()\n\tb()\n}\n';
      const replace = '\ta()\n    added()\n        deeper()\n         aligned()';
      assert.equal(proposed(plan(text, [sr('\ta()', replace)])), 'func f() {\n\ta()\n\tadded()\n\t\tdeeper()\n\t\t aligned()\n\tb()\n}\n');
    });

    it('keeps the file\'s own lines as they were, even in the other style', () => {
      const text = 'function f() {\n    a();\n\tlegacy();\n    b();\n    c();\n    d();\n    e();\n}\n';
      const result = plan(text, [sr('    a();\n\tlegacy();', '    a();\n\tlegacy();\n\tadded();')]);
      assert.equal(proposed(result), text.replace('\tlegacy();\n', '\tlegacy();\n    added();\n'));
    });

    it('never changes what follows the indentation', () => {
      const line = fc.tuple(fc.constantFrom('', '  ', '    ', '\t', '\t\t', '\t  '), fc.constantFrom('x();', ' * note', '"a\tb";', 'y = 1;'));
      fc.assert(
        fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.boolean(), (added, tabs) => {
          const unit = tabs ? '\t' : '    ';
          const text = `function f() {\n${unit}a();\n${unit}b();\n}\n`;
          const replace = [`${unit}a();`, ...added.map(([indent, body]) => indent + body)].join('\n');
          const out = proposed(plan(text, [sr(`${unit}a();`, replace)])).split('\n').slice(2, 2 + added.length);
          assert.deepEqual(out.map((l) => l.trimStart()), added.map(([, body]) => body.trimStart()));
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('fuzzy placement properties', () => {
    // Lines built from a few names, so that near-duplicates abound; a semicolon the model may drop.
    const NAMES = ['total', 'rows', 'limit', 'offset', 'label', 'cursor'];
    const codeLine = fc
      .tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 9 }))
      .map(([a, b, n]) => `  ${a} = ${b}(${n}, "${a}${n}");`);

    it('never changes a token of the file outside the matched window', () => {
      fc.assert(
        fc.property(fc.array(codeLine, { minLength: 8, maxLength: 30 }), fc.nat(), fc.nat(), (lines, a, b) => {
          const from = a % (lines.length - 4);
          const count = 4 + (b % Math.min(4, lines.length - from - 3));
          // The model's copy drops the semicolons: only a fuzzy placement can find it.
          const search = lines.slice(from, from + count).map((l) => l.replace(/;$/, ''));
          const text = lines.join('\n') + '\n';
          const result = plan(text, [sr(search.join('\n'), '  replaced();')]);
          if (result.files.length === 0) return;
          const out = result.files[0]!.proposed.split('\n');
          const at = out.indexOf('  replaced();');
          assert.ok(at >= 0);
          const before = out.slice(0, at);
          const after = out.slice(at + 1);
          assert.deepEqual(codeTokens(before), codeTokens(lines.slice(0, before.length)));
          assert.deepEqual(codeTokens(after), codeTokens([...lines.slice(lines.length - after.length + 1), '']));
          assert.ok(before.length <= from && lines.length - (after.length - 1) >= from + count, 'the window covers only the SEARCH\'s place');
        }),
        { numRuns: 150 },
      );
    });

    it('never places a SEARCH whose identifier or literal was changed', () => {
      fc.assert(
        fc.property(fc.array(codeLine, { minLength: 6, maxLength: 30 }), fc.nat(), fc.nat(), fc.constantFrom('name', 'number', 'string'), (lines, a, k, what) => {
          const from = a % (lines.length - 4);
          const search = lines.slice(from, from + 4);
          const i = k % search.length;
          const changed = search[i]!;
          search[i] =
            what === 'name' ? changed.replace(/^ {2}\w+/, '  unknownName') : what === 'number' ? changed.replace(/\((\d)/, '($142') : changed.replace(/"(\w+)"/, '"$1x"');
          const result = plan(lines.join('\n') + '\n', [sr(search.join('\n'), '  replaced();')]);
          assert.equal(result.files.length, 0, JSON.stringify(result.files[0]?.placements));
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('a fragment labelled as the whole file', () => {
    const whole = (text: string): EditBlock => ({ kind: 'wholeFile', path: 'f.ts', text, source });
    const fns = Array.from({ length: 6 }, (_, i) => [`export function step${i}(x: number): number {`, `  const y = x + ${i};`, `  return y * ${i};`, '}', '']).flat();
    const file = ['import { log } from "./log";', '', ...fns].join('\n');

    it('replaces only the region its first and last lines anchor to, when it is one block', () => {
      const fragment = ['export function step2(x: number): number {', '  const y = x + 2;', '  log(y);', '  return y * 2;', '}'].join('\n');
      assert.equal(proposed(plan(file, [whole(fragment)])), file.replace('  const y = x + 2;\n', '  const y = x + 2;\n  log(y);\n'));
    });

    it('replaces the region between a first and a last line that are each unique', () => {
      const fragment = ['  const y = x + 2;', '  return y * 2;', '}', '', 'export function step3(x: number): number {', '  const y = x + 30;', '  return y * 3;'].join('\n');
      assert.equal(proposed(plan(file, [whole(fragment)])), file.replace('x + 3;', 'x + 30;'));
    });

    it('refuses a fragment that does not anchor, rather than replacing the file with it', () => {
      const fragment = ['export function step9(x: number): number {', '  return x;', '}'].join('\n');
      const result = plan(file, [whole(fragment)]);
      assert.equal(result.files.length, 0);
      assert.match(reasons(result)[0] ?? '', /looks like part of f\.ts, not the whole file/);
    });

    it('refuses a fragment of several blocks that ends in a line found many times', () => {
      const fragment = ['export function step1(x: number): number {', '  return x;', '}', '', 'export function step2(x: number): number {', '  return x;', '}'].join('\n');
      assert.match(reasons(plan(file, [whole(fragment)]))[0] ?? '', /looks like part of f\.ts/);
    });

    it('asks where a snippet of several blocks goes, rather than cutting it short at the first `}`', () => {
      const fragment = ['export function step1(x: number): number {', '  return x;', '}', '', 'export function step2(x: number): number {', '  return x;', '}'].join('\n');
      const snippet: EditBlock = { kind: 'snippet', languageId: 'typescript', text: fragment, source };
      const result = plan(file, [snippet], { activePath: 'f.ts' });
      assert.deepEqual([result.files.length, result.refused[0]?.needsTarget], [0, true]);
    });

    it('still takes a shorter whole file whose first and last lines are the file\'s, or one not much shorter', () => {
      const shorter = ['import { log } from "./log";', '', ...fns.slice(0, 4)].join('\n');
      assert.equal(proposed(plan(file, [whole(shorter)])), shorter + '\n');
      const rewritten = file.replace(/x \+/g, 'x -').split('\n').slice(0, 21).join('\n');
      assert.equal(proposed(plan(file, [whole(rewritten)])), rewritten + '\n');
      assert.equal(proposed(plan('a\nb\n', [whole('x')])), 'x\n', 'a small file is rewritten whole');
    });
  });
});
