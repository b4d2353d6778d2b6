import * as assert from 'node:assert/strict';
import { editBlocksFor } from '../../src/core/corrections/answer';
import { buildExample, isCorrectionExample } from '../../src/core/corrections/example';
import type { CorrectionExample, CorrectionSource, CorrectionSourceFile } from '../../src/core/corrections/example';
import { exportChat, exportPreferences, validateMessages } from '../../src/core/corrections/export';
import type { ExportGuard } from '../../src/core/corrections/export';
import { lessonText, selectLessons } from '../../src/core/corrections/lessons';
import { estimateTokens } from '../../src/core/chat/prompt';
import { hunksOf } from '../../src/core/edits/hunks';
import type { HunkStatus } from '../../src/core/edits/proposal';
import { parseEdits } from '../../src/core/edits/parse';
import { planEdits } from '../../src/core/edits/plan';
import type { ChatMessage } from '../../src/core/model/types';

const CSV = [
  'export function parseRow(line: string): string[] {',
  '  const fields: string[] = [];',
  "  let current = '';",
  '  for (let i = 0; i < line.length - 1; i++) {',
  "    if (line[i] === ',') {",
  '      fields.push(current);',
  "      current = '';",
  '    } else {',
  '      current += line[i];',
  '    }',
  '  }',
  '  return fields;',
  '}',
  '',
  'export function parseCsv(text: string): string[][] {',
  "  return text.split('\\n').map(parseRow);",
  '}',
  '',
].join('\n');

const ANSWER = [
  'The loop stops one character early (`i < line.length - 1`), and the last field is never pushed.',
  '',
  '```ts src/csv.ts',
  '<<<<<<< SEARCH',
  '  for (let i = 0; i < line.length - 1; i++) {',
  '=======',
  '  for (let i = 0; i < line.length; i++) {',
  '>>>>>>> REPLACE',
  '<<<<<<< SEARCH',
  '  return fields;',
  '}',
  '=======',
  '  fields.push(current);',
  '  return fields;',
  '}',
  '>>>>>>> REPLACE',
  '```',
  '',
  'I also split on `\\r?\\n` so that files with Windows line endings work:',
  '',
  '```ts src/csv.ts',
  '<<<<<<< SEARCH',
  "  return text.split('\\n').map(parseRow);",
  '=======',
  "  return text.split(/\\r?\\n/).map(parseRow);",
  '>>>>>>> REPLACE',
  '```',
  '',
].join('\n');

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are Parley, a coding assistant.' },
  { role: 'user', content: `File src/csv.ts:\n\`\`\`typescript\n${CSV}\n\`\`\`\n\nQuestion:\nWhy does parseRow drop the last field?` },
];

/** The model's text for each file, as the planner makes it from the answer. */
function modelTextOf(answer: string, files: Record<string, string>): Record<string, string> {
  const plan = planEdits(parseEdits(answer), (path) => files[path], {});
  assert.deepEqual(plan.refused.map((r) => r.reason), []);
  return Object.fromEntries(plan.files.map((f) => [f.path, f.proposed]));
}

/** A file of a decided proposal: each hunk of hunksOf(base, proposed) gets the decision at its index (default accepted). */
function decided(
  path: string,
  base: string,
  modelText: string,
  proposed: string = modelText,
  decisions: readonly HunkStatus[] = [],
  isNew = false,
): CorrectionSourceFile {
  const status: Record<string, HunkStatus> = {};
  hunksOf(base, proposed).forEach((hunk, i) => (status[hunk.id] = decisions[i] ?? 'accepted'));
  return { path, languageId: 'typescript', isNew, base, modelText, proposed, status };
}

function source(files: CorrectionSourceFile[], answer = ANSWER, messages: ChatMessage[] = MESSAGES): CorrectionSource {
  return { proposalId: 'p1', createdAt: 1_700_000_000_000, messages, answer, files };
}

const csvModel = (): string => modelTextOf(ANSWER, { 'src/csv.ts': CSV })['src/csv.ts']!;

