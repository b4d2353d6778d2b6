import * as assert from 'node:assert/strict';
import { applyHunks, hunksOf } from '../../src/core/edits/hunks';
import { rebase } from '../../src/core/edits/rebase';

const lf = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('');
const crlf = (...lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');

/** The proposal with every hunk accepted, as the host builds the target. */
function accepted(base: string, proposed: string): string {
  const hunks = hunksOf(base, proposed);
  return applyHunks(base, hunks, new Set(hunks.map((hunk) => hunk.id)));
}

describe('rebasing a proposal onto the live document', () => {
  const base = lf('import a;', '', 'function f() {', '  return 1;', '}', '', 'function g() {', '  return 2;', '}');

  it('when the document has not changed since the proposal, the result is the proposal', () => {
    const target = lf('import a;');
    assert.deepEqual(rebase(base, base, target), { text: target, conflicts: [], clean: true });
  });

  it('when nothing was accepted, the document stays as the person left it', () => {
    const live = base + lf('// typed since');
    assert.deepEqual(rebase(base, live, base), { text: live, conflicts: [], clean: true });
  });

  it('a proposal hunk away from the person\'s edits applies, and the person\'s edit stays', () => {
    const live = base.replace('  return 1;', '  return 10; // mine');
    const target = base.replace('  return 2;', '  return 20;');
    const result = rebase(base, live, target);
    assert.equal(result.text, base.replace('  return 1;', '  return 10; // mine').replace('  return 2;', '  return 20;'));
    assert.equal(result.clean, true);
  });

  it('a hunk that collides with a user edit is reported as a conflict, and the person\'s lines stay', () => {
    const live = base.replace('  return 1;', '  return 10; // mine');
    const target = base.replace('  return 1;', '  return 1 + 0;');
    const result = rebase(base, live, target);
    assert.equal(result.text, live);
    assert.equal(result.clean, false);
    assert.deepEqual(result.conflicts, [{ liveStart: 3, lines: 1, ours: ['  return 10; // mine'], theirs: ['  return 1 + 0;'], base: ['  return 1;'] }]);
  });

  it('a conflict gives its place in the merged text, after lines the proposal added above it', () => {
    const live = base.replace('  return 2;', '  return 22;');
    const target = lf('// header', '// more') + base.replace('  return 2;', '  return 2 * 1;');
    const result = rebase(base, live, target);
    const conflict = result.conflicts[0];
    assert.ok(conflict);
    assert.equal(result.conflicts.length, 1);
    assert.equal(conflict.liveStart, 9);
    assert.deepEqual(result.text.split('\n').slice(conflict.liveStart, conflict.liveStart + conflict.lines), ['  return 22;']);
    assert.ok(result.text.startsWith(lf('// header', '// more')), 'the hunk away from the conflict still applies');
  });

  it('the same change made by the person and by the proposal is not a conflict', () => {
    const both = base.replace('  return 1;', '  return one;').replace('}\n\nfunction g', '}\n\n// g\nfunction g');
    const target = both.replace('import a;', 'import b;');
    assert.deepEqual(rebase(base, both, target), { text: target, conflicts: [], clean: true });
  });

  it('changes on touching lines are a conflict, as in git; one unchanged line between them is enough to merge', () => {
    const doc = lf('a', 'b', 'c', 'd', 'e');
    const touching = rebase(doc, lf('a', 'B', 'c', 'd', 'e'), lf('a', 'b', 'C', 'd', 'e'));
    assert.equal(touching.clean, false);
    assert.equal(touching.text, lf('a', 'B', 'c', 'd', 'e'));
    assert.deepEqual(touching.conflicts[0]?.theirs, ['b', 'C']);
    const apart = rebase(doc, lf('a', 'B', 'c', 'd', 'e'), lf('a', 'b', 'c', 'D', 'e'));
    assert.deepEqual(apart, { text: lf('a', 'B', 'c', 'D', 'e'), conflicts: [], clean: true });
  });

  it('a stretch the person deleted and the proposal changed stays deleted, as a conflict of zero lines', () => {
    const doc = lf('a', 'b', 'c');
    const result = rebase(doc, lf('a', 'c'), lf('a', 'B', 'c'));
    assert.equal(result.text, lf('a', 'c'));
    assert.deepEqual(result.conflicts, [{ liveStart: 1, lines: 0, ours: [], theirs: ['B'], base: ['b'] }]);
  });

  it('different lines inserted at the same place by both are a conflict; the person\'s stay', () => {
    const doc = lf('a', 'b');
    const result = rebase(doc, lf('a', 'mine', 'b'), lf('a', 'theirs', 'b'));
    assert.equal(result.text, lf('a', 'mine', 'b'));
    assert.deepEqual(result.conflicts.map((c) => [c.liveStart, c.ours, c.theirs, c.base]), [[1, ['mine'], ['theirs'], []]]);
  });

  it('lines the person added at the end survive a proposal at the top', () => {
    const live = base + lf('function h() {}');
    const target = base.replace('import a;', 'import { a } from "a";');
    assert.equal(rebase(base, live, target).text, target + lf('function h() {}'));
  });

  it('a CRLF file stays CRLF', () => {
    const doc = crlf('a', 'b', 'c', 'd');
    const live = crlf('a', 'b', 'c', 'd', 'typed');
    const target = accepted(doc, lf('A', 'new', 'b', 'c', 'd'));
    assert.equal(rebase(doc, live, target).text, crlf('A', 'new', 'b', 'c', 'd', 'typed'));
  });

  it('a document whose line breaks the person switched keeps the new ones, and the proposal still applies', () => {
    const doc = lf('a', 'b', 'c');
    const live = crlf('a', 'b', 'c');
    const result = rebase(doc, live, lf('a', 'B', 'c'));
    assert.deepEqual(result, { text: crlf('a', 'B', 'c'), conflicts: [], clean: true });
  });

  it('the person\'s removal of the final line break survives a proposal elsewhere', () => {
    const doc = lf('a', 'b', 'c');
    assert.equal(rebase(doc, 'a\nb\nc', lf('A', 'b', 'c')).text, 'A\nb\nc');
  });

  it('in a document with mixed line breaks every line the merge keeps keeps its own break', () => {
    const doc = 'a\r\nb\nc\r\nd\r\n';
    const live = 'a\r\nb\nc\r\nd\r\ntyped\n';
    assert.equal(rebase(doc, live, 'A\nb\nc\nd\n').text, 'A\r\nb\nc\r\nd\r\ntyped\n');
  });

  it('lines added to a document the person cut down to one line get the line break it had', () => {
    assert.equal(rebase(crlf('a', 'b').trimEnd(), 'b', crlf('a', 'b', 'new').trimEnd()).text, 'b\r\nnew');
  });
});
