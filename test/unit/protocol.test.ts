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
  budget: { used: 1200, available: 6144, omitted: 0, exact: true, leftOut: [] },
  chips: [
    { id: 'file', kind: 'file', label: 'csv.ts', detail: 'The whole of src/csv.ts.', tokens: 300, state: 'kept', explicit: false, pinned: false, secrets: 1, secretKinds: ['GitHub Token'] },
    { id: '#file:.env', kind: 'file', label: '.env', detail: 'excluded', tokens: undefined, state: 'excluded', explicit: true, pinned: true, secrets: 0, secretKinds: [] },
  ],
  proposals: [
    {
      id: 'p1',
      turnId: 't2',
      files: [{ path: 'src/csv.ts', isNew: false, caution: undefined, hunks: [{ id: 'h0', line: 7, added: 1, removed: 1, status: 'pending', preview: 'for (let i = 0; i < n; i++) {', removedPreview: 'for (let i = 0; i < n - 1; i++) {' }] }],
      refused: [{ path: 'src/csv.ts', reason: 'The text to replace appears 2 times.', nearest: undefined }],
      note: { text: 'Applied. No new problems.', warning: false, actions: ['undo'] },
    },
  ],
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
      { type: 'context/pin', id: '#file:src/csv.ts' },
      { type: 'context/secrets' },
      { type: 'picker/query', requestId: 3, query: 'csv' },
      { type: 'context/add', ref: 'file:src/csv.ts' },
      { type: 'code/apply', turnId: 't2', code: 'x', path: undefined },
      { type: 'proposal/decide', proposalId: 'p1', path: 'src/csv.ts', hunkId: 'h0', accept: true },
      { type: 'proposal/decide', proposalId: 'p1', path: undefined, hunkId: undefined, accept: false },
      { type: 'proposal/open', proposalId: 'p1', path: undefined },
      { type: 'proposal/fix', proposalId: 'p1' },
      { type: 'proposal/action', proposalId: 'p1', action: 'undo' },
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
      { type: 'context/toggle', id: 7 },
      { type: 'context/add', ref: 'x'.repeat(3000) },
      { type: 'picker/query', query: 'csv' },
      { type: 'proposal/decide', proposalId: 'p1', accept: 'yes' },
      { type: 'proposal/action', proposalId: 'p1', action: 'rm -rf' },
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
    assert.ok(isHostToWebview({ type: 'picker/results', requestId: 1, entries: [{ ref: 'file:src/csv.ts', kind: 'file', label: 'csv.ts', description: 'src', positions: [0, 1] }], note: undefined }));
    assert.equal(isHostToWebview({ type: 'picker/results', requestId: 1, entries: [{ ref: 'x', kind: 'disk', label: 'x', description: '', positions: [] }], note: undefined }), false);
    assert.equal(isHostToWebview({ type: 'context', chips: [{ ...snapshot.chips[0], state: 'maybe' }] }), false);
    assert.equal(isHostToWebview({ type: 'context', chips: [{ ...snapshot.chips[0], secretKinds: [1] }] }), false);
    assert.equal(isHostToWebview({ type: 'context', chips: [{ ...snapshot.chips[0], secretKinds: undefined }] }), false);
    assert.ok(isHostToWebview({ type: 'proposal', proposal: snapshot.proposals[0] }));
    const bad = { ...snapshot.proposals[0], files: [{ path: 'x', isNew: false, caution: undefined, hunks: [{ id: 'h0', line: 1, added: 1, removed: 0, status: 'maybe', preview: '', removedPreview: '' }] }] };
    assert.equal(isHostToWebview({ type: 'proposal', proposal: bad }), false);
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

  it("refuse a message whose type names a property every object has (the guard table's own keys only)", () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(isWebviewToHost({ type }), false, type);
      assert.equal(isHostToWebview({ type }), false, type);
    }
    assert.equal(isWebviewToHost({ type: 42 }), false);
  });
});
