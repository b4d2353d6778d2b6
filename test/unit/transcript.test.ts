import * as assert from 'node:assert/strict';
import { Transcript } from '../../src/core/chat/transcript';

describe('transcript', () => {
  it('numbers entries in order and returns them in a snapshot', () => {
    const t = new Transcript();
    const a = t.add('user', 'first');
    const b = t.add('notice', 'second');
    assert.ok(b.id > a.id);
    assert.deepEqual(t.snapshot(), [a, b]);
  });

  it('hands out snapshots that later additions do not change', () => {
    const t = new Transcript();
    t.add('user', 'one');
    const before = t.snapshot();
    t.add('user', 'two');
    assert.equal(before.length, 1);
    assert.equal(t.snapshot().length, 2);
  });
});
