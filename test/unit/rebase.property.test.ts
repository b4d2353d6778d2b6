import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { diff3Merge } from 'node-diff3';
import { applyHunks, hunksOf, linesOf } from '../../src/core/edits/hunks';
import type { Hunk } from '../../src/core/edits/hunks';
import { rebase } from '../../src/core/edits/rebase';

const RUNS = { numRuns: 200 };

// Few distinct lines, so that files repeat themselves ('}', blank lines), which is where line diffs get ambiguous.
const WORDS = ['}', '', 'foo();', 'bar();', 'x = 1;', '  return x;', 'if (a) {'];
const word = fc.constantFrom(...WORDS);

interface Layout {
  readonly lineBreak: '\n' | '\r\n';
  readonly finalBreak: boolean;
}
const layout = fc.record({ lineBreak: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'), finalBreak: fc.boolean() });
const textOf = (lines: readonly string[], { lineBreak, finalBreak }: Layout): string =>
  lines.join(lineBreak) + (finalBreak && lines.length > 0 ? lineBreak : '');

/** What one side does to a base line: keep it, drop it, replace it, or put new lines before it. */
type Op = { readonly kind: 'keep' } | { readonly kind: 'delete' } | { readonly kind: 'replace' | 'insertBefore'; readonly count: number };
/** An op per line; most lines are kept unless `keepWeight` says otherwise. */
const opArb = (keepWeight: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: keepWeight, arbitrary: fc.constant<Op>({ kind: 'keep' }) },
    { weight: 1, arbitrary: fc.constant<Op>({ kind: 'delete' }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constantFrom<'replace' | 'insertBefore'>('replace', 'insertBefore'), count: fc.integer({ min: 1, max: 3 }) }),
    },
  );

const KEEP: Op = { kind: 'keep' };

/**
 * Applies ops (one per base line, plus one for the end of the file) to the base; `pick` says which op and which
 * prefix for new lines at each line. New lines are unique tokens with their side's prefix ('U' for the person,
 * 'P' for the proposal), so a test can follow every one.
 */
function editWith(base: readonly string[], pick: (line: number) => readonly [Op, string]): string[] {
  const out: string[] = [];
  const fresh = new Map<string, number>();
  const added = (count: number, prefix: string): string[] =>
    Array.from({ length: count }, () => {
      const n = fresh.get(prefix) ?? 0;
      fresh.set(prefix, n + 1);
      return `${prefix}${n}`;
    });
  for (let i = 0; i <= base.length; i++) {
    const [action, prefix] = pick(i);
    if (action.kind === 'insertBefore' || action.kind === 'replace') out.push(...added(action.count, prefix));
    const line = base[i];
    if (line !== undefined && (action.kind === 'keep' || action.kind === 'insertBefore')) out.push(line);
  }
  return out;
}

const edit = (base: readonly string[], ops: readonly Op[], prefix: string): string[] => editWith(base, (i) => [ops[i] ?? KEEP, prefix]);

const ops = (length: number, keepWeight = 6): fc.Arbitrary<Op[]> => fc.array(opArb(keepWeight), { minLength: length + 1, maxLength: length + 1 });

/** A random base and a random proposal (edited from it), in one layout. */
const proposals = fc
  .tuple(fc.array(word, { maxLength: 30 }), layout)
  .chain(([lines, shape]) => fc.tuple(fc.constant(lines), fc.constant(shape), ops(lines.length)))
  .map(([lines, shape, edits]) => ({ base: textOf(lines, shape), proposed: textOf(edit(lines, edits, 'P'), shape), shape }));

const tokens = (text: string, prefix: string): string[] => linesOf(text).lines.filter((line) => line.startsWith(prefix));

