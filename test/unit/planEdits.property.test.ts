import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectIndent, indentOf } from '../../src/core/edits/layout';
import { planEdits } from '../../src/core/edits/plan';
import type { EditBlock } from '../../src/core/edits/types';

const source = { codeBlock: 0, line: 1 };

// Few distinct lines, so that files are full of near-duplicates (`x = 1;` and `x = 2;`, the same line at another
// indentation), which is where anchoring goes wrong.
const WORDS = ['foo();', 'bar();', 'x = 1;', 'x = 2;', '}', 'if (a) {', 'return x;', ''];
const INDENTS = ['', '  ', '    ', '\t', '\t  '];
const line = fc
  .tuple(fc.constantFrom(...INDENTS), fc.constantFrom(...WORDS))
  .map(([indent, word]) => (word === '' ? '' : indent + word));

function occurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) count++;
  return count;
}

interface Case {
  readonly lines: string[];
  readonly lineBreak: '\n' | '\r\n';
  readonly finalBreak: boolean;
  readonly from: number;
  readonly to: number;
  readonly inserted: string[];
}

const cases = fc
  .record({
    lines: fc.array(line, { minLength: 1, maxLength: 24 }),
    lineBreak: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
    finalBreak: fc.boolean(),
    a: fc.nat(),
    b: fc.nat(),
    inserted: fc.array(line, { maxLength: 5 }),
  })
  .map(({ lines, lineBreak, finalBreak, a, b, inserted }): Case => {
    const from = a % (lines.length + 1);
    const to = from + (b % (lines.length - from + 1));
    return { lines, lineBreak, finalBreak, from, to, inserted };
  });

/**
 * The SEARCH/REPLACE block a careful model would write for the edit: the replaced lines, widened by context lines
 * (alternately above and below) until the SEARCH occurs exactly once in the file, both joined with LF as the
 * parser hands them over.
 */
function blockFor(c: Case, fileText: string): EditBlock | undefined {
  let low = c.from;
  let high = c.to;
  const searchOf = (): string => c.lines.slice(low, high).join('\n');
  let above = true;
  while (high - low === 0 || searchOf().trim() === '' || occurrences(fileText, c.lines.slice(low, high).join(c.lineBreak)) !== 1) {
    if (low === 0 && high === c.lines.length) return undefined;
    if ((above && low > 0) || high === c.lines.length) low--;
    else high++;
    above = !above;
  }
  const replaceLines = [...c.lines.slice(low, c.from), ...c.inserted, ...c.lines.slice(c.to, high)];
  // One blank line and no lines both read as an empty REPLACE; the parser cannot tell them apart either.
  if (replaceLines.length === 1 && replaceLines[0] === '') return undefined;
  return { kind: 'searchReplace', path: 'f.ts', search: searchOf(), replace: replaceLines.join('\n'), source };
}

describe('planEdits properties', () => {
  it('a block built from a random edit of a random file applies back to exactly the edited text', () => {
    fc.assert(
      fc.property(cases, (c) => {
        // A last line that is blank and unterminated is the same text as a terminated line before it.
        fc.pre(c.finalBreak || c.lines[c.lines.length - 1] !== '');
        const edited = [...c.lines.slice(0, c.from), ...c.inserted, ...c.lines.slice(c.to)];
        fc.pre(c.finalBreak || edited.length === 0 || edited[edited.length - 1] !== '');
        const fileText = c.lines.join(c.lineBreak) + (c.finalBreak ? c.lineBreak : '');
        const block = blockFor(c, fileText);
        fc.pre(block !== undefined);
        // Added lines indented the other way than a file that clearly uses tabs (or spaces) are put in its style.
        const style = detectIndent(c.lines);
        fc.pre(!style?.clear || c.inserted.every((l) => (style.tabs ? !l.startsWith('  ') : !indentOf(l).includes('\t'))));
        // A file without any line break shows no style; new lines in it get LF.
        const lineBreak = /\n/.test(fileText) ? c.lineBreak : '\n';
        const expected = edited.length === 0 ? '' : edited.join(lineBreak) + (c.finalBreak ? lineBreak : '');
        const plan = planEdits([block!], (path) => (path === 'f.ts' ? fileText : undefined), {});
        assert.deepEqual(plan.refused.map((r) => r.reason), []);
        const proposed = plan.files[0]?.proposed ?? fileText;
        assert.equal(JSON.stringify(proposed), JSON.stringify(expected));
        if (expected === fileText) assert.equal(plan.files.length, 0);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary blocks, files and options', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.oneof(line, fc.constantFrom('\r', '\r\n', '// ... existing code ...', '<<<', '\u2019', '...')), { maxLength: 8 }).map((l) => l.join('\n')),
    );
    const path = fc.constantFrom('a.ts', 'b.ts', '/dev/null', '', 'c/d.ts');
    const hunk = fc.record({
      oldStart: fc.oneof(fc.integer({ min: -3, max: 30 }), fc.constant(Number.NaN)),
      lines: fc.array(fc.oneof(fc.constantFrom(' ', '-', '+', '\\', '').chain((m) => line.map((l) => m + l)), fc.string({ maxLength: 6 })), { maxLength: 6 }),
    });
    const block: fc.Arbitrary<EditBlock> = fc.oneof(
      fc.record({ kind: fc.constant('searchReplace' as const), path: fc.option(path, { nil: undefined }), search: text, replace: text, source: fc.constant(source) }),
      fc.record({ kind: fc.constant('wholeFile' as const), path, text, source: fc.constant(source) }),
      fc.record({ kind: fc.constant('newFile' as const), path, text, source: fc.constant(source) }),
      fc.record({ kind: fc.constant('unifiedDiff' as const), path, hunks: fc.array(hunk, { maxLength: 3 }), source: fc.constant(source) }),
      fc.record({ kind: fc.constant('snippet' as const), languageId: fc.constant(undefined), text, source: fc.constant(source) }),
    );
    const offset = fc.oneof(fc.integer({ min: -5, max: 80 }), fc.constant(Number.NaN));
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 5 }),
        fc.dictionary(fc.constantFrom('a.ts', 'b.ts', 'c/d.ts'), text),
        fc.option(path, { nil: undefined }),
        fc.option(fc.tuple(offset, offset), { nil: undefined }),
        (blocks, files, activePath, selection) => {
          const options = { ...(activePath === undefined ? {} : { activePath }), ...(selection === undefined ? {} : { selection }) };
          const plan = planEdits(blocks, (p) => files[p], options);
          const paths = plan.files.map((f) => f.path);
          assert.equal(new Set(paths).size, paths.length);
          for (const refusal of plan.refused) assert.ok(blocks.includes(refusal.block) && refusal.reason.length > 0);
          for (const file of plan.files) assert.ok(file.isNew || file.proposed !== file.base);
        },
      ),
      { numRuns: 200 },
    );
  });
});
