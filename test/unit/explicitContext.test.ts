import * as assert from 'node:assert/strict';
import { changesItem, decodeText, exclusionReason, fileItem, MAX_READ_BYTES, symbolItem, withheldFileItem, workspaceProblemsItem } from '../../src/core/context/explicit';
import { contextItems, DEFAULT_EXCLUSIONS, exclusionOf, workspaceItem } from '../../src/core/context/items';

const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => ({ bytes: bytes(text), size: bytes(text).length });
const options = { languageId: 'typescript', maxFileChars: 1000 };

describe('context the person adds', () => {
  it('a small file is sent whole, fenced with its language', () => {
    const item = fileItem('src/util.ts', read('export const x = 1;\n'), options);
    assert.equal(item.id, '#file:src/util.ts');
    assert.equal(item.explicit, true);
    assert.equal(item.text, 'File src/util.ts:\n```typescript\nexport const x = 1;\n\n```');
  });

  it('a long file sends its first lines, numbered, and says what is missing', () => {
    const text = Array.from({ length: 500 }, (_, i) => `const line${i + 1} = ${i};`).join('\n');
    const item = fileItem('src/big.ts', read(text), options);
    assert.match(item.label, /^big\.ts L1–\d+$/);
    assert.match(item.text, /^Lines 1–\d+ of src\/big\.ts \(500 lines; the rest was not sent\)/);
    assert.ok(item.text.length < 1400);
    assert.match(item.text, /\n1: const line1 = 0;/);
  });

  it('a file over the read limit says only part of it was read', () => {
    const part = bytes('a\n'.repeat(1000));
    const item = fileItem('logs/huge.log', { bytes: part, size: 5 * MAX_READ_BYTES }, options);
    assert.match(item.detail, /5\.0 MB, more than Parley reads \(1\.0 MB\)/);
    assert.equal(item.excluded, undefined);
  });

  it('binary files, non-UTF-8 text and unreadable files become chips that say why and carry nothing', () => {
    const binary = fileItem('img/logo.png', { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), size: 7 }, options);
    assert.match(binary.excluded ?? '', /logo\.png looks like a binary file; nothing from it is sent\./);
    assert.equal(binary.text, '');
    assert.equal(binary.secret, false);
    const latin1 = fileItem('legacy/notes.txt', { bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]), size: 5 }, options);
    assert.match(latin1.excluded ?? '', /is not UTF-8 text/);
    const gone = fileItem('src/gone.ts', undefined, options);
    assert.match(gone.excluded ?? '', /could not be read/);
  });

  it('UTF-16 files with a byte-order mark are read as text', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'hi'].flatMap((c) => [c.charCodeAt(0), 0])]);
    assert.deepEqual(decodeText({ bytes: utf16, size: utf16.length }), { text: 'hi', partial: false });
  });

  it('a partial read that ends inside a character is cut cleanly, not refused', () => {
    const euro = bytes('€€'); // 6 bytes; the read stops inside the second
    const decoded = decodeText({ bytes: euro.subarray(0, 4), size: 6 });
    assert.deepEqual(decoded, { text: '€', partial: true });
  });

  it('an excluded file added on purpose is still never sent, and the chip says it may hold secrets', () => {
    const item = fileItem('config/.env.production', read('TOKEN=abc'), options);
    assert.equal(item.text, '');
    assert.equal(item.secret, true);
    assert.match(item.excluded ?? '', /excluded by Parley's defaults for secrets/);
  });

  it('the picker says in a few words why a file is withheld, naming the list that excludes it', () => {
    const lists = [DEFAULT_EXCLUSIONS, { source: 'the parley.excludeFiles setting', patterns: ['*.sql'] }, { source: '.parleyignore', patterns: ['# comment', 'private/'] }];
    assert.equal(exclusionReason('.env', lists), 'secret file by default');
    assert.equal(exclusionReason('config/.env.local', lists), 'secret file by default');
    assert.equal(exclusionReason('db/dump.sql', lists), 'excluded by the parley.excludeFiles setting');
    assert.equal(exclusionReason('private/plan.md', lists), 'excluded by .parleyignore');
    assert.equal(exclusionReason('src/csv.ts', lists), undefined);
    assert.equal(exclusionReason('id_rsa'), 'secret file by default');
  });

  it('a withheld file chosen anyway is a locked chip that says why and carries nothing', () => {
    const item = withheldFileItem('notes/scratch.txt', 'ignored by notes/.gitignore');
    assert.deepEqual(
      { id: item.id, label: item.label, text: item.text, secret: item.secret, explicit: item.explicit },
      { id: '#file:notes/scratch.txt', label: 'scratch.txt', text: '', secret: true, explicit: true },
    );
    assert.equal(item.excluded, 'notes/scratch.txt is ignored by notes/.gitignore: Parley does not read it, and its text is never sent.');
  });

  it('files outside the workspace are judged by their own path, and said to be outside', () => {
    assert.ok(exclusionOf('/home/me/.ssh/id_rsa'));
    assert.ok(exclusionOf('../.env'));
    assert.ok(exclusionOf('C:\\Users\\me\\secrets\\db.txt'));
    assert.equal(exclusionOf('/home/me/notes/todo.md'), undefined);
    const item = fileItem('/home/me/notes/todo.md', read('- buy milk'), { ...options, outside: true });
    assert.match(item.detail, /outside the workspace/);
  });

  it('workspace problems list files with errors first', () => {
    const item = workspaceProblemsItem([
      { path: 'src/b.ts', diagnostics: [{ line: 3, severity: 'warning', message: 'unused' }] },
      { path: 'src/a.ts', diagnostics: [{ line: 9, severity: 'error', message: 'no such name', source: 'ts' }] },
      { path: 'src/c.ts', diagnostics: [] },
    ]);
    assert.equal(item.label, '2 problems in workspace');
    assert.equal(item.text, 'Problems in the workspace:\nsrc/a.ts:\n- line 9 error: no such name (ts)\nsrc/b.ts:\n- line 3 warning: unused');
  });

  it('changes leave out the diff of excluded files and name them', () => {
    const diff = [
      'diff --git a/src/csv.ts b/src/csv.ts\n--- a/src/csv.ts\n+++ b/src/csv.ts\n@@ -1 +1 @@\n-a\n+b\n',
      'diff --git a/.env b/.env\n--- a/.env\n+++ b/.env\n@@ -1 +1 @@\n-TOKEN=old\n+TOKEN=new\n',
    ].join('');
    const item = changesItem(diff);
    assert.equal(item.label, 'changes (1 file)');
    assert.ok(!item.text.includes('TOKEN'), 'the .env diff is not sent');
    assert.match(item.detail, /Left out as excluded: \.env/);
    assert.match(changesItem('').excluded ?? '', /no uncommitted changes/);
    assert.match(changesItem({ problem: 'No Git repository is open.' }).excluded ?? '', /No Git repository/);
  });

  it('a symbol is sent with where it is', () => {
    const item = symbolItem({ name: 'parseRow', kind: 'function', path: 'src/csv.ts', startLine: 4, text: 'function parseRow() {\n}', languageId: 'typescript' });
    assert.equal(item.detail, 'The function parseRow in src/csv.ts, lines 4–5.');
    assert.match(item.text, /^The function parseRow in src\/csv\.ts, from line 4:\n```typescript\nfunction parseRow/);
  });
});

describe('the editor context', () => {
  const editor = { path: 'src/csv.ts', languageId: 'typescript', cursorLine: 500, selection: undefined, diagnostics: [] };

  it('a long file is sent as a window with the outline of the rest', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `row ${i + 1}`).join('\n');
    const outline = [
      { name: 'Parser', kind: 'class', line: 10, depth: 0 },
      { name: 'parseRow', kind: 'method', line: 20, depth: 1 },
    ];
    const [file] = contextItems({ ...editor, text }, { maxFileChars: 100, details: { origin: 'workspace', outline } });
    assert.match(file?.text ?? '', /\nOutline of the whole file:\n- class Parser \(line 10\)\n {2}- method parseRow \(line 20\)$/);
    assert.match(file?.detail ?? '', /with the outline of the rest/);
  });

  it('says when the buffer is untitled, outside the workspace or a notebook cell', () => {
    for (const [origin, said] of [['untitled', /unsaved, untitled/], ['outside', /outside the workspace/], ['notebook-cell', /one cell of a notebook/]] as const) {
      const [file] = contextItems({ ...editor, text: 'x' }, { maxFileChars: 100, details: { origin, outline: undefined } });
      assert.match(file?.detail ?? '', said);
    }
  });

  it('one line names the workspace, its languages and the other open editors (not their text)', () => {
    const item = workspaceItem({ name: 'shop', languages: ['TypeScript', 'Python'], openEditors: ['a.ts', 'b.py'] });
    assert.equal(item.text, 'Workspace "shop" (TypeScript, Python); other open editors: a.ts, b.py.');
    const none = workspaceItem({ name: undefined, languages: [], openEditors: [] });
    assert.equal(none.text, 'No folder is open.');
    assert.match(none.detail, /No folder is open/);
    const items = contextItems(undefined, { maxFileChars: 100, workspace: { name: 'shop', languages: [], openEditors: [] } });
    assert.deepEqual(items.map((i) => i.id), ['workspace']);
  });
});
