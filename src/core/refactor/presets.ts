// What the refactor commands ask of the model: the presets (and the person's own, from settings), the question
// for a refactor of a selection or of the symbol around the cursor, the question that fixes a problem, and where a
// generated test file goes so that it follows the project's naming.

export interface RefactorPreset {
  readonly label: string;
  readonly prompt: string;
  /** Generates a new test file instead of rewriting the code. */
  readonly tests?: boolean;
}

export const BUILT_IN_PRESETS: readonly RefactorPreset[] = [
  { label: 'Simplify', prompt: 'Simplify this code without changing what it does.' },
  { label: 'Extract function', prompt: 'Extract the most self-contained part of this code into a well-named function, and call it from here.' },
  { label: 'Improve names', prompt: 'Give variables, parameters and functions clearer names. Change nothing else.' },
  { label: 'Add types', prompt: 'Add precise type annotations where they are missing. Do not change behaviour.' },
  { label: 'Add error handling', prompt: 'Handle the errors this code can meet, with clear messages. Do not change its normal behaviour.' },
  { label: 'Convert to async/await', prompt: 'Rewrite callbacks and promise chains with async/await. Keep the behaviour the same.' },
  { label: 'Add doc comments', prompt: 'Add short doc comments in the style of the language to the functions, classes and exported values.' },
  { label: 'Fix problems', prompt: 'Fix the problems reported in this code (listed with the context).' },
  { label: 'Generate tests', prompt: 'Write unit tests for this code.', tests: true },
];

/** The person's presets from `parley.refactorPresets`: anything that is not a label and a prompt is skipped. */
export function customPresets(setting: unknown): RefactorPreset[] {
  if (!Array.isArray(setting)) return [];
  return setting.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { label, prompt } = entry as Record<string, unknown>;
    return typeof label === 'string' && label.trim() !== '' && typeof prompt === 'string' && prompt.trim() !== '' ? [{ label: label.trim(), prompt: prompt.trim() }] : [];
  });
}

/** What is being refactored, as the question names it. */
export interface RefactorScope {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  /** "the selection", or the symbol around the cursor, e.g. "the function parseRow". */
  readonly what: string;
}

/**
 * The question for a rewrite: the instruction, what it applies to, and the answer's shape, one fenced block that
 * replaces exactly those lines (which Parley turns into a proposal).
 */
export function refactorQuestion(instruction: string, scope: RefactorScope): string {
  return [
    `${instruction.trim()}`,
    '',
    `Apply it to ${scope.what} (lines ${scope.startLine}–${scope.endLine} of ${scope.path}), shown in the context.`,
    'Answer with one fenced code block holding the complete new text for exactly those lines (every line written out, no placeholders), then one or two sentences on what changed.',
  ].join('\n');
}

export function testsQuestion(instruction: string, scope: RefactorScope, testPath: string): string {
  return [
    `${instruction.trim()}`,
    '',
    `The code under test is ${scope.what} (lines ${scope.startLine}–${scope.endLine} of ${scope.path}), shown in the context.`,
    `Put the tests in a new file ${testPath}: answer with one fenced code block labelled \`${testPath}\`, with a SEARCH/REPLACE block whose SEARCH is empty, using the test framework the project already uses if you can tell.`,
  ].join('\n');
}

/** The question for Fix with Parley: the problem, where it is; the code and context travel as context items. */
export function fixQuestion(problem: { readonly message: string; readonly line: number; readonly source?: string }, scope: RefactorScope): string {
  return [
    `Fix this problem in ${scope.path} at line ${problem.line}: ${problem.message}${problem.source ? ` (${problem.source})` : ''}`,
    '',
    `The code around it is ${scope.what} (lines ${scope.startLine}–${scope.endLine}), shown in the context.`,
    'Answer with one fenced code block holding the complete new text for exactly those lines (every line written out, no placeholders), then one sentence on the cause.',
  ].join('\n');
}

/**
 * Where tests for `path` go, following what the workspace already does: `x.test.ts` or `x.spec.ts` next to the
 * code (or under a `test/` or `tests/` folder when that is where the existing ones are), `test_x.py`, `x_test.go`.
 */
export function testFilePath(path: string, workspacePaths: readonly string[]): string {
  const slash = path.lastIndexOf('/');
  const dir = slash >= 0 ? path.slice(0, slash) : '';
  const file = path.slice(slash + 1);
  const dot = file.lastIndexOf('.');
  const name = dot > 0 ? file.slice(0, dot) : file;
  const ext = dot > 0 ? file.slice(dot) : '';
  const join = (folder: string, base: string) => (folder === '' ? base : `${folder}/${base}`);
  if (ext === '.py') {
    const testsDir = workspacePaths.find((p) => /(^|\/)tests?\/test_[^/]+\.py$/.test(p));
    return testsDir ? join(testsDir.slice(0, testsDir.lastIndexOf('/')), `test_${name}.py`) : join(dir, `test_${name}.py`);
  }
  if (ext === '.go') return join(dir, `${name}_test.go`);
  if (ext === '.rs') return join(dir, `${name}_tests.rs`);
  const ofKind = (kind: string) => workspacePaths.filter((p) => p.includes(`.${kind}.`));
  const kind = ofKind('spec').length > ofKind('test').length ? 'spec' : 'test';
  const existing = ofKind(kind);
  // Tests kept in a folder of their own (test/unit/x.test.ts): follow that, mirroring nothing more.
  const separate = existing.find((p) => /(^|\/)(test|tests|__tests__)\//.test(p));
  const nextToCode = existing.some((p) => !/(^|\/)(test|tests|__tests__)\//.test(p));
  if (separate && !nextToCode) return join(separate.slice(0, separate.lastIndexOf('/')), `${name}.${kind}${ext}`);
  return join(dir, `${name}.${kind}${ext}`);
}

/** The question behind Explain: what the code does and how, briefly, for someone about to change it. */
export function explainQuestion(scope: RefactorScope): string {
  return [
    `Explain ${scope.what} (lines ${scope.startLine}–${scope.endLine} of ${scope.path}), shown in the context.`,
    'Say what it does and how, in a few short paragraphs or a list: its inputs and result, the steps that matter, and anything surprising or likely to be a bug. Do not rewrite it unless asked.',
  ].join('\n');
}
