// Properties over every dialect: a random edit of a random file, written the way each dialect writes it (with the
// noise models add), plans to exactly the edited text or to a refusal that changes nothing; and an answer that
// nearly fits (a changed name in SEARCH, a damaged marker) never writes anything but the intended text.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEdits } from '../../src/core/edits/parse';
import { planEdits } from '../../src/core/edits/plan';
import type { PlanOptions } from '../../src/core/edits/plan';

const PATH = 'src/f.ts';
const RUNS = 150;

// Few distinct statements, so files repeat themselves; none is a prefix or suffix of another (a SEARCH of whole
// lines then matches only whole lines), and none looks like a marker or a diff line.
const WORDS = [
  'foo();',
  'bar(x);',
  'x = 1;',
  'y = 2;',
  'return x;',
  'if (a) {',
  '}',
  'const total = items.length;',
  'log("hello");',
  'count += 1;',
  'for (const i of list) {',
  'total = sum(a, b, 3);',
];

interface FileShape {
  readonly lines: readonly string[];
  readonly unit: string;
  readonly lineBreak: '\n' | '\r\n';
  readonly finalBreak: boolean;
}

/** Depth changes by at most one level from one line of code to the next, as in real code, so the indent step is clear. */
function indented(steps: readonly { word: number; move: number; blank: boolean }[], unit: string, startDepth: number): string[] {
  let depth = startDepth;
  return steps.map(({ word, move, blank }) => {
    if (blank) return '';
    depth = Math.max(0, Math.min(3, depth + move));
    return unit.repeat(depth) + (WORDS[word % WORDS.length] ?? '');
  });
}

const depthOf = (line: string, unit: string): number => (/^[ \t]*/.exec(line)?.[0].length ?? 0) / unit.length;

const stepArb = fc.record({ word: fc.nat(), move: fc.integer({ min: -1, max: 1 }), blank: fc.nat({ max: 9 }).map((n) => n < 2) });

interface Edit {
  readonly file: FileShape;
  readonly text: string;
  /** The edited file's text, in the file's line breaks and ending. */
  readonly intended: string;
  /** The region the answer quotes: lines [low, high) of the file, 0-based. */
  readonly low: number;
  readonly high: number;
  readonly search: readonly string[];
  readonly replace: readonly string[];
}

const key = (line: string): string => line.replace(/\s+/g, '');

function occurrences(lines: readonly string[], region: readonly string[]): number {
  let count = 0;
  for (let i = 0; i + region.length <= lines.length; i++) {
    if (region.every((line, j) => key(line) === key(lines[i + j] ?? ''))) count++;
  }
  return count;
}

/**
 * The edit as a careful model quotes it: the changed lines widened by context (alternately above and below) until
 * they occur once in the file even ignoring whitespace, and start and end with a line that carries code.
 */
const editArb: fc.Arbitrary<Edit | undefined> = fc
  .record({
    steps: fc.array(stepArb, { minLength: 2, maxLength: 18 }),
    unit: fc.constantFrom('\t', '  ', '    '),
    lineBreak: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
    finalBreak: fc.boolean(),
    a: fc.nat(),
    b: fc.nat({ max: 3 }),
    inserted: fc.array(stepArb, { maxLength: 4 }),
  })
  .map(({ steps, unit, lineBreak, finalBreak, a, b, inserted }): Edit | undefined => {
    const lines = indented(steps, unit, 0);
    const from = a % (lines.length + 1);
    const to = Math.min(lines.length, from + b);
    // Added lines continue from the code line above them.
    const above = lines.slice(0, from).filter((l) => l.trim() !== '').at(-1);
    const added = indented(inserted, unit, above === undefined ? 0 : depthOf(above, unit)).filter((l) => l !== '');
    const edited = [...lines.slice(0, from), ...added, ...lines.slice(to)];
    if (edited.join('\n') === lines.join('\n') || edited.length === 0) return undefined;
    // An unterminated blank last line is the same text as a terminated line before it.
    if (!finalBreak && (lines.at(-1) === '' || edited.at(-1) === '')) return undefined;
    let low = from;
    let high = to;
    let up = true;
    const ok = (): boolean =>
      high > low && (lines[low] ?? '').trim() !== '' && (lines[high - 1] ?? '').trim() !== '' && occurrences(lines, lines.slice(low, high)) === 1;
    while (!ok()) {
      if (low === 0 && high === lines.length) return undefined;
      if ((up && low > 0) || high === lines.length) low--;
      else high++;
      up = !up;
    }
    const file = { lines, unit, lineBreak, finalBreak };
    const join = (l: readonly string[]): string => l.join(lineBreak) + (finalBreak ? lineBreak : '');
    return {
      file,
      text: join(lines),
      intended: join(edited),
      low,
      high,
      search: lines.slice(low, high),
      replace: [...lines.slice(low, from), ...added, ...lines.slice(to, high)],
    };
  });

