import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { editBlocksFor } from '../../src/core/corrections/answer';
import { buildExample } from '../../src/core/corrections/example';
import type { CorrectionExample } from '../../src/core/corrections/example';
import { exportChat, exportPreferences, validateMessages } from '../../src/core/corrections/export';
import type { ExportGuard } from '../../src/core/corrections/export';
import { applyHunks, hunksOf } from '../../src/core/edits/hunks';
import { sameLines } from '../../src/core/edits/layout';
import type { HunkStatus } from '../../src/core/edits/proposal';
import { parseEdits } from '../../src/core/edits/parse';
import { planEdits } from '../../src/core/edits/plan';
import type { ChatMessage } from '../../src/core/model/types';

// Texts that test the edges of JSON and validation: blanks, quotes, line breaks, non-ASCII, and a marker the guard
// below treats as a secret.
const text = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '\n', '"quoted"\n', 'line\r\nbreak', 'ünïcödé ✓ \u2028', 'SECRET sk-123', '{"json": true}'),
);
const message = fc.record({ role: fc.constantFrom<ChatMessage['role']>('system', 'user', 'assistant'), content: text });
const example = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 8 }),
    kind: fc.constantFrom<CorrectionExample['kind']>('corrected', 'partial', 'accepted', 'rejected'),
    messages: fc.oneof(
      fc.array(message, { maxLength: 5 }),
      // Well-formed prompts too, so that lines do get written.
      fc.tuple(text, text).map(([system, question]): ChatMessage[] => [
        { role: 'system', content: `sys ${system}` },
        { role: 'user', content: `q ${question}` },
      ]),
    ),
    modelAnswer: text,
    correctedAnswer: text,
  })
  .map(
    (e): CorrectionExample => ({ version: 1, createdAt: 0, paths: ['a.ts'], languageId: 'typescript', rebuilt: false, changes: [], ...e }),
  );
const guard: ExportGuard = { secrets: (t) => (t.includes('SECRET') ? 1 : 0), excluded: (t) => (t.includes('File .env:') ? '.env is excluded' : undefined) };

describe('exporting corrections (properties)', () => {
  it('every chat line parses as JSON and passes validation, and every example is either written or skipped', () => {
    fc.assert(
      fc.property(fc.array(example, { maxLength: 6 }), (examples) => {
        const result = exportChat(examples, guard);
        const lines = result.text === '' ? [] : result.text.slice(0, -1).split('\n');
        assert.ok(result.text === '' || result.text.endsWith('\n'));
        assert.equal(lines.length, result.written);
        assert.equal(result.written + result.skipped.length, examples.length);
        for (const line of lines) {
          const parsed = JSON.parse(line) as { messages: ChatMessage[] };
          assert.deepEqual(Object.keys(parsed), ['messages']);
          assert.equal(validateMessages(parsed.messages, guard), undefined);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('every preference line parses, its prompt ends with a question and both answers pass validation', () => {
    fc.assert(
      fc.property(fc.array(example, { maxLength: 6 }), (examples) => {
        const result = exportPreferences(examples, guard);
        const lines = result.text === '' ? [] : result.text.slice(0, -1).split('\n');
        assert.equal(lines.length, result.written);
        for (const line of lines) {
          const { prompt, chosen, rejected } = JSON.parse(line) as Record<'prompt' | 'chosen' | 'rejected', ChatMessage[]>;
          assert.equal(validateMessages(prompt, guard, { last: 'user' }), undefined);
          assert.equal(validateMessages([...prompt, ...chosen], guard), undefined);
          assert.equal(validateMessages([...prompt, ...rejected], guard), undefined);
          assert.notEqual(chosen[0]?.content, rejected[0]?.content);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// Few distinct lines, so that the answer's code repeats ('}', blank lines, the same statement twice).
const WORDS = ['}', '', 'x = 1;', 'y = 2;', 'return x;', 'if (a) {', 'foo();'];
const codeLine = fc.tuple(fc.constantFrom('', '  ', '    '), fc.constantFrom(...WORDS)).map(([indent, word]) => (word === '' ? '' : indent + word));
const lines = (max: number) => fc.array(codeLine, { minLength: 1, maxLength: max });

/** Replaces lines [from, from + remove) with `insert` (positions taken modulo the length). */
const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.array(codeLine, { maxLength: 3 }) });
function applyEdit(source: readonly string[], e: { at: number; remove: number; insert: string[] }): string[] {
  const at = e.at % (source.length + 1);
  return [...source.slice(0, at), ...e.insert, ...source.slice(at + e.remove)];
}

describe('corrected answers (properties)', () => {
  it('replaying the corrected answer on the base gives exactly what the person accepted', () => {
    fc.assert(
      fc.property(
        lines(16),
        edit,
        edit,
        fc.array(fc.constantFrom<HunkStatus>('accepted', 'rejected'), { maxLength: 6 }),
        fc.constantFrom('Here is the fix:', ''),
        (baseLines, modelEdit, personEdit, decisions, prose) => {
          const base = `${baseLines.join('\n')}\n`;
          const modelText = `${applyEdit(baseLines, modelEdit).join('\n')}\n`;
          const blocks = editBlocksFor('src/a.ts', 'ts', base, modelText);
          fc.pre(blocks !== '');
          const answer = `${prose}\n\n${blocks}\n`;
          const proposed = `${applyEdit(modelText.split('\n').slice(0, -1), personEdit).join('\n')}\n`;
          const hunks = hunksOf(base, proposed);
          const status: Record<string, HunkStatus> = {};
          hunks.forEach((h, i) => (status[h.id] = decisions[i] ?? 'accepted'));
          const accepted = applyHunks(base, hunks, new Set(hunks.filter((h) => status[h.id] === 'accepted').map((h) => h.id)));
          const result = buildExample({
            proposalId: 'p',
            createdAt: 0,
            messages: [{ role: 'user', content: 'fix it' }],
            answer,
            files: [{ path: 'src/a.ts', languageId: 'typescript', isNew: false, base, modelText, proposed, status }],
          });
          assert.ok(result);
          const plan = planEdits(parseEdits(result.correctedAnswer), (path) => (path === 'src/a.ts' ? base : undefined), {});
          const replayed = plan.files.find((f) => f.path === 'src/a.ts')?.proposed ?? base;
          assert.ok(sameLines(replayed, accepted), `replayed:\n${replayed}\nwanted:\n${accepted}\nanswer:\n${result.correctedAnswer}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