describe('correction examples', () => {
  it('a proposal accepted as the model wrote it is an accepted example whose corrected answer is the answer', () => {
    const example = buildExample(source([decided('src/csv.ts', CSV, csvModel())]));
    assert.equal(example?.kind, 'accepted');
    assert.equal(example?.correctedAnswer, ANSWER);
    assert.equal(example?.rebuilt, false);
    assert.deepEqual(example?.changes, []);
    assert.deepEqual(example?.paths, ['src/csv.ts']);
    assert.equal(example?.languageId, 'typescript');
    assert.ok(isCorrectionExample(example));
  });

  it('changing one line of a REPLACE in the proposal side corrects exactly that line of the answer', () => {
    const model = csvModel();
    const proposed = model.replace('  fields.push(current);\n  return', '  fields.push(current.trim());\n  return');
    const example = buildExample(source([decided('src/csv.ts', CSV, model, proposed)]));
    assert.equal(example?.kind, 'corrected');
    assert.equal(example?.rebuilt, false);
    assert.equal(example?.correctedAnswer, ANSWER.replace('=======\n  fields.push(current);', '=======\n  fields.push(current.trim());'));
    assert.equal(example?.modelAnswer, ANSWER);
    assert.deepEqual(example?.changes, [
      {
        path: 'src/csv.ts',
        model: ['    }', '  }', '  fields.push(current);', '  return fields;', '}'].join('\n'),
        accepted: ['    }', '  }', '  fields.push(current.trim());', '  return fields;', '}'].join('\n'),
      },
    ]);
  });

  it('a rejected hunk makes the example partial, and its REPLACE goes back to the base lines', () => {
    const model = csvModel();
    const example = buildExample(source([decided('src/csv.ts', CSV, model, model, ['accepted', 'accepted', 'rejected'])]));
    assert.equal(example?.kind, 'partial');
    assert.equal(example?.rebuilt, false);
    assert.equal(
      example?.correctedAnswer,
      ANSWER.replace("=======\n  return text.split(/\\r?\\n/).map(parseRow);", "=======\n  return text.split('\\n').map(parseRow);"),
    );
    assert.deepEqual(example?.changes.map((c) => c.accepted.includes("split('\\n')")), [true]);
  });

  it('a correction and a rejection in one proposal make it corrected, with both in the answer', () => {
    const model = csvModel();
    const proposed = model.replace('line.length; i++', 'line.length; i += 1');
    const example = buildExample(source([decided('src/csv.ts', CSV, model, proposed, ['accepted', 'accepted', 'rejected'])]));
    assert.equal(example?.kind, 'corrected');
    const expected = ANSWER.replace('=======\n  for (let i = 0; i < line.length; i++) {', '=======\n  for (let i = 0; i < line.length; i += 1) {').replace(
      "=======\n  return text.split(/\\r?\\n/).map(parseRow);",
      "=======\n  return text.split('\\n').map(parseRow);",
    );
    assert.equal(example?.correctedAnswer, expected);
  });

  it('nothing accepted is a rejected example', () => {
    const model = csvModel();
    const example = buildExample(source([decided('src/csv.ts', CSV, model, model, ['rejected', 'rejected', 'rejected'])]));
    assert.equal(example?.kind, 'rejected');
    // Every REPLACE says what its SEARCH says: the answer corrected to change nothing.
    const unchanged = ANSWER.replace('=======\n  for (let i = 0; i < line.length; i++) {', '=======\n  for (let i = 0; i < line.length - 1; i++) {')
      .replace('=======\n  fields.push(current);\n', '=======\n')
      .replace("=======\n  return text.split(/\\r?\\n/).map(parseRow);", "=======\n  return text.split('\\n').map(parseRow);");
    assert.equal(example?.correctedAnswer, unchanged);
  });

  it('a rejected function added at the end of the file is taken out of its REPLACE', () => {
    const answer = [
      'Add a writer:',
      '',
      '```ts src/csv.ts',
      '<<<<<<< SEARCH',
      'export function parseCsv(text: string): string[][] {',
      "  return text.split('\\n').map(parseRow);",
      '}',
      '=======',
      'export function parseCsv(text: string): string[][] {',
      "  return text.split('\\n').map(parseRow);",
      '}',
      '',
      'export function writeCsv(rows: string[][]): string {',
      "  return rows.map((r) => r.join(',')).join('\\n');",
      '}',
      '>>>>>>> REPLACE',
      '```',
    ].join('\n');
    const model = modelTextOf(answer, { 'src/csv.ts': CSV })['src/csv.ts']!;
    const example = buildExample(source([decided('src/csv.ts', CSV, model, model, ['rejected'])], answer));
    assert.equal(example?.kind, 'rejected');
    assert.equal(example?.rebuilt, false);
    const lines = answer.split('\n');
    assert.equal(example?.correctedAnswer, [...lines.slice(0, 11), ...lines.slice(15)].join('\n'));
  });

  it('a rejected insertion the diff places across a blank line is still found in its REPLACE', () => {
    const base = ['function a() {', '  return 1;', '}', '', 'function c() {', '  return 3;', '}', ''].join('\n');
    const search = ['function a() {', '  return 1;', '}'];
    const replace = [...search, '', 'function b() {', '  return 2;', '}'];
    const answer = ['```js src/a.js', '<<<<<<< SEARCH', ...search, '=======', ...replace, '>>>>>>> REPLACE', '```'].join('\n');
    const model = modelTextOf(answer, { 'src/a.js': base })['src/a.js']!;
    const example = buildExample(source([decided('src/a.js', base, model, model, ['rejected'])], answer));
    assert.equal(example?.rebuilt, false);
    assert.equal(example?.correctedAnswer, ['```js src/a.js', '<<<<<<< SEARCH', ...search, '=======', ...search, '>>>>>>> REPLACE', '```'].join('\n'));
  });

  it('a change placed in another file’s block is caught by replaying the answer, which is then rebuilt', () => {
    // The person edits a line the model did not touch; it is not in csv.ts's blocks, only in an example file's.
    const answer = `${ANSWER}\nFor example:\n\n\`\`\`ts docs/example.ts\n      current += line[i];\n\`\`\`\n`;
    const model = modelTextOf(answer, { 'src/csv.ts': CSV })['src/csv.ts']!;
    const proposed = model.replace('current += line[i];', 'current += line.charAt(i);');
    const example = buildExample(source([decided('src/csv.ts', CSV, model, proposed)], answer));
    assert.equal(example?.kind, 'corrected');
    assert.equal(example?.rebuilt, true);
    assert.ok(example?.correctedAnswer.includes('current += line.charAt(i);'));
    assert.ok(example?.correctedAnswer.startsWith('The loop stops one character early'));
    const replayed = planEdits(parseEdits(example?.correctedAnswer ?? ''), (path) => (path === 'src/csv.ts' ? CSV : undefined), {});
    assert.equal(replayed.files.find((f) => f.path === 'src/csv.ts')?.proposed, proposed);
  });

  it('a CRLF file is corrected in the answer’s own line breaks', () => {
    const crlf = CSV.replace(/\n/g, '\r\n');
    const model = modelTextOf(ANSWER, { 'src/csv.ts': crlf })['src/csv.ts']!;
    assert.ok(model.includes('\r\n'));
    const proposed = model.replace('  fields.push(current);\r\n  return', '  fields.push(current.trim());\r\n  return');
    const example = buildExample(source([decided('src/csv.ts', crlf, model, proposed)]));
    assert.equal(example?.kind, 'corrected');
    assert.equal(example?.correctedAnswer, ANSWER.replace('=======\n  fields.push(current);', '=======\n  fields.push(current.trim());'));
  });

  it('a new file the person corrected is corrected inside its block', () => {
    const answer = [
      'Add a helper:',
      '',
      '```ts src/util.ts',
      '<<<<<<< SEARCH',
      '=======',
      'export function clamp(x: number, lo: number, hi: number): number {',
      '  return Math.min(Math.max(x, lo), hi);',
      '}',
      '>>>>>>> REPLACE',
      '```',
    ].join('\n');
    const model = modelTextOf(answer, {})['src/util.ts']!;
    const proposed = model.replace('export function', 'export const clamp = (x: number, lo: number, hi: number): number =>\n  Math.min(Math.max(x, lo), hi);\n// old:\nexport function');
    const example = buildExample(source([decided('src/util.ts', '', model, proposed, [], true)], answer));
    assert.equal(example?.kind, 'corrected');
    assert.equal(example?.rebuilt, false);
    assert.equal(
      example?.correctedAnswer,
      answer.replace('=======\nexport function', '=======\nexport const clamp = (x: number, lo: number, hi: number): number =>\n  Math.min(Math.max(x, lo), hi);\n// old:\nexport function'),
    );
  });

  it('a correction in a block indented inside a list item keeps the block’s indentation', () => {
    const answer = [
      '1. Fix the loop bound:',
      '',
      '   ```ts src/csv.ts',
      '   <<<<<<< SEARCH',
      '     for (let i = 0; i < line.length - 1; i++) {',
      '   =======',
      '     for (let i = 0; i < line.length; i++) {',
      '   >>>>>>> REPLACE',
      '   ```',
    ].join('\n');
    const model = modelTextOf(answer, { 'src/csv.ts': CSV })['src/csv.ts']!;
    const proposed = model.replace('i < line.length; i++', 'i < line.length; i += 1');
    const example = buildExample(source([decided('src/csv.ts', CSV, model, proposed)], answer));
    assert.equal(example?.correctedAnswer, answer.replace('   =======\n     for (let i = 0; i < line.length; i++) {', '   =======\n     for (let i = 0; i < line.length; i += 1) {'));
  });

  it('a correction that cannot be found in the answer rebuilds it from the prose and fresh SEARCH/REPLACE blocks', () => {
    // A unified diff: its lines carry +/- prefixes, so the model's lines are not found as file text.
    const answer = [
      'Stop one later:',
      '',
      '```diff',
      '--- a/src/csv.ts',
      '+++ b/src/csv.ts',
      '@@ -4,1 +4,1 @@',
      '-  for (let i = 0; i < line.length - 1; i++) {',
      '+  for (let i = 0; i < line.length; i++) {',
      '```',
      '',
      'That is all.',
    ].join('\n');
    const model = modelTextOf(answer, { 'src/csv.ts': CSV })['src/csv.ts']!;
    const proposed = model.replace('i < line.length; i++', 'i < line.length; i += 1');
    const example = buildExample(source([decided('src/csv.ts', CSV, model, proposed)], answer));
    assert.equal(example?.rebuilt, true);
    assert.equal(
      example?.correctedAnswer,
      [
        'Stop one later:',
        '',
        'That is all.',
        '',
        '```typescript src/csv.ts',
        '<<<<<<< SEARCH',
        '  for (let i = 0; i < line.length - 1; i++) {',
        '=======',
        '  for (let i = 0; i < line.length; i += 1) {',
        '>>>>>>> REPLACE',
        '```',
      ].join('\n'),
    );
  });

  it('a source with no messages or no files makes no example, and odd input never throws', () => {
    assert.equal(buildExample(source([decided('src/csv.ts', CSV, csvModel())], ANSWER, [])), undefined);
    assert.equal(buildExample(source([])), undefined);
    const odd = { ...source([decided('src/csv.ts', CSV, csvModel())]), answer: undefined } as unknown as CorrectionSource;
    assert.equal(buildExample(odd)?.kind, 'accepted');
    const garbage = { proposalId: 1, createdAt: 'x', messages: [null, { role: 'user', content: 'q' }], answer: 7, files: [{ path: 'a.ts', base: 'x', modelText: 'y', proposed: 'y', status: { h9: 'accepted' } }] };
    assert.doesNotThrow(() => buildExample(garbage as unknown as CorrectionSource));
    assert.equal(buildExample(garbage as unknown as CorrectionSource)?.kind, 'rejected');
  });
});