interface Noise {
  /** Trailing whitespace after each SEARCH line. */
  readonly trailing: boolean;
  readonly crlfAnswer: boolean;
  /** Blank lines after each marker and before the next. */
  readonly blankLines: boolean;
}

const noiseArb: fc.Arbitrary<Noise> = fc.record({ trailing: fc.boolean(), crlfAnswer: fc.boolean(), blankLines: fc.boolean() });

/** How the whole quoted block is indented: as in the file, without its common indentation, or a level deeper. */
type Shift = 'none' | 'dedent' | 'deeper';

function shifted(edit: Edit, shift: Shift): { search: string[]; replace: string[] } {
  const all = [...edit.search, ...edit.replace].filter((l) => l.trim() !== '');
  const common = all.reduce((prefix, line) => {
    let k = 0;
    while (k < prefix.length && prefix[k] === line[k]) k++;
    return prefix.slice(0, k);
  }, /^[ \t]*/.exec(all[0] ?? '')?.[0] ?? '');
  const move = (line: string): string => {
    if (line.trim() === '') return line;
    if (shift === 'dedent') return line.slice(common.length);
    if (shift === 'deeper') return edit.file.unit + line;
    return line;
  };
  return { search: edit.search.map(move), replace: edit.replace.map(move) };
}

interface Written {
  readonly answer: string;
  readonly options?: PlanOptions;
}

type Writer = (edit: Edit, noise: Noise, shift: Shift, random: number) => Written;

function srBody(edit: Edit, noise: Noise, shift: Shift, markers: readonly [string, string, string], number?: (lines: string[]) => string[]): string[] {
  const { search, replace } = shifted(edit, shift);
  let s = noise.trailing ? search.map((l) => (l.trim() === '' ? l : l + '  ')) : search;
  let r = replace;
  if (number) {
    s = number(s);
    r = replace.length > 0 && edit.low % 2 === 0 ? number(r) : r;
  }
  const pad = noise.blankLines ? [''] : [];
  return [markers[0], ...pad, ...s, ...pad, markers[1], ...pad, ...r, ...pad, markers[2]];
}

const AIDER = ['<<<<<<< SEARCH', '=======', '>>>>>>> REPLACE'] as const;
const CLINE = ['------- SEARCH', '=======', '+++++++ REPLACE'] as const;

function finish(lines: readonly string[], noise: Noise, options?: PlanOptions): Written {
  const answer = lines.join(noise.crlfAnswer ? '\r\n' : '\n') + '\n';
  return options === undefined ? { answer } : { answer, options };
}

function rooWriter(hint: 'right' | 'wrong' | 'none'): Writer {
  return (edit, noise, shift, random) => {
    const body = srBody(edit, noise, shift, AIDER);
    const wrong = ((edit.low + 1 + 3 + (random % 20)) % (edit.file.lines.length + 20)) + 1;
    const start = hint === 'right' ? edit.low + 1 : wrong;
    const hints = hint === 'none' ? [] : [`:start_line:${start}`, ...(random % 2 === 0 ? [`:end_line:${hint === 'right' ? edit.high : start}`] : []), '-------'];
    return finish(['<apply_diff>', `<path>${PATH}</path>`, '<diff>', body[0]!, ...hints, ...body.slice(1), '</diff>', '</apply_diff>'], noise);
  };
}

