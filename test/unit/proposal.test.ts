import * as assert from 'node:assert/strict';
import { acceptedHunks, acceptHunks, isSettled, pendingHunks, proposalFile, rejectHunks, withProposedText } from '../../src/core/edits/proposal';

const base = ['function a() {', '  return 1;', '}', '', 'function b() {', '  return 2;', '}', ''].join('\n');
const model = base.replace('return 1;', 'return 10;').replace('return 2;', 'return 20;');

describe('proposals, hunk by hunk', () => {
  it('accepting one hunk applies only it, and rejecting the other settles the file', () => {
    let file = proposalFile('src/x.ts', base, model, false);
    assert.deepEqual(file.hunks.map((h) => h.id), ['h0', 'h1']);
    const first = acceptHunks(file, ['h0'], base);
    assert.equal(first.text, base.replace('return 1;', 'return 10;'));
    file = rejectHunks(first.file, ['h1']);
    assert.equal(pendingHunks(file).length, 0);
    assert.ok(isSettled({ id: 'p', turnId: 't', createdAt: 0, files: [file], refused: [] }));
  });

  it('a hunk accepted after another goes onto the document as it is now, the person’s typing kept', () => {
    const file = proposalFile('src/x.ts', base, model, false);
    const { file: after, text } = acceptHunks(file, ['h0'], base);
    const typed = `// my note\n${text ?? ''}`;
    const second = acceptHunks(after, ['h1'], typed);
    assert.equal(second.text, `// my note\n${model}`);
    assert.deepEqual(second.conflicts, []);
  });

  it('a hunk that collides with the person’s edit is a conflict and is not applied; the rest goes in', () => {
    const file = proposalFile('src/x.ts', base, model, false);
    const live = base.replace('return 1;', 'return 1; // checked by hand');
    const decision = acceptHunks(file, ['h0', 'h1'], live);
    assert.deepEqual(decision.conflicts, ['h0']);
    assert.equal(decision.file.status['h0'], 'conflict');
    assert.equal(decision.text, live.replace('return 2;', 'return 20;'));
  });

  it('a CRLF document stays CRLF when a hunk is accepted', () => {
    const crlf = base.replace(/\n/g, '\r\n');
    const file = proposalFile('src/x.ts', crlf, model, false);
    const { text } = acceptHunks(file, ['h0', 'h1'], crlf);
    assert.equal(text, model.replace(/\n/g, '\r\n'));
  });

  it('a new file is created whole from its one hunk', () => {
    const file = proposalFile('src/new.ts', '', 'export const x = 1;\n', true);
    const { text } = acceptHunks(file, file.hunks.map((h) => h.id), undefined);
    assert.equal(text, 'export const x = 1;\n');
  });

  it('the person’s correction of the proposal keeps the other hunk’s decision and is what gets applied', () => {
    let file = proposalFile('src/x.ts', base, model, false);
    file = rejectHunks(file, ['h1']);
    file = withProposedText(file, file.proposed.replace('return 10;', 'return 100;'));
    assert.equal(file.status['h1'], 'rejected');
    const { text, file: done } = acceptHunks(file, ['h0'], base);
    assert.equal(text, base.replace('return 1;', 'return 100;'));
    assert.deepEqual(acceptedHunks(done), [{ path: 'src/x.ts', baseStart: 1, baseLines: ['  return 1;'], modelLines: ['  return 10;'], acceptedLines: ['  return 100;'] }]);
  });

  it('when the correction reshapes a hunk, the model’s lines for the same stretch are still found', () => {
    let file = proposalFile('src/x.ts', base, model, false);
    // The person also changes the line after the model's hunk: one hunk now spans lines 2–3 of the base.
    file = withProposedText(file, file.proposed.replace('return 10;\n}', 'return 11;\n} // done'));
    const { file: done } = acceptHunks(file, [file.hunks[0]!.id], base);
    const [record] = acceptedHunks(done);
    assert.deepEqual(record?.baseLines, ['  return 1;', '}']);
    assert.deepEqual(record?.modelLines, ['  return 10;', '}']);
    assert.deepEqual(record?.acceptedLines, ['  return 11;', '} // done']);
  });
});
