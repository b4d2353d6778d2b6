// The edit corpus: realistic model answers as files (test/fixtures/edits/<case>/answer.md), the workspace files they
// were written against (before/), and the exact text each changed file must end up with (after/). A file in before/
// and not in after/ must stay unchanged; meta.json lists refusals the case expects and the editor state it assumes.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseEdits } from '../../src/core/edits/parse';
import { planEdits } from '../../src/core/edits/plan';
import { firstDifference } from './firstDifference';

// Tests run from the repository root (as npm test does), wherever the bundle lands.
const ROOT = join(process.cwd(), 'test', 'fixtures', 'edits');

interface Meta {
  /** Each must be found (case-insensitively) in the reason of some refusal. */
  readonly refused?: readonly string[];
  readonly active?: string;
  readonly selection?: readonly [number, number];
  readonly fuzzyThreshold?: number;
}

/** Every file under `dir`, by its path relative to `dir` with forward slashes, and its exact text. */
function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

function readMeta(dir: string): Meta {
  const file = join(dir, 'meta.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Meta) : {};
}

const cases = readdirSync(ROOT)
  .filter((name) => statSync(join(ROOT, name)).isDirectory())
  .sort();

describe('edit corpus', () => {
  it('has at least 44 cases, each with an answer and an expectation', () => {
    assert.ok(cases.length >= 44, `only ${cases.length} cases`);
    for (const name of cases) {
      const dir = join(ROOT, name);
      assert.ok(existsSync(join(dir, 'answer.md')), `${name} has no answer.md`);
      const expectsSomething = existsSync(join(dir, 'after')) || (readMeta(dir).refused ?? []).length > 0;
      assert.ok(expectsSomething, `${name} expects neither a change nor a refusal`);
    }
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(ROOT, name);
      const answer = readFileSync(join(dir, 'answer.md'), 'utf8');
      const before = filesUnder(join(dir, 'before'));
      const after = filesUnder(join(dir, 'after'));
      const meta = readMeta(dir);
      const options = {
        ...(meta.fuzzyThreshold === undefined ? {} : { fuzzyThreshold: meta.fuzzyThreshold }),
        ...(meta.active === undefined ? {} : { activePath: meta.active }),
        ...(meta.selection === undefined ? {} : { selection: meta.selection }),
      };
      const plan = planEdits(parseEdits(answer), (path) => before.get(path), options);
      const reasons = plan.refused.map((r) => r.reason);

      const planned = plan.files.map((f) => f.path);
      assert.deepEqual([...planned].sort(), [...after.keys()].sort(), `files changed; refusals: ${JSON.stringify(reasons)}`);
      assert.equal(new Set(planned).size, planned.length, 'one FileEdit per file');
      for (const edit of plan.files) {
        const expected = after.get(edit.path) ?? '';
        assert.ok(edit.proposed === expected, `${edit.path}: ${firstDifference(edit.proposed, expected)}`);
        assert.equal(edit.isNew, !before.has(edit.path), `${edit.path}: isNew`);
        assert.equal(edit.base, before.get(edit.path) ?? '', `${edit.path}: base`);
      }

      const wanted = meta.refused ?? [];
      for (const part of wanted) {
        assert.ok(
          reasons.some((reason) => reason.toLowerCase().includes(part.toLowerCase())),
          `no refusal says "${part}"; refusals: ${JSON.stringify(reasons)}`,
        );
      }
      if (wanted.length === 0) assert.deepEqual(reasons, [], 'refusals');
    });
  }
});
