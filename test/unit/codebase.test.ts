import * as assert from 'node:assert/strict';
import { chunkText } from '../../src/core/codebase/chunk';
import { boostSymbols, fuseRanks, withinBudget } from '../../src/core/codebase/rank';
import { SearchIndex } from '../../src/core/codebase/searchIndex';
import { identifierWords, indexTerm, queryTerms, stem, symbolLikeWords } from '../../src/core/codebase/terms';

const lines = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join('\n');

describe('codebase terms', () => {
  it('splits identifiers at camelCase humps, acronyms, digits and underscores, keeping the whole name', () => {
    assert.deepEqual(identifierWords('parseHTTPResponse2 retry_delay_ms'), ['parseHTTPResponse2', 'parse', 'HTTP', 'Response', '2', 'retrydelayms', 'retry', 'delay', 'ms']);
    assert.deepEqual(identifierWords('cart'), ['cart']);
  });

  it('lets plurals and -ing/-ed forms meet their root, and drops words that tell nothing', () => {
    assert.equal(stem('retries'), stem('retry'));
    assert.equal(stem('retrying'), stem('retry'));
    assert.equal(stem('cached'), stem('caching'));
    assert.equal(stem('handler'), stem('handles'));
    assert.equal(indexTerm('the'), null);
    assert.equal(indexTerm('42'), null);
    assert.deepEqual(queryTerms('Where is the retry delay computed? Retries!'), ['retry', 'delay', 'comput']);
  });

  it('picks the code-like names of a question to ask the language servers about', () => {
    assert.deepEqual(symbolLikeWords('why does parseRow drop quotes in CSV rows'), ['parseRow', 'quotes']);
  });
});

describe('codebase chunks', () => {
  it('cuts at top-level functions and classes, with the comment above each', () => {
    const text = [
      "import { x } from './x';",
      '',
      '// Adds one.',
      'export function addOne(n: number): number {',
      ...Array.from({ length: 10 }, (_, i) => `  const a${i} = n + ${i};`),
      '  return n + 1;',
      '}',
      '',
      '/** A class. */',
      'export class Counter {',
      ...Array.from({ length: 10 }, (_, i) => `  field${i} = ${i};`),
      '}',
    ].join('\n');
    const chunks = chunkText(text);
    assert.deepEqual(
      chunks.map((c) => [c.startLine, c.endLine, c.symbols]),
      [
        [1, 16, 'addOne'],
        [18, 30, 'Counter'],
      ],
    );
  });

  it('finds Python, Go and Rust starts by their keywords', () => {
    const python = `def a():\n${lines(9, (i) => `    x${i} = ${i}`)}\n\nclass B:\n${lines(9, (i) => `    y${i} = ${i}`)}`;
    assert.deepEqual(chunkText(python).map((c) => c.symbols), ['a', 'B']);
    const go = `package p\n\nfunc (s *Session) Touch(now time.Time) {\n${lines(9, (i) => `\tx${i} := ${i}`)}\n}\n\nfunc New() {\n${lines(9, (i) => `\ty${i} := ${i}`)}\n}`;
    assert.deepEqual(chunkText(go).map((c) => c.symbols), ['Touch', 'New']);
    const rust = `pub fn rate_for(&self) -> f64 {\n${lines(9, (i) => `    let x${i} = ${i};`)}\n}\nimpl VatTable {\n${lines(9, (i) => `    const Y${i}: u8 = ${i};`)}\n}`;
    assert.deepEqual(chunkText(rust).map((c) => c.symbols), ['rate_for', 'VatTable']);
  });

  it('cuts a class too long to send at its methods, each chunk named after the class too', () => {
    const method = (name: string) => [`  ${name}(a: number): number {`, ...Array.from({ length: 70 }, (_, i) => `    a += ${i};`), '    return a;', '  }'];
    const text = ['export class Big {', ...method('first'), ...method('second'), '}'].join('\n');
    const chunks = chunkText(text);
    assert.ok(chunks.length >= 2);
    assert.ok(chunks.some((c) => c.symbols === 'Big first'));
    assert.ok(chunks.some((c) => c.symbols === 'Big second'));
    assert.ok(chunks.every((c) => c.endLine - c.startLine + 1 <= 120));
  });

  it('cuts text with no symbols into overlapping windows of 60 lines', () => {
    const chunks = chunkText(lines(150, (i) => `line ${i}`));
    assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine]), [[1, 60], [46, 105], [91, 150]]);
  });

  it('joins runs of short pieces, and leaves out blank lines at the edges', () => {
    const text = ['', 'const a = () => 1;', 'const b = () => 2;', 'const c = () => 3;', '', ''].join('\n');
    assert.deepEqual(chunkText(text).map((c) => [c.startLine, c.endLine, c.symbols]), [[2, 4, 'a b c']]);
    assert.deepEqual(chunkText('\n\n'), []);
  });
});

