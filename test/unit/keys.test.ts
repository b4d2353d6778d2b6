import * as assert from 'node:assert/strict';
import { hashQueryAt, inputAction, inputRows } from '../../src/webview/keys';
import type { KeyPress } from '../../src/webview/keys';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  isComposing: false,
  ...extra,
});

describe('input box keys', () => {
  it('Enter sends', () => assert.equal(inputAction(press('Enter')), 'send'));
  it('Ctrl/Cmd+Enter sends too', () => {
    assert.equal(inputAction(press('Enter', { ctrlKey: true })), 'send');
    assert.equal(inputAction(press('Enter', { metaKey: true })), 'send');
  });
  it('Shift+Enter makes a new line', () => assert.equal(inputAction(press('Enter', { shiftKey: true })), 'default'));
  it('Enter while an input method composes does not send', () =>
    assert.equal(inputAction(press('Enter', { isComposing: true })), 'default'));
  it('other keys type', () => assert.equal(inputAction(press('a')), 'default'));
});

describe('input box height', () => {
  it('grows with the lines of its text, between one row and the limit', () => {
    assert.equal(inputRows(''), 1);
    assert.equal(inputRows('a\nb\nc'), 3);
    assert.equal(inputRows('\n'.repeat(50)), 10);
    assert.equal(inputRows('a\nb', 1), 1);
  });
});

describe('the # word at the cursor', () => {
  it('is found at the start of the input or after a space, up to the cursor', () => {
    assert.deepEqual(hashQueryAt('#csv', 4), { start: 0, query: 'csv' });
    assert.deepEqual(hashQueryAt('look at #src/cs please', 15), { start: 8, query: 'src/cs' });
    assert.deepEqual(hashQueryAt('why #', 5), { start: 4, query: '' });
    assert.deepEqual(hashQueryAt('#symbol: parse', 14), { start: 0, query: 'symbol: parse' });
  });

  it('is not a # inside a word, or a word the cursor has left', () => {
    assert.equal(hashQueryAt('issue#12', 8), undefined);
    assert.equal(hashQueryAt('#csv and more', 13), undefined);
    assert.equal(hashQueryAt('plain text', 5), undefined);
  });
});
