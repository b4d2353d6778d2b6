import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { anchor, findAnchors, normalizeLine, splitLines } from '../../src/core/edits/anchor';
import { editDistance } from '../../src/core/edits/fuzzy';

const FILE = [
  'import { parse } from "./csv";',
  '',
  'export function total(rows: Row[]): number {',
  '  let sum = 0;',
  '  for (const row of rows) {',
  '    sum += row.amount;',
  '  }',
  '  return sum;',
  '}',
  '',
  'export function count(rows: Row[]): number {',
  '  return rows.length;',
  '}',
  '',
].join('\n');

/** The text a found result covers. */
function covered(text: string, search: string, options?: { fuzzyThreshold?: number }): string {
  const result = anchor(text, search, options);
  assert.equal(result.kind, 'found', JSON.stringify(result));
  if (result.kind !== 'found') return '';
  return text.slice(result.start, result.end);
}

describe('anchor', () => {
  describe('exact rung', () => {
    it('finds a unique substring at its offsets', () => {
      const result = anchor(FILE, '    sum += row.amount;\n  }');
      assert.equal(result.kind, 'found');
      if (result.kind !== 'found') return;
      assert.equal(result.level, 'exact');
      assert.equal(result.similarity, 1);
      assert.equal(result.start, FILE.indexOf('    sum +='));
      assert.equal(FILE.slice(result.start, result.end), '    sum += row.amount;\n  }');
    });

    it('refuses a substring that occurs twice and says on which lines', () => {
      assert.deepEqual(anchor(FILE, '(rows: Row[]): number {'), { kind: 'ambiguous', level: 'exact', lines: [3, 11] });
    });

    it('counts lines the same whatever the line breaks', () => {
      const mixed = 'a\r\nb\rc\nd\r\n\r\nx\rx\n';
      assert.deepEqual(anchor(mixed, 'x'), { kind: 'ambiguous', level: 'exact', lines: [6, 7] });
      assert.deepEqual(anchor(FILE.replace(/\n/g, '\r'), '(rows: Row[]): number {'), { kind: 'ambiguous', level: 'exact', lines: [3, 11] });
    });

    it('does not count an indented SEARCH inside a deeper line\'s indentation', () => {
      const text = 'if (a) {\n    return x;\n}\nif (b) {\n  return x;\n}\n';
      const result = anchor(text, '  return x;');
      assert.equal(result.kind, 'found');
      if (result.kind === 'found') assert.equal(result.start, text.indexOf('  return x;\n}\n', 30));
    });

    it('still calls it ambiguous when two lines have exactly that indentation', () => {
      const text = '  return x;\n    return x;\n  return x;\n';
      assert.deepEqual(anchor(text, '  return x;'), { kind: 'ambiguous', level: 'exact', lines: [1, 3] });
    });
  });

  describe('normalized rung', () => {
    it('matches an LF SEARCH in a CRLF file, with the file\'s line breaks where the SEARCH had them', () => {
      const crlf = FILE.replace(/\n/g, '\r\n');
      const result = anchor(crlf, 'row of rows) {\n    sum += row.amount;\n');
      assert.equal(result.kind, 'found');
      if (result.kind !== 'found') return;
      assert.equal(result.level, 'normalized');
      assert.equal(crlf.slice(result.start, result.end), 'row of rows) {\r\n    sum += row.amount;\r\n');
    });

    it('covers whole lines, without the last line break, when lines match only once normalized', () => {
      const crlf = FILE.replace(/\n/g, '\r\n').replace('rows) {', 'rows) {  ');
      const result = anchor(crlf, '  for (const row of rows) {\n    sum += row.amount;\n  }');
      assert.equal(result.kind === 'found' && result.level, 'normalized');
      if (result.kind !== 'found') return;
      assert.equal(crlf.slice(result.start, result.end), '  for (const row of rows) {  \r\n    sum += row.amount;\r\n  }');
    });

    it('maps smart quotes, dashes, ellipses and unusual spaces to ASCII', () => {
      const text = 'const a = "x";\nconst msg = \'loading...\'; // a - b\nconst b = 2;\n';
      const search = 'const msg = \u2018loading\u2026\u2019;\u00a0// a \u2014 b';
      assert.equal(covered(text, search), "const msg = 'loading...'; // a - b");
      const result = anchor(text, search);
      assert.equal(result.kind === 'found' && result.level, 'normalized');
      assert.equal(normalizeLine('\u201cq\u201d\u2009\u2013\u200b '), '"q" -');
    });

    it('ignores trailing whitespace on either side', () => {
      const text = 'a();   \nb();\t\nc();\n';
      const result = anchor(text, 'a();\nb();   ');
      assert.equal(result.kind === 'found' && result.level, 'normalized');
      assert.equal(covered(text, 'a();\nb();   '), 'a();   \nb();\t');
    });
  });

  describe('whitespace rung', () => {
    it('matches a SEARCH indented differently', () => {
      const search = 'for (const row of rows) {\n  sum += row.amount;\n}';
      const result = anchor(FILE, search);
      assert.equal(result.kind === 'found' && result.level, 'whitespace');
      assert.equal(covered(FILE, search), '  for (const row of rows) {\n    sum += row.amount;\n  }');
    });

    it('matches tabs against spaces and ignores the SEARCH\'s blank first and last lines', () => {
      const search = '\n\n\tlet sum = 0;\n\tfor (const row of rows) {\n\n';
      assert.equal(covered(FILE, search), '  let sum = 0;\n  for (const row of rows) {');
    });

    it('matches spacing that differs around punctuation', () => {
      const search = 'export function count( rows : Row[] ) : number{\n  return rows.length ;';
      assert.equal(covered(FILE, search), 'export function count(rows: Row[]): number {\n  return rows.length;');
    });

    it('keeps a blank line inside the SEARCH significant', () => {
      const result = findAnchors(FILE, '  let sum = 0;\n\n  for (const row of rows) {\n    sum += row.amount;');
      assert.equal(result.kind === 'matches' && result.level, 'fuzzy');
    });

    it('reads a SEARCH\'s final line break as a final blank line, which only this rung may skip', () => {
      const text = 'a();\nb();\nc();\n';
      const result = anchor(text.replace(/\n/g, '\r\n').replace('b();', 'b(); '), 'a();\nb();\n');
      assert.equal(result.kind === 'found' && result.level, 'whitespace');
    });

    it('does not merge words that whitespace separates', () => {
      const text = 'return value;\nreturnvalue;\n';
      assert.equal(covered(text, '  return   value;'), 'return value;');
    });
  });

  describe('fuzzy rung', () => {
    // Varied lines (a fixed pseudo-random pick of words), so that no two windows of them look alike.
    const words = ['total', 'rows', 'parse', 'amount', 'limit', 'header', 'cursor', 'buffer', 'index', 'label', 'width', 'offset'];
    let seed = 7;
    const pick = (): string => words[(seed = (seed * 1103515245 + 12345) % 2147483648) % words.length]!;
    const lines = Array.from({ length: 200 }, () => `  const ${pick()}${pick()} = ${pick()}(${pick()}, "${pick()} ${pick()}");`);
    const big = lines.join('\n') + '\n';

    it('finds a window with a line the model misquoted, with its similarity', () => {
      const search = [...lines.slice(100, 110)];
      search[4] = search[4]!.replace(/;$/, '').replace('(', '[');
      const result = anchor(big, search.join('\n'));
      assert.equal(result.kind, 'found');
      if (result.kind !== 'found') return;
      assert.equal(result.level, 'fuzzy');
      assert.ok(result.similarity >= 0.85 && result.similarity < 1, String(result.similarity));
      assert.equal(big.slice(result.start, result.end), lines.slice(100, 110).join('\n'));
    });

    it('refuses a SEARCH whose string literal differs from the file, still naming the closest place', () => {
      const text = 'function greet() {\n  console.log("hello");\n  return 1;\n}\n';
      const result = anchor(text, 'function greet() {\n  console.log("wrong");\n  return 1;\n}');
      assert.equal(result.kind, 'notFound');
      if (result.kind !== 'notFound') return;
      assert.deepEqual([result.nearest?.startLine, result.nearest?.endLine], [1, 4]);
      assert.ok(result.nearest!.similarity >= 0.85, String(result.nearest!.similarity));
    });

    it('refuses a SEARCH with a renamed identifier or a changed number', () => {
      const search = [...lines.slice(100, 110)];
      assert.equal(anchor(big, search.map((l, i) => (i === 4 ? l.replace('const ', 'const renamed') : l)).join('\n')).kind, 'notFound');
      const text = 'const timeoutMs = compute(base, 3000);\nconst retries = compute(base, 5);\n';
      assert.equal(anchor(text, 'const timeoutMs = compute(base, 300)\nconst retries = compute(base, 5)').kind, 'notFound');
    });

    it('refuses the lines a window would swallow when the model left one out', () => {
      const search = [...lines.slice(50, 60)];
      search.splice(5, 1);
      const result = anchor(big, search.join('\n'));
      assert.equal(result.kind, 'notFound');
      assert.ok(result.kind === 'notFound' && result.nearest, 'the closest place is still named');
    });

    it('refuses a SEARCH that still carries Roo\'s line hints, instead of taking in a neighbouring line', () => {
      const text = ['function a() {', '  step(1);', '}', '', 'function b() {', '  step(2);', '  step(3);', '}', ''].join('\n');
      const search = [':start_line:5', '-------', 'function b() {', '  step(2);', '  step(3);', '}'].join('\n');
      assert.equal(anchor(text, search).kind, 'notFound');
    });

    it('covers fewer lines than the SEARCH only where the missing ones are punctuation', () => {
      const text = ['function b(x) {', '  if (x) step(2, "two");', '  return step(3, "three");', '}', ''].join('\n');
      const search = ['function b(x) {', '  if (x) {', '    step(2, "two");', '  }', '  return step(3, "three");', '}'].join('\n');
      assert.equal(covered(text, search), text.trimEnd());
      const words = search.replace('  }', '  } // done');
      assert.equal(anchor(text, words).kind, 'notFound', 'a missing line with words on it');
    });

    it('covers only the lines that correspond when the model added a punctuation line', () => {
      const search = [...lines.slice(20, 30)];
      search.splice(3, 0, '  );');
      assert.equal(covered(big, search.join('\n')), lines.slice(20, 30).join('\n'));
      search[3] = '  const extra = compute(99999, "invented");';
      assert.equal(anchor(big, search.join('\n')).kind, 'notFound', 'a line with names of its own');
    });

    it('compares comment lines loosely, unless comments are all the SEARCH has', () => {
      const text = ['// Sums the amounts of the rows.', 'function total(rows) {', '  return rows.reduce((s, r) => s + r.amount, 0);', '}', ''].join('\n');
      const search = ['// Adds up the amounts of the rows.', 'function total(rows) {', '  return rows.reduce((s, r) => s + r.amount, 0);', '}'];
      assert.equal(covered(text, search.join('\n')), text.trimEnd());
      const comments = '/**\n * Returns the sum of every amount in the rows given.\n */';
      const file = '/**\n * Returns the sum of every amount in the rows here.\n */\nfunction f() {}\n';
      assert.equal(anchor(file, comments).kind, 'notFound');
    });

    it('refuses two places that are both similar enough', () => {
      const block = ['function a(x) {', '  const y = x * 2 + offset;', '  log("doubling", x, y);', '  return y;', '}'];
      const text = [...block, '', ...block.map((l) => l.replace(';', '')), ''].join('\n');
      const search = block.map((l) => l.replace('log(', 'log[')).join('\n');
      const result = anchor(text, search);
      assert.equal(result.kind, 'ambiguous');
      if (result.kind === 'ambiguous') assert.deepEqual([result.level, result.lines], ['fuzzy', [1, 7]]);
    });

    it('looks near a hinted line only, and picks the nearer of two places', () => {
      const block = ['function a(x) {', '  const y = x * 2 + offset;', '  log("doubling", x, y);', '  return y;', '}'];
      const filler = Array.from({ length: 60 }, (_, i) => `const filler${i} = ${i};`);
      const text = [...block, ...filler, ...block, ''].join('\n');
      const search = block.map((l) => l.replace('log(', 'log[')).join('\n');
      const near = findAnchors(text, search, { nearLine: 60 });
      assert.deepEqual(near.kind === 'matches' && near.matches.map((m) => m.line), [66]);
      const far = findAnchors(text, search, { nearLine: 35 });
      assert.equal(far.kind, 'none', 'both places are more than 20 lines from the hint');
    });

    it('a stricter threshold refuses what the default accepts', () => {
      const search = [...lines.slice(100, 104)];
      search[1] = search[1]!.replace(/\(/, '[').replace(/;$/, '');
      assert.equal(anchor(big, search.join('\n')).kind, 'found');
      assert.equal(anchor(big, search.join('\n'), { fuzzyThreshold: 0.99 }).kind, 'notFound');
    });

    it('stays fast for a SEARCH of thousands of lines (it once took seconds, growing with the square)', () => {
      const many = Array.from({ length: 8000 }, (_, i) => lines[i % lines.length]!.replace('const ', `const n${i}`));
      const search = many.slice(2000, 5000);
      search[1500] = search[1500]!.replace(/[();=]/g, ' ');
      const started = performance.now();
      const result = anchor(many.join('\n'), search.join('\n'));
      assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
      assert.equal(result.kind === 'found' && result.level, 'fuzzy');
    });

    it('does not fuzzily match a short line to another short line', () => {
      assert.equal(anchor('let i = 0;\nlet j = 1;\n', 'let k = 0;').kind, 'notFound');
    });
  });

  describe('not found', () => {
    it('names the closest window, 1-based, with its text and similarity', () => {
      const search = 'export function total(items: Item[]): string {\n  let text = "";\n  for (const item of items) {\n    text += item.name;';
      const result = anchor(FILE, search);
      assert.equal(result.kind, 'notFound');
      if (result.kind !== 'notFound') return;
      assert.ok(result.nearest);
      assert.equal(result.nearest.startLine, 3);
      assert.equal(result.nearest.endLine, 6);
      assert.equal(result.nearest.text, FILE.split('\n').slice(2, 6).join('\n'));
      assert.ok(result.nearest.similarity > 0.3 && result.nearest.similarity < 0.85, String(result.nearest.similarity));
    });

    it('offers no candidate when nothing is close', () => {
      assert.deepEqual(anchor(FILE, 'SELECT * FROM accounts WHERE balance < 0 ORDER BY id;'), { kind: 'notFound', nearest: undefined });
    });

    it('treats an empty or blank SEARCH as not found', () => {
      assert.deepEqual(anchor(FILE, ''), { kind: 'notFound', nearest: undefined });
      assert.deepEqual(anchor(FILE, ' \n\t\n'), { kind: 'notFound', nearest: undefined });
      assert.deepEqual(anchor('', 'x'), { kind: 'notFound', nearest: undefined });
    });
  });

  it('with wholeLines, matches only whole lines', () => {
    const text = 'total += 1;\nsubtotal += 1;\n';
    assert.equal(anchor(text, 'total += 1;').kind, 'ambiguous');
    const result = findAnchors(text, 'total += 1;', { wholeLines: true });
    assert.equal(result.kind === 'matches' && result.matches.length, 1);
    assert.equal(result.kind === 'matches' && result.level, 'exact');
  });

  it('splits lines on every line break, without an empty line after the last one', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\n\nd'), { lines: ['a', 'b', 'c', '', 'd'], starts: [0, 3, 5, 7, 8] });
    assert.deepEqual(splitLines('a\n'), { lines: ['a'], starts: [0] });
    assert.deepEqual(splitLines(''), { lines: [], starts: [] });
  });

  it('computes the edit distance a plain dynamic programme computes', () => {
    const plain = (a: string, b: string): number => {
      let row = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
          next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        row = next;
      }
      return row[b.length]!;
    };
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\n', 'é'), maxLength: 120 });
    fc.assert(fc.property(text, text, (a, b) => editDistance(a, b) === plain(a, b)), { numRuns: 200 });
  });

  it('never throws, and a found region lies inside the text', () => {
    const piece = fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r\n', '\r', '\u2019', '{', '}', 'foo();', '  bar', '');
    const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (file, search) => {
        const result = anchor(file, search);
        if (result.kind === 'found') assert.ok(result.start >= 0 && result.start <= result.end && result.end <= file.length);
        if (result.kind === 'found' && result.level === 'exact') assert.equal(file.slice(result.start, result.end), search);
      }),
      { numRuns: 200 },
    );
  });
});
