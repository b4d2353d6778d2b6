import * as assert from 'node:assert/strict';
import { isHostToWebview, isWebviewToHost, MAX_INPUT_CHARS, PROTOCOL_VERSION } from '../../src/core/protocol';
import type { ViewSnapshot } from '../../src/core/protocol';

const turn = { id: 't1', role: 'user', text: 'hi', status: 'done', createdAt: 1 };
const snapshot: ViewSnapshot = {
  extensionVersion: '0.1.0',
  connection: { status: 'ready', server: '127.0.0.1:11434', model: 'qwen' },
  conversationId: 'c1',
  title: 'hi',
  turns: [turn as ViewSnapshot['turns'][number]],
  busy: false,
  waiting: undefined,
  budget: { used: 1200, available: 6144, omitted: 0, exact: true },
  chips: [{ id: 'file', label: 'csv.ts', detail: 'The whole of src/csv.ts.', tokens: 300, excluded: false, removed: false }],
};

describe('protocol guards', () => {
  it('accept every well-formed message from the webview', () => {
    for (const good of [
      { type: 'ready', protocol: PROTOCOL_VERSION },
      { type: 'rendered', conversationId: 'c1', turnCount: 3 },
      { type: 'chat/send', text: 'why does parseRow drop the last field?' },
      { type: 'chat/stop' },
      { type: 'chat/regenerate' },
      { type: 'chat/edit', turnId: 't1', text: 'new text' },
      { type: 'code/copy', code: 'x' },
      { type: 'code/insert', code: 'x' },
      { type: 'link/open', href: 'https://example.com' },
      { type: 'error/action', action: 'retry' },
      { type: 'setup/action', action: 'find-local' },
      { type: 'model/pick' },
      { type: 'context/toggle', id: 'selection' },
      { type: 'context/preview', id: 'file' },
    ]) {
      assert.ok(isWebviewToHost(good), JSON.stringify(good));
    }
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
      { type: 'chat/edit', turnId: 1, text: 'x' },
      { type: 'error/action', action: 'format-disk' },
      { type: 'setup/action', action: 'run' },
      { type: 'code/copy' },
      { type: 'context/toggle', id: 'whole-disk' },
    ]) {
      assert.equal(isWebviewToHost(bad), false, JSON.stringify(bad)?.slice(0, 60));
    }
  });

  it('accept the host messages the view understands', () => {
    assert.ok(isHostToWebview({ type: 'snapshot', snapshot }));
    assert.ok(isHostToWebview({ type: 'turn/add', turn }));
    assert.ok(isHostToWebview({ type: 'turn/delta', turnId: 't1', text: 'more' }));
    assert.ok(isHostToWebview({ type: 'turn/end', turnId: 't1', status: 'error', error: { kind: 'auth', message: 'Key rejected.', action: 'set-key' } }));
    assert.ok(isHostToWebview({ type: 'busy', busy: true, waiting: { secondsLeft: 3, reason: 'The server is busy.' } }));
    assert.ok(isHostToWebview({ type: 'connection', connection: { status: 'setup', server: undefined, model: undefined } }));
    assert.ok(isHostToWebview({ type: 'input/focus' }));
  });

  it('reject host messages with malformed turns or states', () => {
    assert.equal(isHostToWebview({ type: 'turn/add', turn: { ...turn, role: 'system' } }), false);
    assert.equal(isHostToWebview({ type: 'turn/add', turn: { ...turn, status: 'thinking' } }), false);
    assert.equal(isHostToWebview({ type: 'turn/end', turnId: 't1', status: 'done', error: { kind: 'x' } }), false);
    assert.equal(isHostToWebview({ type: 'snapshot', snapshot: { ...snapshot, busy: 'no' } }), false);
    assert.equal(isHostToWebview({ type: 'snapshot', snapshot: { ...snapshot, connection: { status: 'maybe' } } }), false);
    assert.equal(isHostToWebview({ type: 'busy', busy: true, waiting: { secondsLeft: '3' } }), false);
    assert.equal(isHostToWebview({ type: 'unknown' }), false);
  });
});
