// `npm test`: lint, type-check, build, then the three test levels, each summarised on one line that scripts can
// read. `npm test -- unit` (or integration, e2e) runs one level. Exits non-zero when anything fails or a level
// runs no test at all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies, root } from './deps.mjs';

ensureDependencies();

const { build } = await import('./build.mjs');
const { ensureTools, SetupError } = await import('../test/host/tools.mjs');
const { runInExtensionHost } = await import('../test/host/extensionHost.mjs');

const LEVELS = ['unit', 'integration', 'e2e'];
const asked = process.argv.slice(2).filter((a) => LEVELS.includes(a));
const levels = asked.length > 0 ? asked : LEVELS;
const checks = asked.length === 0;

const summary = [];
let failed = false;

function npx(bin, args) {
  return spawnSync(join(root, 'node_modules', '.bin', bin), args, { cwd: root, stdio: 'inherit' }).status === 0;
}

function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f));
}

/** Runs mocha in a child Node process over `files` and returns its counts. */
function mochaLevel(files, timeoutMs) {
  const results = join(mkdtempSync(join(tmpdir(), 'parley-results-')), 'results.json');
  spawnSync(process.execPath, [join(root, 'test', 'host', 'mocha.mjs'), '--results', results, '--timeout', String(timeoutMs), ...files], {
    cwd: root,
    stdio: 'inherit',
  });
  const counts = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { passed: 0, failed: 1 };
  rmSync(results, { force: true });
  return counts;
}

function record(label, counts) {
  const line = `${label}: ${counts.passed} passed, ${counts.failed} failed`;
  summary.push(line);
  if (counts.failed > 0 || counts.passed === 0) failed = true;
}

function toolsOrExplain() {
  try {
    ensureTools();
    return true;
  } catch (err) {
    console.error(err instanceof SetupError ? `\n${err.message}\n` : err);
    return false;
  }
}

if (checks) {
  console.log('\n== lint');
  const lint = npx('eslint', ['.']);
  summary.push(`lint: ${lint ? 'clean' : 'problems found'}`);
  console.log('\n== type-check');
  const types = npx('tsc', ['--noEmit', '-p', '.']);
  summary.push(`typecheck: ${types ? 'clean' : 'errors found'}`);
  failed ||= !lint || !types;
}

console.log('\n== build');
await build();

if (levels.includes('unit')) {
  console.log('\n== unit tests (Node)');
  record('unit', mochaLevel(filesUnder(join(root, 'out', 'test', 'unit'), '.test.js'), 10_000));
}

if (levels.includes('integration')) {
  console.log('\n== integration tests (inside VS Code\'s extension host)');
  if (toolsOrExplain()) {
    const grep = process.env.PARLEY_TEST_GREP;
    // Twice: in a trusted window, then in an untrusted one (Restricted Mode), each with its own suites.
    const runs = [];
    for (const trusted of [true, false]) {
      if (!trusted) console.log('\n== integration tests in Restricted Mode (an untrusted workspace)');
      const { code, results, timedOut } = await runInExtensionHost({
        testsPath: join(root, 'out', 'test', 'integration', 'index.js'),
        env: grep ? { PARLEY_TEST_GREP: grep } : {},
        trusted,
      });
      if (!results) console.error(timedOut ? 'The integration tests timed out.' : `The extension host ended (code ${code}) without reporting results.`);
      runs.push({ trusted, results });
    }
    // With a grep, a window whose suites all missed it is not a failure, as long as something ran.
    const ran = runs.filter((r) => !grep || !r.results || r.results.passed + r.results.failed > 0);
    for (const { trusted, results } of ran.length > 0 ? ran : runs) {
      record(`integration${trusted ? '' : ' in Restricted Mode'} (VS Code ${results?.vscodeVersion ?? 'unknown'})`, results ?? { passed: 0, failed: 1 });
    }
  } else {
    record('integration (VS Code unknown)', { passed: 0, failed: 1 });
  }
}

if (levels.includes('e2e')) {
  console.log('\n== end-to-end tests (the workbench in headless Chromium)');
  if (toolsOrExplain()) record('e2e', mochaLevel(filesUnder(join(root, 'test', 'e2e'), '.test.mjs'), 120_000));
  else record('e2e', { passed: 0, failed: 1 });
}

console.log('\n' + summary.join('\n'));
process.exit(failed ? 1 : 0);