describe('edit blocks rebuilt from a diff', () => {
  it('each change gets the least context that matches the base once, and replaying the blocks gives the accepted text', () => {
    const base = ['a', '}', 'b', '}', 'c', ''].join('\n');
    const accepted = ['a', '}', 'b', '}', 'c2', ''].join('\n');
    assert.equal(editBlocksFor('x.ts', 'ts', base, accepted), '```ts x.ts\n<<<<<<< SEARCH\nc\n=======\nc2\n>>>>>>> REPLACE\n```');
    const inserted = ['a', '}', 'b', '}', 'X', '}', 'c', ''].join('\n');
    const block = editBlocksFor('x.ts', 'ts', base, inserted);
    assert.equal(block, '```ts x.ts\n<<<<<<< SEARCH\n}\nc\n=======\n}\nX\n}\nc\n>>>>>>> REPLACE\n```');
    const plan = planEdits(parseEdits(block), () => base, {});
    assert.equal(plan.files[0]?.proposed, inserted);
  });

  it('a new file is one block with an empty SEARCH, and the same text gives no block', () => {
    assert.equal(editBlocksFor('n.py', 'python', '', 'x = 1\n'), '```python n.py\n<<<<<<< SEARCH\n=======\nx = 1\n>>>>>>> REPLACE\n```');
    assert.equal(editBlocksFor('n.py', 'python', 'x = 1\n', 'x = 1\r\n'), '');
  });
});

