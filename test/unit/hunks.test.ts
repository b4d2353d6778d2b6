import * as assert from 'node:assert/strict';
import { applyHunks, hunksOf, linesOf } from '../../src/core/edits/hunks';
import type { Hunk } from '../../src/core/edits/hunks';

const lf = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('');
const crlf = (...lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');
const ids = (hunks: readonly Hunk[]): Set<string> => new Set(hunks.map((hunk) => hunk.id));

describe('hunks of a proposal', () => {
  it('a changed line is one hunk at its line, +1 −1', () => {
    assert.deepEqual(hunksOf(lf('a', 'b', 'c'), lf('a', 'B', 'c')), [
      { id: 'h0', baseStart: 1, baseLines: ['b'], proposedStart: 1, proposedLines: ['B'], added: 1, removed: 1 },
    ]);
  });

  it('changes with an unchanged line between them stay separate hunks, so each can be accepted alone', () => {
    const hunks = hunksOf(lf('a', 'b', 'c', 'd', 'e'), lf('A', 'b', 'C', 'd', 'e', 'f'));
    assert.deepEqual(
      hunks.map((h) => [h.id, h.baseStart, h.proposedStart, h.added, h.removed]),
      [
        ['h0', 0, 0, 1, 1],
        ['h1', 2, 2, 1, 1],
        ['h2', 5, 5, 1, 0],
      ],
    );
  });

  it('changed lines that touch form one hunk', () => {
    const hunks = hunksOf(lf('a', 'b', 'c', 'd'), lf('a', 'B', 'x', 'C', 'd'));
    assert.equal(hunks.length, 1);
    assert.deepEqual(hunks[0]?.baseLines, ['b', 'c']);
    assert.deepEqual(hunks[0]?.proposedLines, ['B', 'x', 'C']);
  });

  it('a change next to a repeated line is one hunk, not an insertion and a deletion either side of it', () => {
    const braces = hunksOf(lf('first', 'x', '}', '}', 'y', 'last'), lf('FIRST', 'x', 'P', '}', 'y', 'LAST'));
    assert.deepEqual(braces.map((h) => [h.baseStart, h.baseLines, h.proposedLines]), [
      [0, ['first'], ['FIRST']],
      [2, ['}'], ['P']],
      [5, ['last'], ['LAST']],
    ]);
    const blanks = hunksOf(lf('first', 'x', '', '', 'y', 'last'), lf('FIRST', 'x', 'c', '', 'y', 'LAST'));
    assert.deepEqual(blanks.map((h) => [h.baseStart, h.baseLines, h.proposedLines])[1], [2, [''], ['c']]);
  });

  it('an insertion is a hunk with no base lines at the line it goes before; a deletion has no proposed lines', () => {
    const [insertion] = hunksOf(lf('a', 'b'), lf('a', 'new', 'b'));
    assert.deepEqual(insertion && [insertion.baseStart, insertion.baseLines, insertion.proposedLines], [1, [], ['new']]);
    const [deletion] = hunksOf(lf('a', 'b', 'c'), lf('a', 'c'));
    assert.deepEqual(deletion && [deletion.baseStart, deletion.baseLines, deletion.proposedLines, deletion.removed], [1, ['b'], [], 1]);
  });

  it('the same texts give the same hunk ids every time', () => {
    const base = lf('one', 'two', 'three', 'four');
    const proposed = lf('ONE', 'two', 'three', 'FOUR');
    assert.deepEqual(hunksOf(base, proposed), hunksOf(base, proposed));
    assert.deepEqual(hunksOf(base, proposed).map((h) => h.id), ['h0', 'h1']);
  });

  it('identical texts have no hunks', () => {
    assert.deepEqual(hunksOf(lf('a', 'b'), lf('a', 'b')), []);
    assert.deepEqual(hunksOf('', ''), []);
  });

  it('lines are compared without their line breaks: an LF proposal for a CRLF file changes only what it changes', () => {
    const hunks = hunksOf(crlf('a', 'b', 'c'), lf('a', 'B', 'c'));
    assert.deepEqual(hunks.map((h) => h.baseLines), [['b']]);
  });

  it('line numbers are the editor\'s: a final line break starts an empty last line', () => {
    assert.deepEqual(linesOf('a\nb\n').lines, ['a', 'b', '']);
    assert.deepEqual(linesOf('a\r\nb').breaks, ['\r\n', '']);
    assert.deepEqual(linesOf('a\rb').lines, ['a', 'b'], 'a lone CR is a line break, as in VS Code');
    assert.deepEqual(linesOf('').lines, ['']);
  });

  it('a file rewritten from top to bottom gives one exact hunk within the time budget', () => {
    const size = 20_000;
    const file = (word: string): string => ['// header', ...Array.from({ length: size }, (_, i) => `${word} line ${i}`), '// footer'].join('\n');
    const started = performance.now();
    const hunks = hunksOf(file('old'), file('new'));
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
    assert.deepEqual(hunks.map((h) => [h.baseStart, h.removed, h.added]), [[1, size, size]], 'the common first and last lines stay out');
    assert.equal(applyHunks(file('old'), hunks, ids(hunks)), file('new'));
  });
});

describe('applying accepted hunks', () => {
  const base = lf('import a;', 'const x = 1;', 'function f() {', '  return x;', '}');
  const proposed = lf('import a;', 'const x = 2;', 'function f() {', '  return x + 1;', '}');
  const hunks = hunksOf(base, proposed);

  it('accepting every hunk gives the proposal, accepting none gives the base', () => {
    assert.equal(applyHunks(base, hunks, ids(hunks)), proposed);
    assert.equal(applyHunks(base, hunks, new Set()), base);
  });

  it('accepting one hunk of two changes only that stretch', () => {
    assert.equal(applyHunks(base, hunks, new Set(['h1'])), lf('import a;', 'const x = 1;', 'function f() {', '  return x + 1;', '}'));
    assert.equal(applyHunks(base, hunks, new Set(['h0'])), lf('import a;', 'const x = 2;', 'function f() {', '  return x;', '}'));
  });

  it('a CRLF file stays CRLF when a proposal written with LF is accepted', () => {
    const file = crlf('a', 'b', 'c');
    const lfHunks = hunksOf(file, lf('a', 'B', 'new', 'c'));
    assert.equal(applyHunks(file, lfHunks, ids(lfHunks)), crlf('a', 'B', 'new', 'c'));
  });

  it('in a file with mixed line breaks untouched lines keep their own, new lines get the usual one', () => {
    const mixed = 'a\r\nb\nc\r\nd\r\n';
    const mixedHunks = hunksOf(mixed, 'a\nb\nc\nnew\nd\n');
    assert.equal(applyHunks(mixed, mixedHunks, ids(mixedHunks)), 'a\r\nb\nc\r\nnew\r\nd\r\n');
  });

  it('appending lines keeps the final line break', () => {
    const appended = hunksOf(lf('a', 'b'), lf('a', 'b', 'c'));
    assert.deepEqual(appended.map((h) => h.proposedLines), [['c']]);
    assert.equal(applyHunks(lf('a', 'b'), appended, ids(appended)), lf('a', 'b', 'c'));
  });

  it('a file without a final line break keeps it that way when lines are added above the last', () => {
    const hunk = hunksOf('a\nb', 'a\nnew\nb');
    assert.equal(applyHunks('a\nb', hunk, ids(hunk)), 'a\nnew\nb');
  });

  it('the final line break changes only with the hunk at the end that changes it', () => {
    const base2 = lf('a', 'b', 'c');
    const hunks2 = hunksOf(base2, 'A\nb\nc');
    assert.deepEqual(hunks2.map((h) => [h.baseStart, h.baseLines, h.proposedLines]), [
      [0, ['a'], ['A']],
      [3, [''], []],
    ]);
    assert.equal(applyHunks(base2, hunks2, new Set(['h0'])), lf('A', 'b', 'c'));
    assert.equal(applyHunks(base2, hunks2, new Set(['h1'])), 'a\nb\nc');
  });

  it('an empty file takes the whole proposal as one insertion, with the line break the document uses', () => {
    const created = hunksOf('', crlf('x', 'y'));
    assert.deepEqual(created.map((h) => [h.baseStart, h.proposedLines, h.added]), [[0, ['x', 'y'], 2]]);
    assert.equal(applyHunks('', created, ids(created), '\r\n'), crlf('x', 'y'));
    assert.equal(applyHunks('', created, ids(created)), lf('x', 'y'), 'LF when the caller does not say');
    assert.equal(applyHunks('a\n', hunksOf('a\n', 'a\nb\n'), new Set(['h0']), '\r\n'), 'a\nb\n', "the base's own break wins");
  });

  it('a hunk made against another text is refused, not applied', () => {
    const foreign = hunksOf(lf('p', 'q'), lf('p', 'Q'));
    assert.throws(() => applyHunks(lf('a', 'b'), foreign, ids(foreign)), /does not fit/);
  });

  it('overlapping hunks are refused', () => {
    const hunk: Hunk = { id: 'h0', baseStart: 0, baseLines: ['a', 'b'], proposedStart: 0, proposedLines: ['x'], added: 1, removed: 2 };
    const overlapping: Hunk = { ...hunk, id: 'h1', baseStart: 1, baseLines: ['b'] };
    assert.throws(() => applyHunks(lf('a', 'b'), [hunk, overlapping], new Set(['h0', 'h1'])), /does not fit/);
  });
});
