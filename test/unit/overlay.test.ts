import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { overlayOf } from '../../src/core/edits/overlay';
import { proposalFile } from '../../src/core/edits/proposal';

const text = (...lines: string[]): string => lines.join('\n') + '\n';
const BASE = text('a', 'b', 'c', 'd', 'e', 'f');

describe('overlayOf: a pending proposal in its live file', () => {
  it('on the unchanged file, each hunk covers the lines it replaces and carries the lines it adds', () => {
    const file = proposalFile('x.ts', BASE, text('a', 'B', 'c', 'd', 'e', 'f', 'g'), false);
    assert.deepEqual(overlayOf(file, BASE), [
      { hunkId: 'h0', start: 1, end: 2, added: ['B'], removed: 1, touched: false },
      { hunkId: 'h1', start: 6, end: 6, added: ['g'], removed: 0, touched: false },
    ]);
  });

  it('lines the person added above a hunk move it down; lines typed right before it do not join it', () => {
    const file = proposalFile('x.ts', BASE, text('a', 'b', 'c', 'D', 'e', 'f'), false);
    const live = text('new 1', 'new 2', 'a', 'b', 'c', 'typed', 'd', 'e', 'f');
    assert.deepEqual(overlayOf(file, live), [{ hunkId: 'h0', start: 6, end: 7, added: ['D'], removed: 1, touched: false }]);
  });

  it('a hunk whose lines the person edited is shown over their edit, marked as touched', () => {
    const file = proposalFile('x.ts', BASE, text('a', 'b', 'C', 'd', 'e', 'f'), false);
    const [overlay] = overlayOf(file, text('a', 'b', 'c!', 'c!!', 'd', 'e', 'f'));
    assert.equal(overlay?.touched, true);
    assert.deepEqual([overlay?.start, overlay?.end], [2, 4]);
  });

  it('decided hunks are not shown', () => {
    const file = { ...proposalFile('x.ts', BASE, text('A', 'b', 'c', 'd', 'e', 'F'), false), status: { h0: 'accepted' as const } };
    assert.deepEqual(overlayOf(file, BASE).map((o) => o.hunkId), ['h1']);
  });

  it('whatever the person typed away from the hunks, each stays over exactly its own base lines', () => {
    const line = fc.constantFrom('x', 'y', 'z', 'w', '');
    fc.assert(
      fc.property(fc.array(line, { minLength: 6, maxLength: 6 }), fc.nat(5), fc.array(line, { maxLength: 3 }), (inserted, at, _unused) => {
        // The proposal changes line 'c' (index 2); the person inserts lines somewhere not touching it.
        const file = proposalFile('x.ts', BASE, text('a', 'b', 'CHANGED', 'd', 'e', 'f'), false);
        const lines = ['a', 'b', 'c', 'd', 'e', 'f'];
        const where = at === 2 || at === 3 ? 0 : at;
        const live = text(...lines.slice(0, where), ...inserted.map((l) => `typed ${l}`), ...lines.slice(where));
        const [overlay] = overlayOf(file, live);
        const liveLines = live.split('\n');
        assert.ok(overlay);
        assert.equal(overlay.end - overlay.start, 1);
        assert.equal(liveLines[overlay.start], 'c');
        assert.equal(overlay.touched, false);
      }),
      { numRuns: 200 },
    );
  });
});
