import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPatchStart, readPatch } from '../../src/core/edits/patch';
import { planEdits } from '../../src/core/edits/plan';
import type { DiffHunk, EditBlock } from '../../src/core/edits/types';

const source = { codeBlock: 2, line: 7 };
/** Reads a patch written as lines, starting at its first line. */
const read = (...lines: string[]): { blocks: EditBlock[]; end: number } => readPatch(lines, 0, source);
const blocksOf = (...lines: string[]): EditBlock[] => read(...lines).blocks;
const patch = (...body: string[]): string[] => ['*** Begin Patch', ...body, '*** End Patch'];
const hunksOf = (block: EditBlock | undefined): readonly DiffHunk[] => {
  assert.equal(block?.kind, 'unifiedDiff', JSON.stringify(block));
  return block.kind === 'unifiedDiff' ? block.hunks : [];
};
/** The one block, which must be a refusal of the whole patch; its reason. */
const refusalOf = (lines: string[]): string => {
  const blocks = readPatch(lines, 0, source).blocks;
  assert.equal(blocks.length, 1, JSON.stringify(blocks));
  const [block] = blocks;
  assert.equal(block?.kind, 'malformed', JSON.stringify(block));
  return block.kind === 'malformed' ? block.reason : '';
};

describe('V4A patches', () => {
  describe('isPatchStart', () => {
    it('knows *** Begin Patch, indented or padded, and nothing like it', () => {
      assert.equal(isPatchStart('*** Begin Patch'), true);
      assert.equal(isPatchStart('   *** Begin Patch'), true);
      assert.equal(isPatchStart('*** Begin Patch  '), true);
      assert.equal(isPatchStart('*** Begin Patches'), false);
      assert.equal(isPatchStart('+*** Begin Patch'), false);
      assert.equal(isPatchStart('** Begin Patch'), false);
    });
  });

  describe('Update File', () => {
    it('one chunk becomes one unifiedDiff hunk with oldStart 0 and the lines as written', () => {
      const { blocks, end } = read(...patch('*** Update File: src/app.py', '@@', ' def greet():', '-    print("Hi")', '+    print("Hello")'));
      assert.deepEqual(blocks, [
        { kind: 'unifiedDiff', path: 'src/app.py', hunks: [{ oldStart: 0, lines: [' def greet():', '-    print("Hi")', '+    print("Hello")'] }], source },
      ]);
      assert.equal(end, 7);
    });

    it('a chunk may start at its first change line, without @@', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: file2.py', ' import foo', '+bar'))[0]);
      assert.deepEqual(hunks, [{ oldStart: 0, lines: [' import foo', '+bar'] }]);
    });

    it('each @@ starts a new hunk, in order', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: a.ts', '@@', ' a', '-b', '+B', '@@', ' x', '-y', '+Y', ' z'))[0]);
      assert.deepEqual(hunks.map((h) => h.lines), [[' a', '-b', '+B'], [' x', '-y', '+Y', ' z']]);
    });

    it('the text after @@ is the hunk scope', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: a.py', '@@ def f():', '-    pass', '+    return 123'))[0]);
      assert.deepEqual(hunks, [{ oldStart: 0, lines: ['-    pass', '+    return 123'], scope: ['def f():'] }]);
    });

    it('consecutive @@ lines nest the scope, outermost first, keeping the inner line as written', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: a.py', '@@ class BaseClass', '@@ \tdef method():', ' \t\tx = 1', '-\t\treturn x', '+\t\treturn x + 1'))[0]);
      assert.deepEqual(hunks[0]?.scope, ['class BaseClass', '\tdef method():']);
      assert.deepEqual(hunks[0]?.lines, [' \t\tx = 1', '-\t\treturn x', '+\t\treturn x + 1']);
    });

    it('a bare @@ among scope lines adds nothing to the scope', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: a.py', '@@', '@@ class A', '-x', '+y'))[0]);
      assert.deepEqual(hunks[0]?.scope, ['class A']);
    });

    it('a unified diff header after @@ gives a line hint, and its trailing text a scope', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: a.c', '@@ -12,7 +12,8 @@ int main(void)', ' int a;', '-int b;', '+long b;'))[0]);
      assert.deepEqual(hunks, [{ oldStart: 12, lines: [' int a;', '-int b;', '+long b;'], scope: ['int main(void)'] }]);
    });

    it('*** End of File marks the chunk before it, and only that one', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: tail.txt', '@@', ' one', '-two', '+2', '@@', ' last', '+after last', '*** End of File'))[0]);
      assert.deepEqual(hunks.map((h) => h.atEndOfFile), [undefined, true]);
    });

    it('a blank line in a chunk is a blank context line whose space was dropped', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: a.py', '@@ change_context', '', ' context', '-remove', '+add', '', ' context2'))[0]);
      assert.deepEqual(hunks[0]?.lines, [' ', ' context', '-remove', '+add', ' ', ' context2']);
    });

    it('blank lines between chunks and before the next section only separate them', () => {
      const blocks = blocksOf(...patch('*** Update File: a.ts', '', '@@', '-a', '+b', '', '', '@@', '-c', '+d', '', '*** Add File: b.ts', '+x'));
      assert.deepEqual(hunksOf(blocks[0]).map((h) => h.lines), [['-a', '+b'], ['-c', '+d']]);
      assert.deepEqual(blocks[1], { kind: 'newFile', path: 'b.ts', text: 'x', source });
    });

    it('a written blank context line (a lone space) at the end of a chunk is kept', () => {
      const hunks = hunksOf(blocksOf(...patch('*** Update File: a.ts', '@@', '-a', '+b', ' ', '@@', '-c', '+d'))[0]);
      assert.deepEqual(hunks[0]?.lines, ['-a', '+b', ' ']);
    });

    it('indentation and trailing whitespace inside lines are kept exactly', () => {
      const lines = ['    \tdeep();  ', '-\t  if (x) {', '+  \t if (y) {   ', ' }'];
      const hunks = hunksOf(blocksOf(...patch('*** Update File: a.ts', '@@', ' ' + lines[0], ...lines.slice(1)))[0]);
      assert.deepEqual(hunks[0]?.lines, [' ' + lines[0], ...lines.slice(1)]);
    });

    it('a context line that quotes a marker is context, not the end of the patch or a new section', () => {
      const blocks = blocksOf(...patch('*** Update File: docs/format.md', '@@', ' *** Update File: example.txt', ' *** End Patch', '-old', '+new', ' *** End of File'));
      assert.deepEqual(hunksOf(blocks[0])[0]?.lines, [' *** Update File: example.txt', ' *** End Patch', '-old', '+new', ' *** End of File']);
      assert.equal(blocks.length, 1);
    });

    it('lines split from a CRLF answer read the same as LF ones', () => {
      const text = patch('*** Update File: a.ts', '@@ function f() {', '-  return 1;', '+  return 2;', '*** Add File: b.ts', '+b').join('\r\n');
      const crlf = readPatch(text.split(/\r\n|\r|\n/), 0, source);
      const lf = readPatch(text.replace(/\r\n/g, '\n').split('\n'), 0, source);
      assert.deepEqual(crlf, lf);
      assert.deepEqual(hunksOf(crlf.blocks[0])[0]?.lines, ['-  return 1;', '+  return 2;']);
    });
  });

  describe('several files', () => {
    it('each section is its own block, in the order of the patch', () => {
      const blocks = blocksOf(
        ...patch('*** Add File: path/add.py', '+abc', '+def', '*** Update File: path/update.py', '@@ def f():', '-    pass', '+    return 123', '*** Update File: b.py', '-x', '+y'),
      );
      assert.deepEqual(blocks.map((b) => [b.kind, b.kind === 'snippet' ? '' : b.path]), [
        ['newFile', 'path/add.py'],
        ['unifiedDiff', 'path/update.py'],
        ['unifiedDiff', 'b.py'],
      ]);
      assert.ok(blocks.every((b) => b.source === source));
    });

    it('paths lose padding, quotes, backticks and ./, and nothing else', () => {
      const blocks = blocksOf(
        ...patch('*** Update File:   ./src/a.ts  ', '-a', '+b', '*** Add File: `docs/b.md`', '+b', '*** Add File: "c d.txt"', '+c', '*** Add File: a/x.ts', '+x'),
      );
      assert.deepEqual(blocks.map((b) => (b.kind === 'snippet' ? '' : b.path)), ['src/a.ts', 'docs/b.md', 'c d.txt', 'a/x.ts']);
    });
  });

  describe('Add File', () => {
    it('becomes a newFile with the + lines joined, without a final line break', () => {
      assert.deepEqual(blocksOf(...patch('*** Add File: hello.txt', '+Hello world', '+', '+  indented')), [
        { kind: 'newFile', path: 'hello.txt', text: 'Hello world\n\n  indented', source },
      ]);
    });

    it('a line without + is malformed, and so is a blank line between + lines', () => {
      assert.match(refusalOf(patch('*** Add File: a.txt', '+one', 'two')), /new file a\.txt, line 4 \("two"\) does not start with '\+'/);
      assert.match(refusalOf(patch('*** Add File: a.txt', '+one', '', '+three')), /new file a\.txt, line 4 is blank/);
      assert.match(refusalOf(patch('*** Add File: a.txt', '+one', '', 'three')), /line 5 \("three"\) does not start with '\+'/);
    });
  });

  describe('refusals of one section', () => {
    it('Delete File is refused with a reason and the rest of the patch still reads', () => {
      const blocks = blocksOf(...patch('*** Delete File: obsolete.txt', '*** Add File: new.txt', '+n'));
      assert.deepEqual(blocks[0], {
        kind: 'malformed',
        path: 'obsolete.txt',
        reason: 'Deleting files is not supported; obsolete.txt was left as it is.',
        text: '*** Delete File: obsolete.txt',
        source,
      });
      assert.equal(blocks[1]?.kind, 'newFile');
    });

    it('an update with *** Move to is refused whole as a rename', () => {
      const blocks = blocksOf(...patch('*** Update File: src/old.rs', '*** Move to: src/new.rs', '@@', '-old', '+new', '*** Update File: c.rs', '-c', '+C'));
      const [moved, other] = blocks;
      assert.equal(moved?.kind, 'malformed');
      if (moved?.kind === 'malformed') {
        assert.match(moved.reason, /^Renaming files is not supported; src\/old\.rs was not renamed to src\/new\.rs/);
        assert.equal(moved.path, 'src/old.rs');
        assert.equal(moved.text, '*** Update File: src/old.rs\n*** Move to: src/new.rs\n@@\n-old\n+new');
      }
      assert.equal(other?.kind, 'unifiedDiff');
    });
  });

  describe('refusals of the whole patch', () => {
    it('a patch without *** End Patch is refused whole and runs to the end of the lines', () => {
      const lines = ['*** Begin Patch', '*** Update File: a.ts', '@@', '-a', '+b', '*** Add File: b.ts', '+partial'];
      const { blocks, end } = readPatch(lines, 0, source);
      assert.equal(end, lines.length);
      assert.deepEqual(blocks, [
        {
          kind: 'malformed',
          path: undefined,
          reason: 'The patch ends without *** End Patch (the answer may have been cut off); nothing from it was applied.',
          text: lines.join('\n'),
          source,
        },
      ]);
    });

    it('a second *** Begin Patch cuts the first one off, and the second is read on its own', () => {
      const lines = ['*** Begin Patch', '*** Update File: a.ts', '-a', '*** Begin Patch', '*** Update File: a.ts', '-a', '+b', '*** End Patch'];
      const first = readPatch(lines, 0, source);
      assert.equal(first.end, 3);
      assert.equal(first.blocks[0]?.kind, 'malformed');
      if (first.blocks[0]?.kind === 'malformed') assert.equal(first.blocks[0].path, 'a.ts');
      const second = readPatch(lines, first.end, source);
      assert.equal(second.blocks[0]?.kind, 'unifiedDiff');
      assert.equal(second.end, lines.length);
    });

    it('a file section that names no file', () => {
      assert.match(refusalOf(patch('*** Update File:', '-a', '+b')), /"\*\*\* Update File:" on line 2 names no file; nothing from the patch was applied\.$/);
      assert.match(refusalOf(patch('*** Add File: ``', '+a')), /names no file/);
      assert.match(refusalOf(patch('*** Update File: a.ts', '*** Move to:  ', '-a', '+b')), /"\*\*\* Move to:" on line 3 names no file/);
    });

    it('an unknown *** line', () => {
      assert.match(refusalOf(patch('*** Rename File: a.ts', '+b')), /does not know, "\*\*\* Rename File: a\.ts" \(line 2\)/);
      assert.match(refusalOf(patch('*** Update File: a.ts', '-a', '+b', '*** Stop')), /does not know, "\*\*\* Stop"/);
    });

    it('an update with no change lines', () => {
      assert.match(refusalOf(patch('*** Update File: test.py')), /update of test\.py changes no lines/);
      assert.match(refusalOf(patch('*** Update File: test.py', '@@', ' only context')), /update of test\.py changes no lines/);
    });

    it('a chunk line with no prefix that is not blank', () => {
      const reason = refusalOf(patch('*** Update File: a.ts', '@@', ' a', 'b', '+c'));
      assert.equal(reason, `In the patch's update of a.ts, line 5 ("b") does not start with ' ', '+' or '-'; nothing from the patch was applied.`);
    });

    it('an @@ with nothing under it, and *** End of File out of place', () => {
      assert.match(refusalOf(patch('*** Update File: a.ts', '@@', '-a', '+b', '@@ def f():', '')), /the @@ on line 6 has no lines under it/);
      assert.match(refusalOf(patch('*** Update File: a.ts', '@@', '*** End of File')), /End of File on line 4 follows no changed lines/);
      assert.match(refusalOf(patch('*** Update File: a.ts', '-a', '+b', '*** End of File', '-c')), /line 6 comes after \*\*\* End of File/);
    });

    it('lines outside any file section', () => {
      assert.match(refusalOf(patch('Here is the change:', '*** Update File: a.ts', '-a', '+b')), /Line 2 of the patch, "Here is the change:", is not where/);
      assert.match(refusalOf(patch('*** Delete File: a.ts', '-everything')), /follows \*\*\* Delete File: a\.ts, where nothing should/);
    });

    it('added lines with nothing to place them by', () => {
      const reason = refusalOf(patch('*** Update File: a.ts', '@@', '+new line', ''));
      assert.match(reason, /the lines added at line 4 have no context line, @@ line or \*\*\* End of File to say where they go/);
      assert.equal(hunksOf(blocksOf(...patch('*** Update File: a.ts', '@@ class A', '+x'))[0])[0]?.scope?.[0], 'class A');
      assert.equal(hunksOf(blocksOf(...patch('*** Update File: a.ts', '+x', '*** End of File'))[0])[0]?.atEndOfFile, true);
    });

    it('a patch with no files', () => {
      assert.match(refusalOf(patch()), /names no files/);
    });
  });

  describe('padding and indentation', () => {
    it('padded marker lines read as markers, as Codex reads them', () => {
      const lines = [' *** Begin Patch', '  *** Update File: file.txt', '@@', '-one', '+two', ' *** End Patch '];
      const { blocks, end } = readPatch(lines, 0, source);
      assert.deepEqual(hunksOf(blocks[0])[0]?.lines, ['-one', '+two']);
      assert.equal(end, lines.length);
    });

    it('a patch indented as a whole (in a list item) loses that indentation and nothing more', () => {
      const lines = ['1. Apply this:', '', '   *** Begin Patch', '   *** Update File: a.py', '   @@ def f():', '   -    pass', '   +    return 1', '', '   *** End Patch', 'Done.'];
      const { blocks, end } = readPatch(lines, 2, source);
      assert.deepEqual(hunksOf(blocks[0]), [{ oldStart: 0, lines: ['-    pass', '+    return 1'], scope: ['def f():'] }]);
      assert.equal(end, 9);
    });

    it('an indented patch with a body line at the margin is refused', () => {
      assert.match(refusalOf(['  *** Begin Patch', '  *** Update File: a.py', '  -a', '+b', '  *** End Patch']), /Line 4 of the patch is indented less/);
    });
  });

  describe('readPatch then planEdits', () => {
    it('an update applies, and a patch touching two files plans both', () => {
      const files: Record<string, string> = { 'a.py': 'def f():\n    pass\n', 'b.py': 'x = 1\n' };
      const blocks = blocksOf(...patch('*** Update File: a.py', '@@ def f():', '-    pass', '+    return 123', '*** Update File: b.py', '-x = 1', '+x = 2'));
      const plan = planEdits(blocks, (p) => files[p], {});
      assert.deepEqual(plan.refused, []);
      assert.deepEqual(plan.files.map((f) => [f.path, f.proposed]), [['a.py', 'def f():\n    return 123\n'], ['b.py', 'x = 2\n']]);
    });

    it('a blank context line before *** End of File is context: the lines are never appended below it', () => {
      // The model dropped the blank line's space. Only blank lines say where the insertion goes, which the planner
      // will not guess from; what it must never do is put the line after the file's last blank line.
      const blocks = blocksOf(...patch('*** Update File: a.py', '@@', '+alpha()', '', '*** End of File'));
      const plan = planEdits(blocks, () => 'x = 1\n\n', {});
      assert.deepEqual(plan.files, []);
      assert.match(plan.refused[0]?.reason ?? '', /only blank lines/);
    });

    it('a refused patch plans nothing and says why', () => {
      const blocks = blocksOf('*** Begin Patch', '*** Update File: a.py', '-x', '+y');
      const plan = planEdits(blocks, () => 'x\n', {});
      assert.deepEqual(plan.files, []);
      assert.match(plan.refused[0]?.reason ?? '', /ends without \*\*\* End Patch/);
    });

    // Files of distinct lines: plan.ts learns to honour `scope` and `atEndOfFile` separately, and until it does a
    // chunk of repeated lines may be ambiguous (refused) or, worse, land on an earlier copy. Scopes and End of File
    // markers are still written here, so the property covers them once the planner reads them.
    it('a random line edit written as a V4A update applies to exactly the edited text, or is refused', () => {
      const WORDS = ['alpha();', 'beta();', 'x = 1;', 'x = 2;', '}', 'if (a) {', 'return x;', '', '// note', 'let y;'];
      // Tabs only: the planner writes new lines in the file's tabs-or-spaces style, which is not the patch's business.
      const INDENTS = ['', '\t', '\t\t'];
      const lineArb = fc.tuple(fc.constantFrom(...INDENTS), fc.constantFrom(...WORDS)).map(([i, w]) => (w === '' ? '' : i + w));
      const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.array(lineArb, { maxLength: 3 }) });
      const cases = fc.record({
        lines: fc.uniqueArray(lineArb, { minLength: 1, maxLength: 16 }),
        lineBreak: fc.constantFrom('\n', '\r\n'),
        finalBreak: fc.boolean(),
        edits: fc.array(edit, { minLength: 1, maxLength: 3 }),
        // At least one context line: the planner reads an update of nothing but added lines as a new file.
        context: fc.integer({ min: 1, max: 3 }),
        useScope: fc.boolean(),
        dropBlankSpace: fc.boolean(),
      });
      let applied = 0;
      let runs = 0;
      fc.assert(
        fc.property(cases, (c) => {
          // Edits as non-overlapping ranges [from, to) of the file, in order.
          const ranges: { from: number; to: number; insert: string[] }[] = [];
          let floor = 0;
          for (const e of c.edits) {
            if (floor > c.lines.length) break;
            const from = floor + (e.at % (c.lines.length - floor + 1));
            const to = Math.min(c.lines.length, from + e.remove);
            if (to === from && e.insert.length === 0) continue;
            ranges.push({ from, to, insert: e.insert });
            floor = to + 1;
          }
          fc.pre(ranges.length > 0);
          const edited: string[] = [];
          let cursor = 0;
          for (const r of ranges) {
            edited.push(...c.lines.slice(cursor, r.from), ...r.insert);
            cursor = r.to;
          }
          edited.push(...c.lines.slice(cursor));
          // A blank, unterminated last line reads the same as a final line break.
          fc.pre(c.finalBreak || (c.lines.at(-1) !== '' && (edited.length === 0 || edited.at(-1) !== '')));
          const contextLine = (line: string): string => (line === '' && c.dropBlankSpace ? '' : ` ${line}`);
          const body: string[] = ['*** Begin Patch', '*** Update File: f.ts'];
          for (const [k, r] of ranges.entries()) {
            const low = Math.max(k === 0 ? 0 : ranges[k - 1]!.to, r.from - c.context);
            const high = Math.min(k + 1 < ranges.length ? ranges[k + 1]!.from : c.lines.length, r.to + c.context);
            const scope = c.useScope && low > 0 ? c.lines.slice(0, low).find((l) => l.trim() !== '') : undefined;
            const kept = [...c.lines.slice(low, r.from), ...r.insert, ...c.lines.slice(r.to, high)];
            // plan.ts joins a hunk's new side with '\n', so one blank line reads as none (it is deleted too).
            fc.pre(!(kept.length === 1 && kept[0] === ''));
            body.push(scope === undefined ? '@@' : `@@ ${scope}`);
            body.push(...c.lines.slice(low, r.from).map(contextLine));
            body.push(...c.lines.slice(r.from, r.to).map((l) => `-${l}`), ...r.insert.map((l) => `+${l}`));
            body.push(...c.lines.slice(r.to, high).map(contextLine));
            if (high === c.lines.length) body.push('*** End of File');
          }
          body.push('*** End Patch');
          const fileText = c.lines.join(c.lineBreak) + (c.finalBreak ? c.lineBreak : '');
          const { blocks, end } = readPatch(body, 0, source);
          assert.equal(end, body.length);
          const plan = planEdits(blocks, (p) => (p === 'f.ts' ? fileText : undefined), {});
          runs++;
          if (plan.refused.length > 0) {
            assert.deepEqual(plan.files, []);
            return;
          }
          const lineBreak = /\n/.test(fileText) ? c.lineBreak : '\n';
          const expected = edited.length === 0 ? '' : edited.join(lineBreak) + (c.finalBreak ? lineBreak : '');
          assert.equal(JSON.stringify(plan.files[0]?.proposed ?? fileText), JSON.stringify(expected));
          applied++;
        }),
        { numRuns: 300 },
      );
      // Refusing everything would pass the property; most of these edits have a unique place and must apply.
      assert.ok(applied > runs / 2, `only ${applied} of ${runs} edits applied`);
    });

    it('never throws, and always moves past the patch, on arbitrary lines', () => {
      const piece = fc.constantFrom(
        '*** Begin Patch', '*** End Patch', ' *** End Patch', '*** Update File: a.ts', '*** Add File: b.ts', '*** Delete File: c.ts',
        '*** Move to: d.ts', '*** End of File', '@@', '@@ f()', '@@ -3,2 +3,2 @@', '', ' ', '-a', '+b', ' c', 'text', '  *** Update File:', '***',
      );
      fc.assert(
        fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 14 }), (rest) => {
          const lines = ['*** Begin Patch', ...rest];
          const { blocks, end } = readPatch(lines, 0, source);
          assert.ok(end > 0 && end <= lines.length);
          for (const block of blocks) {
            if (block.kind === 'malformed') assert.ok(block.reason.length > 0);
            if (block.kind === 'unifiedDiff') assert.ok(block.hunks.every((h) => h.lines.every((l) => /^[ +-]/.test(l))));
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
