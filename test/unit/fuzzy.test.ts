import * as assert from 'node:assert/strict';
import { fuzzyFilter } from '../../src/core/context/fuzzy';

const paths = ['src/csv.ts', 'src/report.py', 'test/unit/csv.test.ts', 'src/vendor/old/csv-parser-test.ts', 'README.md', 'src/chatController.ts', 'docs/scratch.txt'];

describe('file picker matching', () => {
  it('finds files whose path has the typed letters in order, best first', () => {
    const found = fuzzyFilter(paths, 'csv').map((m) => m.path);
    assert.equal(found[0], 'src/csv.ts');
    assert.deepEqual(new Set(found), new Set(['src/csv.ts', 'test/unit/csv.test.ts', 'src/vendor/old/csv-parser-test.ts']));
  });

  it('matches across the path and at word starts and camelCase humps', () => {
    assert.equal(fuzzyFilter(paths, 'chc')[0]?.path, 'src/chatController.ts');
    assert.equal(fuzzyFilter(paths, 'srcrep')[0]?.path, 'src/report.py');
    assert.deepEqual(fuzzyFilter(paths, 'zzz'), []);
  });

  it('is not fooled by case and spaces, and reports the matched positions for highlighting', () => {
    const [match] = fuzzyFilter(paths, 'REA dme');
    assert.equal(match?.path, 'README.md');
    assert.deepEqual(match?.positions, [0, 1, 2, 3, 4, 5]);
  });

  it('lists the first paths as given for an empty query, and honours the limit', () => {
    assert.deepEqual(fuzzyFilter(paths, '', 2).map((m) => m.path), ['src/csv.ts', 'src/report.py']);
    const many = Array.from({ length: 1000 }, (_, i) => `src/file${i}.ts`);
    const found = fuzzyFilter(many, 'file9', 10);
    assert.equal(found.length, 10);
    assert.equal(found[0]?.path, 'src/file9.ts', 'the shortest full match wins');
  });
});
