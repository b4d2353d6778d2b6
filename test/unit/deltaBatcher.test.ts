import * as assert from 'node:assert/strict';
import { DeltaBatcher } from '../../src/core/chat/deltaBatcher';
import type { Timer } from '../../src/core/chat/deltaBatcher';

/** A timer the test advances by hand. */
function manualTimer(): Timer & { fire(): void; pending: number } {
  let callback: (() => void) | undefined;
  return {
    set(cb) {
      callback = cb;
      return 1;
    },
    clear() {
      callback = undefined;
    },
    fire() {
      const cb = callback;
      callback = undefined;
      cb?.();
    },
    get pending() {
      return callback ? 1 : 0;
    },
  };
}

describe('delta batching', () => {
  it('sends the first chunk at once, then batches the rest per tick', () => {
    const sent: string[] = [];
    const timer = manualTimer();
    const batcher = new DeltaBatcher((t) => sent.push(t), 30, timer);
    batcher.push('He');
    assert.deepEqual(sent, ['He']);
    batcher.push('l');
    batcher.push('lo');
    assert.deepEqual(sent, ['He']);
    timer.fire();
    assert.deepEqual(sent, ['He', 'llo']);
  });

  it('flush sends what waits and cancels the tick', () => {
    const sent: string[] = [];
    const timer = manualTimer();
    const batcher = new DeltaBatcher((t) => sent.push(t), 30, timer);
    batcher.push('a');
    batcher.push('b');
    batcher.flush();
    assert.deepEqual(sent, ['a', 'b']);
    assert.equal(timer.pending, 0);
    batcher.flush();
    assert.deepEqual(sent, ['a', 'b']);
  });

  it('loses nothing and keeps order over many chunks', () => {
    const sent: string[] = [];
    const timer = manualTimer();
    const batcher = new DeltaBatcher((t) => sent.push(t), 30, timer);
    const chunks = Array.from({ length: 1000 }, (_, i) => String(i % 10));
    chunks.forEach((c, i) => {
      batcher.push(c);
      if (i % 97 === 0) timer.fire();
    });
    batcher.flush();
    assert.equal(sent.join(''), chunks.join(''));
    assert.ok(sent.length < 20, `${sent.length} messages for 1000 chunks`);
  });
});
