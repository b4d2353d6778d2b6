import * as assert from 'node:assert/strict';
import { contextItems, exclusionOf, withContext } from '../../src/core/context/items';
import type { EditorSnapshot } from '../../src/core/context/items';

const editor = (over: Partial<EditorSnapshot> = {}): EditorSnapshot => ({
  path: 'src/csv.ts',
  languageId: 'typescript',
  text: 'line 1\nline 2\nline 3',
  cursorLine: 2,
  selection: undefined,
  diagnostics: [],
  ...over,
});

describe('editor context', () => {
  it('sends a short file whole, fenced with its language', () => {
    const [file] = contextItems(editor(), { maxFileChars: 1000 });
    assert.equal(file?.label, 'csv.ts');
    assert.equal(file?.text, 'File src/csv.ts:\n```typescript\nline 1\nline 2\nline 3\n```');
  });

  it('sends a window around the cursor of a long file, and says which lines', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `row ${i + 1}`).join('\n');
    const [file] = contextItems(editor({ text, cursorLine: 500 }), { maxFileChars: 100 });
    assert.equal(file?.label, 'csv.ts L425–574');
    assert.match(file?.text ?? '', /^Lines 425–574 of src\/csv.ts \(1000 lines in all; the rest was not sent\)/);
    assert.match(file?.text ?? '', /\n500: row 500\n/);
    assert.ok(!(file?.text ?? '').includes('row 424\n'));
  });

  it('adds the selection with its lines, and the problems near it', () => {
    const items = contextItems(
      editor({
        selection: { startLine: 2, endLine: 3, text: 'line 2\nline 3' },
        diagnostics: [
          { line: 3, severity: 'error', message: "Cannot find name 'n'.", source: 'ts' },
          { line: 90, severity: 'warning', message: 'far away' },
        ],
      }),
      { maxFileChars: 1000 },
    );
    assert.deepEqual(items.map((i) => i.label), ['csv.ts', 'selection L2–3', '1 problem']);
    assert.match(items[2]?.text ?? '', /line 3 error: Cannot find name 'n'\. \(ts\)/);
    assert.ok(!(items[2]?.text ?? '').includes('far away'));
  });

  it('never sends an excluded file, and says why', () => {
    const items = contextItems(editor({ path: '.env.local', text: 'API_KEY=abc' }), { maxFileChars: 1000 });
    assert.equal(items.length, 1);
    assert.equal(items[0]?.text, '');
    assert.match(items[0]?.excluded ?? '', /never sent/);
    assert.equal(withContext('q', items), 'q');
  });

  it('matches the default exclusions for secrets, and only those', () => {
    for (const path of ['.env', 'config/.env.production', 'certs/server.pem', 'id_rsa', 'home/id_ed25519.pub', 'deploy/secrets/token.txt', '.npmrc']) {
      assert.ok(exclusionOf(path), path);
    }
    for (const path of ['src/csv.ts', 'environment.ts', 'docs/keys.md', 'README.md']) {
      assert.equal(exclusionOf(path), undefined, path);
    }
  });

  it('says which list excludes a file: the defaults, the setting or .parleyignore', () => {
    const lists = [
      { source: "Parley's defaults for secrets", patterns: ['.env*'] },
      { source: 'the parley.excludeFiles setting', patterns: ['*.sql'] },
      { source: '.parleyignore', patterns: ['# private notes', 'notes/*', '!notes/public.md'] },
    ];
    assert.match(exclusionOf('.env', lists) ?? '', /by Parley's defaults for secrets/);
    assert.match(exclusionOf('db/dump.sql', lists) ?? '', /by the parley\.excludeFiles setting/);
    assert.match(exclusionOf('notes/plan.md', lists) ?? '', /by \.parleyignore; its text is never sent\.$/);
    assert.equal(exclusionOf('notes/public.md', lists), undefined);
    assert.equal(exclusionOf('src/csv.ts', lists), undefined);
  });

  it('puts the kept context before the question', () => {
    const items = contextItems(editor(), { maxFileChars: 1000 });
    assert.match(withContext('Why?', items), /^File src\/csv\.ts:\n```typescript\n[\s\S]*\n```\n\nQuestion:\nWhy\?$/);
  });
});
