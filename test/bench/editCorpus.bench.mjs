// edit_corpus_wrong and edit_corpus_applied_pct: every answer of the dialect table (test/unit/editDialects.cases.ts)
// and of the directory corpus (test/fixtures/edits/<case>/), parsed and planned. A wrong case is one whose plan
// writes any file text other than the expected one: the worst bug, so the target is none. Refusing where a change
// was expected is not wrong, only a change missed; the share of expected changes that come out exactly is the
// figure to watch.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { projectRoot } from '../host/workbench.mjs';
import { round } from './stats.mjs';

/** Every file under `dir`, by its path relative to `dir` with forward slashes, and its exact text. */
function filesUnder(dir) {
  const files = {};
  if (!existsSync(dir)) return files;
  const walk = (at) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** The directory corpus in the table's shape: answer, files before, and the files after (or the refusals). */
function directoryCases() {
  const root = join(projectRoot, 'test', 'fixtures', 'edits');
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const meta = existsSync(join(dir, 'meta.json')) ? JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) : {};
      const after = filesUnder(join(dir, 'after'));
      const options = {
        ...(meta.fuzzyThreshold === undefined ? {} : { fuzzyThreshold: meta.fuzzyThreshold }),
        ...(meta.active === undefined ? {} : { activePath: meta.active }),
        ...(meta.selection === undefined ? {} : { selection: meta.selection }),
      };
      return {
        name: `fixtures/${name}`,
        answer: readFileSync(join(dir, 'answer.md'), 'utf8'),
        files: filesUnder(join(dir, 'before')),
        expect: Object.keys(after).length > 0 ? { files: after } : { refused: meta.refused ?? [] },
        options,
      };
    });
}

export async function measure({ log }) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-edit-corpus-'));
  try {
    const outfile = join(dir, 'corpus.cjs');
    await build({
      stdin: {
        contents:
          "export { DIALECT_CASES } from './test/unit/editDialects.cases'; export { parseEdits } from './src/core/edits/parse'; export { planEdits } from './src/core/edits/plan';",
        resolveDir: projectRoot,
        loader: 'ts',
      },
      bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning',
    });
    const { DIALECT_CASES, parseEdits, planEdits } = createRequire(import.meta.url)(outfile);
    const cases = [...DIALECT_CASES.map((c) => ({ ...c, name: `${c.dialect}: ${c.name}` })), ...directoryCases()];

    const wrong = [];
    const missed = [];
    let expectingChange = 0;
    let applied = 0;
    for (const c of cases) {
      let plan;
      try {
        plan = planEdits(parseEdits(c.answer), (path) => c.files[path], c.options ?? {});
      } catch (error) {
        // A throw writes nothing, but no input may make the pipeline throw: count it as a miss and say so.
        missed.push(`${c.name} (threw: ${error instanceof Error ? error.message : String(error)})`);
        if (c.expect.files) expectingChange++;
        continue;
      }
      const expected = c.expect.files ?? {};
      const bad = plan.files.filter((f) => expected[f.path] === undefined || f.proposed !== expected[f.path]);
      if (bad.length > 0) wrong.push(`${c.name} (${bad.map((f) => f.path).join(', ')})`);
      if (c.expect.files) {
        expectingChange++;
        const exact = bad.length === 0 && Object.keys(expected).every((path) => plan.files.some((f) => f.path === path));
        if (exact) applied++;
        else if (bad.length === 0) missed.push(c.name);
      }
    }
    const appliedPct = expectingChange === 0 ? 100 : (100 * applied) / expectingChange;
    log(`${cases.length} cases: ${wrong.length} wrong, ${applied} of ${expectingChange} expected changes applied exactly (${appliedPct.toFixed(1)}%)`);
    for (const name of wrong) log(`wrong: ${name}`);
    for (const name of missed) log(`missed: ${name}`);
    return {
      edit_corpus_wrong: { value: wrong.length, unit: 'cases', target: { max: 0 }, description: 'answers of the dialect table and the fixture corpus whose plan writes a file text other than the expected one' },
      edit_corpus_applied_pct: { value: round(appliedPct), unit: '%', description: 'of the cases that expect a change, the share planned to exactly that change (refusing one is a miss, not a wrong write)' },
      edit_corpus_cases: { value: cases.length, unit: 'cases', description: 'answers in the dialect table and the fixture corpus' },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
