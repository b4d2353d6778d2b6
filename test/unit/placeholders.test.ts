import * as assert from 'node:assert/strict';
import { findPlaceholder } from '../../src/core/edits/placeholders';

/** A replacement with the line in the middle of real code, as a model writes it. */
const around = (line: string): string => `function parseRow(row) {\n${line}\n  return fields;\n}`;

describe('findPlaceholder', () => {
  it('finds elision comments in the comment syntaxes of common languages and returns the line', () => {
    for (const line of [
      '// ... existing code ...',
      '  // ...existing code...',
      '// … existing code …',
      '/* ... */',
      '/* ... rest of the implementation ... */',
      '{/* ... */}',
      '# rest unchanged',
      '# ... rest of the file unchanged',
      '// rest of the function',
      '// Rest of the code remains the same',
      '<!-- ... -->',
      '<!-- rest of the page -->',
      '-- ...',
      '-- existing columns',
      '// existing code here',
      '// (unchanged)',
      '# (unchanged)',
      '// etc.',
      '// remaining code',
      '// keep the rest as is',
      '# Keep everything else unchanged',
      '// ... other fields',
      '# same as before',
      '; ... unchanged',
      '% rest unchanged',
      "' ... existing code",
      '// imports unchanged',
      '// function body unchanged',
      '// code omitted for brevity',
      '// implementation omitted',
      '// your code here',
      ' * ... existing methods ...',
      '// leave the rest as is',
      '// no changes below',
    ]) {
      assert.equal(findPlaceholder(around(line)), line.trim(), line);
    }
  });

  it('finds a bare ellipsis line, bracketed remarks and an elided body', () => {
    for (const line of ['...', '    ...', '…', '. . .', '[...]', '(rest unchanged)', '{ ... }', '... rest of the file', '  for { ... }', '  def run(self): { ... }']) {
      assert.equal(findPlaceholder(around(line)), line.trim(), line);
    }
  });

  it('finds an elision comment after code on the same line', () => {
    assert.equal(findPlaceholder('  const a = 1; // ... rest unchanged\n'), 'const a = 1; // ... rest unchanged');
    assert.equal(findPlaceholder('x = 1  # ... existing code'), 'x = 1  # ... existing code');
    assert.equal(findPlaceholder('if (ok) { /* ... */ }'), 'if (ok) { /* ... */ }');
  });

  it('returns the first offending line', () => {
    assert.equal(findPlaceholder('a\n// ... existing code ...\nb\n# rest unchanged'), '// ... existing code ...');
  });

  it('a line the original also has is the file’s own, not a placeholder', () => {
    const stub = 'class Reader(Protocol):\n    def read(self) -> str:\n        ...\n';
    assert.equal(findPlaceholder(stub), '...');
    assert.equal(findPlaceholder(stub, 'class Reader(Protocol):\n  def read(self) -> str:\n    ...\n'), undefined);
    assert.equal(findPlaceholder('// ... existing code ...\nx', 'y\r\n// ... existing code ...\r\n'), undefined);
  });

  it('leaves real code alone: spreads, stubs on one line, lint directives, prose comments', () => {
    for (const line of [
      'const merged = { ...defaults, ...options };',
      'function log(...args) {',
      '  ...rest,',
      '<Button {...props} />',
      '[...items].sort()',
      'def read(self) -> str: ...',
      'class Reader(Protocol): ...',
      '/* eslint-disable */',
      '// eslint-disable-next-line no-console',
      '// @ts-expect-error the types lag behind',
      '# type: ignore',
      '# noqa: E501',
      '#!/usr/bin/env python3',
      '# -*- coding: utf-8 -*-',
      '// Calls the REST API with the rest of the arguments',
      '// rest API client',
      '// REST endpoints...',
      '// handle the rest of the input',
      '// TODO: handle errors...',
      '// Loading...',
      '// returns the array unchanged',
      '// Original values, restored after each test',
      '# existing tests for the parser live in test_csv.py',
      '# Other settings',
      '<!-- markdownlint-disable MD033 -->',
      '-- select the rows',
      'let range = 0..10;',
      '..Default::default()',
      '// see https://example.com/...',
      '//',
      '#',
      '#[derive(Debug)]',
      '* a list item',
      '---',
      'i--;',
    ]) {
      assert.equal(findPlaceholder(around(line)), undefined, line);
    }
  });

  it('ignores comment-like text inside string literals', () => {
    assert.equal(findPlaceholder('const hint = "// ... existing code ...";'), undefined);
    assert.equal(findPlaceholder("const s = '{ ... }';"), undefined);
    assert.equal(findPlaceholder('const t = `/* ... */`;'), undefined);
  });

  it('an empty replacement has no placeholder', () => {
    assert.equal(findPlaceholder(''), undefined);
    assert.equal(findPlaceholder('\n\n'), undefined);
  });
});