const noGuard: ExportGuard = { secrets: () => 0, excluded: () => undefined };

function example(overrides: Partial<CorrectionExample> = {}): CorrectionExample {
  return {
    version: 1,
    id: 'e1',
    createdAt: 1_700_000_000_000,
    kind: 'corrected',
    paths: ['src/csv.ts'],
    languageId: 'typescript',
    messages: MESSAGES,
    modelAnswer: 'model answer',
    correctedAnswer: 'corrected answer',
    rebuilt: false,
    changes: [{ path: 'src/csv.ts', model: 'return 10;', accepted: 'return 100;' }],
    ...overrides,
  };
}

describe('exporting corrections', () => {
  it('chat lines are the prompt messages then the corrected answer, one JSON object a line', () => {
    const result = exportChat([example(), example({ id: 'e2', kind: 'accepted', correctedAnswer: 'model answer' })], noGuard);
    const lines = result.text.split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(JSON.parse(lines[0]!), { messages: [...MESSAGES, { role: 'assistant', content: 'corrected answer' }] });
    assert.equal(result.written, 2);
    const contents = [...MESSAGES.map((m) => m.content), 'corrected answer', ...MESSAGES.map((m) => m.content), 'model answer'];
    assert.equal(result.tokens, contents.reduce((sum, c) => sum + estimateTokens(c), 0));
    assert.deepEqual(result.skipped, []);
  });

  it('a rejected example has no chat line, and says why', () => {
    const result = exportChat([example({ kind: 'rejected' })], noGuard);
    assert.equal(result.text, '');
    assert.deepEqual(result.skipped, [{ id: 'e1', reason: 'it was rejected, so it has no answer to learn from' }]);
  });

  it('preference pairs carry the prompt, the corrected answer as chosen and the model’s as rejected', () => {
    const result = exportPreferences(
      [example(), example({ id: 'e2', kind: 'accepted' }), example({ id: 'e3', kind: 'rejected', correctedAnswer: 'model answer' }), example({ id: 'e4', kind: 'rejected' })],
      noGuard,
    );
    const lines = result.text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    assert.deepEqual(lines[0], {
      prompt: MESSAGES,
      chosen: [{ role: 'assistant', content: 'corrected answer' }],
      rejected: [{ role: 'assistant', content: 'model answer' }],
    });
    assert.equal(result.written, 2);
    assert.deepEqual(result.skipped.map((s) => s.id), ['e2', 'e3']);
    assert.match(result.skipped[0]!.reason, /accepted as proposed/);
    assert.match(result.skipped[1]!.reason, /same as the model/);
  });

  it('messages out of order, an empty message or a secret the guard reports are skipped with a reason', () => {
    const twoQuestions = example({ id: 'order', messages: [MESSAGES[1]!, MESSAGES[1]!] });
    const empty = example({ id: 'empty', correctedAnswer: '  \n' });
    const secret = example({ id: 'secret', messages: [MESSAGES[0]!, { role: 'user', content: 'my key is sk-live-123' }] });
    const excluded = example({ id: 'excluded', messages: [{ role: 'user', content: 'File .env:\nA=1' }] });
    const guard: ExportGuard = {
      secrets: (text) => (text.includes('sk-live') ? 1 : 0),
      excluded: (text) => (text.startsWith('File .env:') ? '.env is excluded by Parley’s defaults for secrets' : undefined),
    };
    const result = exportChat([twoQuestions, empty, secret, excluded, example({ id: 'fine' })], guard);
    assert.equal(result.written, 1);
    assert.deepEqual(result.skipped, [
      { id: 'order', reason: 'its messages do not take turns (two questions in a row)' },
      { id: 'empty', reason: 'its answer is empty' },
      { id: 'secret', reason: 'its question contains something the secret scanner flags; delete this correction in the Corrections view' },
      { id: 'excluded', reason: 'its question holds text of an excluded file: .env is excluded by Parley’s defaults for secrets' },
    ]);
    assert.ok(!result.text.includes('sk-live'));
  });

  it('validateMessages checks how a line starts and ends', () => {
    assert.equal(validateMessages([{ role: 'assistant', content: 'a' }], noGuard), 'its conversation starts with an answer instead of a question');
    assert.equal(validateMessages([{ role: 'user', content: 'q' }], noGuard), 'it does not end with an answer');
    assert.equal(validateMessages([{ role: 'user', content: 'q' }], noGuard, { last: 'user' }), undefined);
    assert.equal(
      validateMessages([{ role: 'user', content: 'q' }, { role: 'system', content: 's' }, { role: 'assistant', content: 'a' }], noGuard),
      'it has a system prompt after the conversation started',
    );
    assert.equal(validateMessages([], noGuard), 'it has no messages');
  });
});