describe('hunks, for random files and proposals', () => {
  it('accepting every hunk gives exactly the proposal, accepting none exactly the base', () => {
    fc.assert(
      fc.property(proposals, ({ base, proposed, shape }) => {
        const hunks = hunksOf(base, proposed);
        assert.equal(applyHunks(base, hunks, new Set(hunks.map((h) => h.id)), shape.lineBreak), proposed);
        assert.equal(applyHunks(base, hunks, new Set()), base);
      }),
      RUNS,
    );
  });

  it('accepting any subset puts each accepted hunk\'s lines, and each rejected hunk\'s base lines, where they belong', () => {
    const withSubset = proposals.chain((p) => {
      const hunks = hunksOf(p.base, p.proposed);
      return fc.tuple(fc.constant(p), fc.constant(hunks), fc.subarray(hunks.map((h) => h.id)));
    });
    fc.assert(
      fc.property(withSubset, ([{ base, shape }, hunks, chosen]) => {
        const accepted = new Set(chosen);
        const text = applyHunks(base, hunks, accepted, shape.lineBreak);
        const result = linesOf(text).lines;
        const original = linesOf(base).lines;
        const isAccepted = (hunk: Hunk): boolean => accepted.has(hunk.id);
        let shift = 0;
        let at = 0;
        for (const hunk of hunks) {
          for (; at < hunk.baseStart; at++) assert.equal(result[at + shift], original[at], `unchanged line ${at}`);
          const expected = isAccepted(hunk) ? hunk.proposedLines : hunk.baseLines;
          assert.deepEqual(result.slice(hunk.baseStart + shift, hunk.baseStart + shift + expected.length), expected);
          at += hunk.removed;
          if (isAccepted(hunk)) shift += hunk.added - hunk.removed;
        }
        for (; at < original.length; at++) assert.equal(result[at + shift], original[at], `unchanged line ${at}`);
        assert.equal(result.length, original.length + shift);
        const otherBreak = shape.lineBreak === '\n' ? /\r\n/ : /(?<!\r)\n/;
        assert.doesNotMatch(text, otherBreak, 'every line break is the base\'s kind');
      }),
      RUNS,
    );
  });
});

/** A base, the person's live text and the proposal's target, each side edited from the base on its own. */
const concurrent = (baseLines: fc.Arbitrary<string[]>, allowedOps: (length: number) => fc.Arbitrary<[Op[], Op[]]>) =>
  fc
    .tuple(baseLines, layout)
    .chain(([lines, shape]) => fc.tuple(fc.constant(lines), fc.constant(shape), allowedOps(lines.length)))
    .map(([lines, shape, [mine, theirs]]) => ({
      lines,
      shape,
      base: textOf(lines, shape),
      live: textOf(edit(lines, mine, 'U'), shape),
      target: textOf(edit(lines, theirs, 'P'), shape),
      mine,
      theirs,
    }));

const wordLines = fc.array(word, { maxLength: 30 });
const independent = (length: number): fc.Arbitrary<[Op[], Op[]]> => fc.tuple(ops(length), ops(length));

/** Both sides' ops, on base lines at least two apart: there is always an unchanged line between the two. */
const disjoint = (length: number): fc.Arbitrary<[Op[], Op[]]> =>
  fc.tuple(ops(length, 2), fc.array(fc.boolean(), { minLength: length + 1, maxLength: length + 1 })).map(([all, owners]) => {
    const mine: Op[] = [];
    const theirs: Op[] = [];
    all.forEach((action, i) => {
      const owner = owners[i] ? 'mine' : 'theirs';
      const near = [i - 1, i + 1].some((j) => j >= 0 && j < owners.length && owners[j] !== owners[i] && all[j]?.kind !== 'keep');
      const allowed = action.kind !== 'keep' && !near;
      mine.push(allowed && owner === 'mine' ? action : KEEP);
      theirs.push(allowed && owner === 'theirs' ? action : KEEP);
    });
    return [mine, theirs];
  });

/** A base of distinct lines, where a line diff has exactly one answer. */
const distinctLines = (minLength: number) => fc.uniqueArray(fc.nat({ max: 10_000 }).map((n) => `line ${n}`), { minLength, maxLength: 30 });

