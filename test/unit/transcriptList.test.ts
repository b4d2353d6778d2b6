import * as assert from 'node:assert/strict';
import { estimateHeight, visibleRange } from '../../src/webview/transcriptList';

describe('drawing only the turns near the viewport', () => {
  const heights = [100, 100, 100, 100, 100];

  it('finds the turns that overlap the window, and the offset of the first', () => {
    assert.deepEqual(visibleRange(heights, 150, 320), { start: 1, end: 4, before: 100 });
    assert.deepEqual(visibleRange(heights, 0, 50), { start: 0, end: 1, before: 0 });
  });

  it('a window past the end draws nothing', () => {
    assert.deepEqual(visibleRange(heights, 900, 1000), { start: 5, end: 5, before: 500 });
    assert.deepEqual(visibleRange([], 0, 100), { start: 0, end: 0, before: 0 });
  });

  it('estimates a taller turn for a longer text, within bounds', () => {
    assert.ok(estimateHeight({ role: 'user', text: 'short' }) < estimateHeight({ role: 'assistant', text: 'x\n'.repeat(40) }));
    assert.equal(estimateHeight({ role: 'assistant', text: 'y\n'.repeat(10_000) }), 44 + 400 * 18);
  });
});
