// `npm run test:electron`: the same integration suite under desktop VS Code, through @vscode/test-electron, for
// machines that can download VS Code. Where the download is impossible it fails fast and says so.
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies, root } from './deps.mjs';

ensureDependencies();
const { build } = await import('./build.mjs');
const { copyOfSampleWorkspace } = await import('../test/host/workbench.mjs');
const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');

const DOWNLOAD_TIMEOUT_MS = 60_000;

await build();
let vscodeExecutablePath;
try {
  // Downloading first, with a deadline, turns "no route to the update server" into one clear sentence.
  vscodeExecutablePath = await Promise.race([
    downloadAndUnzipVSCode({ cachePath: join(root, '.vscode-test', 'electron') }),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)), DOWNLOAD_TIMEOUT_MS)),
  ]);
} catch (err) {
  const reason = String(err?.message ?? err).split('\n')[0];
  console.error(
    `test:electron needs to download desktop VS Code from update.code.visualstudio.com and could not (${reason}).\n` +
      'On a machine without that access, run "npm test": it runs the same integration suite in a real VS Code (code-server).',
  );
  process.exit(1);
}

const workspace = copyOfSampleWorkspace();
const resultsFile = join(mkdtempSync(join(tmpdir(), 'parley-results-')), 'results.json');
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    extensionTestsEnv: { PARLEY_TEST_RESULTS: resultsFile },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (err) {
  console.error(`Desktop VS Code failed to run the tests: ${err?.message ?? err}`);
}
if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`integration (VS Code ${r.vscodeVersion}): ${r.passed} passed, ${r.failed} failed`);
}
rmSync(workspace, { recursive: true, force: true });
process.exit(code === 0 ? 0 : 1);