describe('rebase, for random concurrent edits', () => {
  it('never removes or changes the person\'s text: every line they typed is in the result, in order', () => {
    fc.assert(
      fc.property(concurrent(wordLines, independent), ({ base, live, target }) => {
        const result = rebase(base, live, target);
        assert.deepEqual(tokens(result.text, 'U'), tokens(live, 'U'));
      }),
      RUNS,
    );
  });

  it('the proposal\'s lines are either applied or offered in a conflict, never dropped or invented', () => {
    fc.assert(
      fc.property(concurrent(wordLines, independent), ({ base, live, target }) => {
        const result = rebase(base, live, target);
        const applied = tokens(result.text, 'P');
        const offered = result.conflicts.flatMap((c) => c.theirs.filter((line) => line.startsWith('P')));
        assert.deepEqual([...applied, ...offered].sort(), tokens(target, 'P').sort());
        assert.equal(result.clean, result.conflicts.length === 0);
      }),
      RUNS,
    );
  });

  it('each conflict points at the person\'s lines in the merged text, in order and without overlap', () => {
    fc.assert(
      fc.property(concurrent(wordLines, independent), ({ base, live, target }) => {
        const result = rebase(base, live, target);
        const merged = linesOf(result.text).lines;
        let after = 0;
        for (const conflict of result.conflicts) {
          assert.ok(conflict.liveStart >= after, 'conflicts are in order and apart');
          assert.equal(conflict.lines, conflict.ours.length);
          assert.deepEqual(merged.slice(conflict.liveStart, conflict.liveStart + conflict.lines), conflict.ours);
          assert.notDeepEqual(conflict.ours, conflict.theirs, 'the same change on both sides is no conflict');
          after = conflict.liveStart + conflict.lines;
        }
      }),
      RUNS,
    );
  });

  it('edits with an unchanged line between them merge without conflict, and the result holds both', () => {
    const cases = concurrent(distinctLines(3), disjoint).filter(({ base, live, target }) => live !== base && target !== base);
    fc.assert(
      fc.property(cases, ({ lines, shape, live, target, mine, theirs }) => {
        const result = rebase(textOf(lines, shape), live, target);
        assert.deepEqual(result.conflicts, []);
        const both = editWith(lines, (i) => (mine[i]?.kind !== 'keep' ? [mine[i] ?? KEEP, 'U'] : [theirs[i] ?? KEEP, 'P']));
        assert.equal(result.text, textOf(both, shape));
        assert.deepEqual(tokens(result.text, 'P'), tokens(target, 'P'));
        assert.deepEqual(tokens(result.text, 'U'), tokens(live, 'U'));
      }),
      RUNS,
    );
  });

  it('on files of distinct lines it merges exactly as diff3 (node-diff3), keeping the person\'s side of each conflict', () => {
    const cases = fc.tuple(distinctLines(0), layout).chain(([lines, shape]) =>
      independent(lines.length).map(([mine, theirs]) => ({
        base: textOf(lines, shape),
        live: textOf(edit(lines, mine, 'U'), shape),
        target: textOf(edit(lines, theirs, 'P'), shape),
        shape,
      })),
    );
    fc.assert(
      fc.property(cases, ({ base, live, target, shape }) => {
        const result = rebase(base, live, target);
        const lines = (text: string): string[] => [...linesOf(text).lines];
        const regions = diff3Merge(lines(live), lines(base), lines(target), { excludeFalseConflicts: true });
        const expected = regions.flatMap((region) => region.ok ?? region.conflict?.a ?? []);
        assert.equal(result.text, expected.join(shape.lineBreak));
        assert.deepEqual(
          result.conflicts.map((c) => [c.ours, c.base, c.theirs]),
          regions.flatMap((region) => (region.conflict ? [[region.conflict.a, region.conflict.o, region.conflict.b]] : [])),
        );
      }),
      RUNS,
    );
  });
});
