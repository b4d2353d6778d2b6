import * as assert from 'node:assert/strict';
import { inputAction, inputRows } from '../../src/webview/keys';
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