describe('codebase ranking', () => {
  it('boosts chunks a language server named, even ones the words missed', () => {
    const ranked = boostSymbols([{ id: 'a', score: 10 }, { id: 'b', score: 8 }], ['b', 'c', 'c']);
    assert.deepEqual(ranked.map((r) => r.id), ['b', 'a', 'c']);
    assert.equal(ranked.find((r) => r.id === 'c')?.score, 5);
  });

  it('fuses rankings by reciprocal rank', () => {
    // c (ranks 3 and 1) edges out b (2 and 2): a first place counts for more than two seconds.
    assert.deepEqual(fuseRanks([['a', 'b', 'c'], ['c', 'b', 'd']]).map((r) => r.id), ['c', 'b', 'a', 'd']);
    assert.deepEqual(fuseRanks([['a', 'b'], ['b', 'a'], ['b']]).map((r) => r.id), ['b', 'a']);
  });

  it('keeps to the budget and never sends the same lines twice', () => {
    const c = (path: string, startLine: number, endLine: number, tokens: number) => ({ path, startLine, endLine, tokens });
    const chosen = withinBudget([c('a', 1, 60, 500), c('a', 46, 105, 500), c('b', 1, 10, 900), c('c', 1, 10, 400)], 1000, 5);
    assert.deepEqual(chosen.map((x) => `${x.path}:${x.startLine}`), ['a:1', 'c:1']);
    assert.equal(withinBudget([c('a', 1, 2, 1), c('b', 1, 2, 1)], 100, 1).length, 1);
  });
});

describe('codebase search index', () => {
  const stamp = { mtime: 1, size: 10 };

  it('finds a chunk by the words of its identifiers and re-indexes a changed file', () => {
    const index = new SearchIndex();
    index.setFile('src/retry.ts', stamp, 'export function computeBackoffDelay(attempt: number) {\n  return 2 ** attempt;\n}');
    index.setFile('src/cart.ts', stamp, 'export function cartTotal(items: number[]) {\n  return items.length;\n}');
    assert.equal(index.query('how is the backoff delay computed', 5)[0]?.path, 'src/retry.ts');
    index.setFile('src/cart.ts', { mtime: 2, size: 12 }, 'export function backoffDelayForCart() {\n  return 1;\n}');
    assert.deepEqual(new Set(index.query('backoff delay', 5).map((h) => h.path)), new Set(['src/retry.ts', 'src/cart.ts']));
    assert.equal(index.query('items length', 5).length, 0);
    assert.ok(index.isCurrent('src/cart.ts', { mtime: 2, size: 12 }));
    assert.ok(!index.isCurrent('src/cart.ts', stamp));
  });

  it('forgets a removed file, and survives being stored and loaded', () => {
    const index = new SearchIndex();
    index.setFile('a.py', stamp, 'def hash_password(p):\n    return p');
    index.setFile('b.py', stamp, 'def verify_password(p):\n    return p');
    index.removeFile('a.py');
    const loaded = SearchIndex.load(index.serialize());
    assert.ok(loaded);
    assert.deepEqual(loaded.query('password', 5).map((h) => [h.path, h.startLine, h.endLine, h.symbols]), [['b.py', 1, 2, 'verify_password']]);
    loaded.setFile('c.py', stamp, 'def password_reset():\n    pass');
    assert.equal(loaded.query('password', 5).length, 2);
    assert.equal(loaded.fileCount, 2);
  });

  it('rebuilds rather than misreads a damaged or older store', () => {
    assert.equal(SearchIndex.load('{"version":0}'), undefined);
    assert.equal(SearchIndex.load('not json'), undefined);
  });

  it('boosts the chunk holding a symbol a language server found', () => {
    const index = new SearchIndex();
    index.setFile('x.ts', stamp, `function a() {\n${lines(20, (i) => `  const v${i} = ${i};`)}\n}\n\nfunction b() {\n${lines(20, (i) => `  const w${i} = ${i};`)}\n}`);
    const hits = index.query('nothing matches these words', 5, [{ path: 'x.ts', line: 26 }]);
    assert.deepEqual(hits.map((h) => h.symbols), ['b']);
  });
});