/** A hunk's body: context, removed and added lines, from the quoted region and the edit. */
function hunkLines(edit: Edit, noise: Noise, shift: Shift): string[] {
  const { search, replace } = shifted(edit, shift);
  // The longest common head and tail of SEARCH and REPLACE are context; the rest is removed and added.
  let head = 0;
  while (head < search.length && head < replace.length && search[head] === replace[head]) head++;
  let tail = 0;
  while (tail < search.length - head && tail < replace.length - head && search[search.length - 1 - tail] === replace[replace.length - 1 - tail]) tail++;
  // Context lines are new text too, so only removed lines get the trailing whitespace.
  const t = (l: string): string => (noise.trailing && l.trim() !== '' ? l + '  ' : l);
  return [
    ...search.slice(0, head).map((l) => ' ' + l),
    ...search.slice(head, search.length - tail).map((l) => '-' + t(l)),
    ...replace.slice(head, replace.length - tail).map((l) => '+' + l),
    ...search.slice(search.length - tail).map((l) => ' ' + l),
  ];
}

const numbering = (start: number) => (lines: string[]): string[] => lines.map((l, i) => `${start + i} | ${l}`);

const WRITERS: Readonly<Record<string, Writer>> = {
  parley: (e, n, s) => finish(['Here is the change:', '', '```ts ' + PATH, ...srBody(e, n, s, AIDER), '```'], n),
  'aider fenced, path before the fence': (e, n, s) => finish([PATH, '```typescript', ...srBody(e, n, s, AIDER), '```'], n),
  'aider fenced, path inside': (e, n, s) => finish(['```typescript', PATH, ...srBody(e, n, s, AIDER), '```'], n),
  'aider fence-less': (e, n, s) => finish(['I will change it.', '', PATH, ...srBody(e, n, s, AIDER), '', 'Done.'], n),
  cline: (e, n, s) => finish(['<replace_in_file>', `<path>${PATH}</path>`, '<diff>', ...srBody(e, n, s, CLINE), '</diff>', '</replace_in_file>'], n),
  'cline, active editor': (e, n, s) => finish(srBody(e, n, s, CLINE), n, { activePath: PATH }),
  'roo, right hint': rooWriter('right'),
  'roo, wrong hint': rooWriter('wrong'),
  'roo, no hint': rooWriter('none'),
  'line-number prefixes': (e, n, s) => finish(['<apply_diff>', `<path>${PATH}</path>`, '<diff>', ...srBody(e, n, s, AIDER, numbering(e.low + 1)), '</diff>', '</apply_diff>'], n),
  'unified diff': (e, n, s) => {
    const body = hunkLines(e, n, s);
    const header = `@@ -${e.low + 1},${e.search.length} +${e.low + 1},${e.replace.length} @@`;
    return finish(['```diff', `--- a/${PATH}`, `+++ b/${PATH}`, header, ...body, '```'], n);
  },
  v4a: (e, n, s) => {
    const end = e.high === e.file.lines.length ? ['*** End of File'] : [];
    return finish(['*** Begin Patch', `*** Update File: ${PATH}`, '@@', ...hunkLines(e, n, s), ...end, '*** End Patch'], n);
  },
};

function plan(edit: Edit, written: Written): ReturnType<typeof planEdits> {
  return planEdits(parseEdits(written.answer), (p) => (p === PATH ? edit.text : undefined), written.options ?? {});
}

/** The intended text and nothing else, or a refusal and no change at all. */
function intendedOrRefused(edit: Edit, written: Written): void {
  const result = plan(edit, written);
  const reasons = result.refused.map((r) => r.reason);
  if (result.files.length === 0) {
    assert.ok(reasons.length > 0, `nothing changed and nothing was refused for ${JSON.stringify(written.answer)}`);
    return;
  }
  assert.deepEqual(reasons, [], 'a change and a refusal');
  assert.deepEqual(result.files.map((f) => f.path), [PATH]);
  assert.equal(JSON.stringify(result.files[0]?.proposed), JSON.stringify(edit.intended));
}