describe('lessons', () => {
  const now = 1_700_000_000_000;
  const day = 24 * 60 * 60 * 1000;
  const lesson = (id: string, languageId: string, path: string, age: number, kind: CorrectionExample['kind'] = 'corrected'): CorrectionExample =>
    example({ id, languageId, paths: [path], createdAt: now - age * day, kind, changes: [{ path, model: `old ${id}`, accepted: `new ${id}` }] });

  it('the same language comes first, then the nearer path, then the newer; plain accepts and rejects teach nothing', () => {
    const examples = [
      lesson('py-same-dir', 'python', 'src/csv/a.py', 1),
      lesson('ts-far-new', 'typescript', 'lib/other.ts', 1),
      lesson('ts-near-old', 'typescript', 'src/csv/b.ts', 30),
      lesson('ts-near-new', 'typescript', 'src/csv/c.ts', 2),
      lesson('ts-accepted', 'typescript', 'src/csv/parse.ts', 0, 'accepted'),
      lesson('ts-rejected', 'typescript', 'src/csv/parse.ts', 0, 'rejected'),
      lesson('ts-partial-same-file', 'typescript', 'src/csv/parse.ts', 60, 'partial'),
      lesson('ts-too-old', 'typescript', 'src/csv/parse.ts', 200),
    ];
    const chosen = selectLessons(examples, { languageId: 'typescript', path: 'src/csv/parse.ts', now, limit: 5, maxTokens: 10_000 });
    assert.deepEqual(chosen.map((e) => e.id), ['ts-partial-same-file', 'ts-near-new', 'ts-near-old', 'ts-far-new', 'py-same-dir']);
    assert.deepEqual(selectLessons(examples, { languageId: 'typescript', path: 'src/csv/parse.ts', now }).length, 3);
  });

  it('the lessons stay within the token budget, a long one giving way to a shorter one', () => {
    const long = example({ id: 'long', createdAt: now, changes: [{ path: 'src/a.ts', model: 'x'.repeat(2000), accepted: 'y'.repeat(2000) }] });
    const short = lesson('short', 'typescript', 'src/b.ts', 1);
    const chosen = selectLessons([long, short], { languageId: 'typescript', path: 'src/a.ts', now, maxTokens: 200 });
    assert.deepEqual(chosen.map((e) => e.id), ['short']);
    assert.ok(estimateTokens(lessonText(chosen)) <= 200);
    assert.deepEqual(selectLessons([long], { languageId: 'typescript', path: 'src/a.ts', now, maxTokens: 20 }), []);
  });

  it('the lesson text shows the question and the model’s lines before the person’s', () => {
    const text = lessonText([lesson('one', 'typescript', 'src/a.ts', 1)]);
    assert.equal(
      text,
      [
        'Corrections this person made to earlier proposals:',
        '',
        '1. Asked: "Why does parseRow drop the last field?"',
        'In src/a.ts the model proposed:',
        '```typescript\nold one\n```',
        'The person accepted instead:',
        '```typescript\nnew one\n```',
      ].join('\n'),
    );
    assert.equal(lessonText([]), '');
  });
});
