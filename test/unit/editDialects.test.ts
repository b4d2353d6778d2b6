// Runs the dialect table (editDialects.cases.ts): each answer parsed and planned against its files, and the plan
// compared with what the contract says must happen.
import * as assert from 'node:assert/strict';
import { parseEdits } from '../../src/core/edits/parse';
import { planEdits } from '../../src/core/edits/plan';
import { DIALECTS, DIALECT_CASES } from './editDialects.cases';
import type { DialectCase } from './editDialects.cases';
import { firstDifference } from './firstDifference';

function check(c: DialectCase): void {
  const plan = planEdits(parseEdits(c.answer), (path) => c.files[path], c.options ?? {});
  const reasons = plan.refused.map((r) => r.reason);
  const context = `refusals: ${JSON.stringify(reasons)}`;
  const expected = c.expect.files ?? {};
  const planned = plan.files.map((f) => f.path);
  assert.deepEqual([...planned].sort(), Object.keys(expected).sort(), `files changed; ${context}`);
  for (const edit of plan.files) {
    const text = expected[edit.path] ?? '';
    assert.ok(edit.proposed === text, `${edit.path}: ${firstDifference(edit.proposed, text)}; ${context}`);
  }
  const wanted = c.expect.refused;
  if (wanted === undefined) {
    assert.deepEqual(reasons, [], 'refusals');
    return;
  }
  assert.ok(reasons.length > 0, 'expected a refusal, got none');
  for (const part of wanted) {
    assert.ok(
      reasons.some((reason) => reason.toLowerCase().includes(part.toLowerCase())),
      `no refusal says "${part}"; ${context}`,
    );
  }
}

describe('edit dialects', () => {
  it('has at least 150 cases, several for every dialect, with unique names', () => {
    assert.ok(DIALECT_CASES.length >= 150, `only ${DIALECT_CASES.length} cases`);
    for (const dialect of DIALECTS) {
      const count = DIALECT_CASES.filter((c) => c.dialect === dialect).length;
      assert.ok(count >= 5, `${dialect} has only ${count} cases`);
    }
    const names = DIALECT_CASES.map((c) => `${c.dialect}: ${c.name}`);
    assert.equal(new Set(names).size, names.length, 'case names repeat');
    for (const c of DIALECT_CASES) {
      assert.ok(c.expect.files !== undefined || c.expect.refused !== undefined, `${c.name} expects nothing`);
    }
  });

  for (const c of DIALECT_CASES) it(`${c.dialect}: ${c.name}`, () => check(c));
});
