// Runs a tests module inside the real VS Code extension host: starts code-server, opens the workbench in headless
// Chromium with Parley as the development extension and `testsPath` as its tests, and waits for the workbench to
// report the tests' exit code. The tests module writes its results to $PARLEY_TEST_RESULTS. With `trusted: false`
// the folder opens untrusted, in Restricted Mode, and the tests module is told so ($PARLEY_TEST_WINDOW=untrusted).
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { startCodeServer, launchBrowser, copyOfSampleWorkspace } from './workbench.mjs';

// The workbench forwards its own console too; these lines are known, harmless noise on an offline machine.
const NOISE = /open-vsx\.org|^\s+at |^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\])/;

/**
 * @returns {Promise<{ code: number, results: { passed: number, failed: number, vscodeVersion?: string } | undefined, timedOut: boolean }>}
 */
export async function runInExtensionHost({ testsPath, workspace, env = {}, timeoutMs = 300_000, log = console.log, extensionPath, trusted = true }) {
  const folder = workspace ?? copyOfSampleWorkspace();
  const resultsFile = join(mkdtempSync(join(tmpdir(), 'parley-results-')), 'results.json');
  const window = trusted ? {} : { PARLEY_TEST_WINDOW: 'untrusted' };
  const server = await startCodeServer({ env: { ...env, ...window, PARLEY_TEST_RESULTS: resultsFile }, log, trusted });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    let finish;
    const finished = new Promise((r) => (finish = r));
    // The workbench calls these when it runs with the smoke-test driver: the extension host's console, and its
    // tests' exit code once `run()` settles. They must exist before the page loads.
    await context.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = format(...(args ?? []));
      if (process.env.PARLEY_VERBOSE || !NOISE.test(line)) log(line);
    });
    await context.exposeFunction('codeAutomationExit', (code) => finish({ code, timedOut: false }));
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`[workbench] page error: ${e.message}`));
    await page.goto(server.url({ folder, extensionTestsPath: testsPath, ...(extensionPath ? { extensionPath } : {}) }));
    const timer = setTimeout(() => finish({ code: 124, timedOut: true }), timeoutMs);
    const { code, timedOut } = await finished;
    clearTimeout(timer);
    if (timedOut) log(`[vscode] the tests did not finish within ${Math.round(timeoutMs / 1000)} s (server log: ${server.runDir}/server.log)`);
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
    return { code, results, timedOut };
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    server.cleanup();
    rmSync(resultsFile, { force: true });
    if (!workspace) rmSync(folder, { recursive: true, force: true });
  }
}