/** No write, or exactly the intended one. */
function neverAnotherWrite(edit: Edit, written: Written): void {
  const result = plan(edit, written);
  for (const file of result.files) {
    assert.equal(file.path, PATH, `wrote ${file.path}`);
    assert.equal(JSON.stringify(file.proposed), JSON.stringify(edit.intended), `a write other than the intended one for ${JSON.stringify(written.answer)}`);
  }
}

const defined = editArb.filter((e): e is Edit => e !== undefined);

describe('edit dialect properties', () => {
  for (const [dialect, write] of Object.entries(WRITERS)) {
    it(`${dialect}: a random edit plans to exactly the edited text, or is refused with nothing changed`, () => {
      fc.assert(
        fc.property(defined, noiseArb, fc.nat(), (edit, noise, random) => intendedOrRefused(edit, write(edit, noise, 'none', random))),
        { numRuns: RUNS },
      );
    });

    it(`${dialect}: the same, with the whole block indented differently`, () => {
      fc.assert(
        fc.property(defined, fc.constantFrom<Shift>('dedent', 'deeper'), fc.nat(), (edit, shift, random) =>
          intendedOrRefused(edit, write(edit, { trailing: false, crlfAnswer: false, blankLines: false }, shift, random)),
        ),
        { numRuns: RUNS },
      );
    });
  }

  /** The answer with one name or number of its quoted text changed to one the file does not have. */
  function misquoted(edit: Edit, pick: number): Edit | undefined {
    const candidates = edit.search.flatMap((line, i) => (/[A-Za-z_]\w*|\d+/.test(line) ? [i] : []));
    const at = candidates[pick % Math.max(1, candidates.length)];
    if (at === undefined) return undefined;
    const line = edit.search[at] ?? '';
    const changed = line.replace(/[A-Za-z_]\w*|\d+/, (word) => (/^\d/.test(word) ? '9876' : 'zzWrong'));
    const search = edit.search.map((l, i) => (i === at ? changed : l));
    // The REPLACE side keeps the file's line where it quoted it unchanged, as the model would.
    return { ...edit, search, replace: edit.replace };
  }

  const BROKEN_MARKERS: readonly (readonly [RegExp, string])[] = [
    [/^<<<<<<< SEARCH$/m, '<<-- SEARCH'],
    [/^<<<<<<< SEARCH$/m, '<<<<<<<SEARCH'],
    [/^------- SEARCH$/m, '-- SEARCH'],
    [/^------- SEARCH$/m, '-------SEARCH'],
    [/^=======$/m, '======= '],
    [/^=======\n/m, ''],
    [/^>>>>>>> REPLACE$/m, '>>>>>>>REPLACE'],
    [/^>>>>>>> REPLACE\n/m, ''],
    [/^\+\+\+\+\+\+\+ REPLACE$/m, '+++ REPLACE'],
    [/^\+\+\+\+\+\+\+ REPLACE\n/m, ''],
    [/^\*\*\* End Patch\n/m, ''],
    [/^@@ .*$/m, '@ -1 +1 @'],
    [/^--- a\//m, '-- a/'],
  ];

  for (const [dialect, write] of Object.entries(WRITERS)) {
    it(`${dialect}: a near miss (a misquoted name, a damaged marker) never writes anything but the intended text`, () => {
      fc.assert(
        fc.property(defined, fc.boolean(), fc.nat(), fc.nat(), (edit, misquote, pick, random) => {
          const quiet = { trailing: false, crlfAnswer: false, blankLines: false };
          if (misquote) {
            const near = misquoted(edit, pick);
            fc.pre(near !== undefined);
            neverAnotherWrite(edit, write(near!, quiet, 'none', random));
            return;
          }
          const written = write(edit, quiet, 'none', random);
          const applicable = BROKEN_MARKERS.filter(([pattern]) => pattern.test(written.answer));
          fc.pre(applicable.length > 0);
          const [pattern, replacement] = applicable[pick % applicable.length]!;
          neverAnotherWrite(edit, { ...written, answer: written.answer.replace(pattern, replacement) });
        }),
        { numRuns: RUNS },
      );
    });
  }
});
