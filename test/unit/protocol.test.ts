import * as assert from 'node:assert/strict';
import { isHostToWebview, isWebviewToHost, MAX_INPUT_CHARS, PROTOCOL_VERSION } from '../../src/core/protocol';

describe('protocol guards', () => {
  it('accept every well-formed message from the webview', () => {
    assert.ok(isWebviewToHost({ type: 'ready', protocol: PROTOCOL_VERSION }));
    assert.ok(isWebviewToHost({ type: 'chat/send', text: 'why does parseRow drop the last field?' }));
  });

  it('reject malformed or unknown messages from the webview', () => {
    for (const bad of [
      null,
      'ready',
      [],
      {},
      { type: 'ready' },
      { type: 'ready', protocol: '1' },
      { type: 'chat/send' },
      { type: 'chat/send', text: 42 },
      { type: 'chat/delete', id: 1 },
      { type: 'chat/send', text: 'x'.repeat(MAX_INPUT_CHARS + 1) },
    ]) {
      assert.equal(isWebviewToHost(bad), false, JSON.stringify(bad)?.slice(0, 60));
    }
  });

  it('accept a snapshot, an append and a focus request from the host', () => {
    const entry = { id: 1, role: 'user', text: 'hi' };
    assert.ok(isHostToWebview({ type: 'snapshot', snapshot: { extensionVersion: '0.1.0', model: undefined, transcript: [entry] } }));
    assert.ok(isHostToWebview({ type: 'snapshot', snapshot: { extensionVersion: '0.1.0', model: 'gpt-4o', transcript: [] } }));
    assert.ok(isHostToWebview({ type: 'transcript/append', entries: [entry, { id: 2, role: 'notice', text: 'ok' }] }));
    assert.ok(isHostToWebview({ type: 'input/focus' }));
  });

  it('reject host messages whose transcript entries are malformed', () => {
    assert.equal(isHostToWebview({ type: 'transcript/append', entries: [{ id: 1, role: 'system', text: 'x' }] }), false);
    assert.equal(isHostToWebview({ type: 'transcript/append', entries: [{ id: '1', role: 'user', text: 'x' }] }), false);
    assert.equal(isHostToWebview({ type: 'snapshot', snapshot: { extensionVersion: 1, transcript: [] } }), false);
    assert.equal(isHostToWebview({ type: 'snapshot', snapshot: { extensionVersion: '1', model: 3, transcript: [] } }), false);
    assert.equal(isHostToWebview({ type: 'unknown' }), false);
  });
});
