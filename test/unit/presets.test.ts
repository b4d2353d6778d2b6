import * as assert from 'node:assert/strict';
import { customPresets, explainQuestion, fixQuestion, refactorQuestion, testFilePath } from '../../src/core/refactor/presets';

const scope = { path: 'src/csv.ts', startLine: 2, endLine: 19, what: 'the function parseRow' };

describe('refactor presets and questions', () => {
  it('takes the person’s presets from settings, skipping anything that is not a label and a prompt', () => {
    assert.deepEqual(
      customPresets([{ label: ' Early returns ', prompt: 'Use early returns.' }, { label: 'no prompt' }, 'text', null, { label: '', prompt: 'x' }]),
      [{ label: 'Early returns', prompt: 'Use early returns.' }],
    );
    assert.deepEqual(customPresets('not a list'), []);
  });

  it('asks for one block that replaces exactly the lines it names', () => {
    const question = refactorQuestion('Simplify this code.', scope);
    assert.match(question, /^Simplify this code\.\n\nApply it to the function parseRow \(lines 2–19 of src\/csv\.ts\)/);
    assert.match(question, /one fenced code block holding the complete new text for exactly those lines/);
    assert.match(fixQuestion({ message: "Cannot find name 'x'.", line: 7, source: 'ts' }, scope), /^Fix this problem in src\/csv\.ts at line 7: Cannot find name 'x'\. \(ts\)/);
    assert.match(explainQuestion(scope), /^Explain the function parseRow \(lines 2–19 of src\/csv\.ts\)/);
  });

  it('names a test file the way the project already does', () => {
    assert.equal(testFilePath('src/csv.ts', ['src/other.test.ts']), 'src/csv.test.ts');
    assert.equal(testFilePath('src/csv.ts', ['src/a.spec.ts', 'src/b.spec.ts', 'src/c.test.ts']), 'src/csv.spec.ts');
    assert.equal(testFilePath('src/csv.ts', ['test/unit/a.test.ts', 'test/unit/b.test.ts']), 'test/unit/csv.test.ts');
    assert.equal(testFilePath('src/csv.ts', []), 'src/csv.test.ts');
    assert.equal(testFilePath('app/report.py', ['tests/test_models.py']), 'tests/test_report.py');
    assert.equal(testFilePath('app/report.py', []), 'app/test_report.py');
    assert.equal(testFilePath('pkg/parse.go', []), 'pkg/parse_test.go');
  });
});
