import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyOfSampleWorkspace, freePort, launchBrowser, projectRoot } from '../host/workbench.mjs';
import { openChatView, screenshot } from './ui.mjs';

describe('npm start and npm run demo', function () {
  let child;
  let output = '';

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    output = '';
  });

  /** Starts scripts/start.mjs with `args` and resolves with the workbench URL it prints. */
  async function start(port, ...args) {
    child = spawn(process.execPath, [join(projectRoot, 'scripts', 'start.mjs'), '--port', String(port), ...args], { cwd: projectRoot });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no URL within 90 s:\n${output}`)), 90_000);
      child.stdout.on('data', () => {
        const match = output.match(/^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    });
    assert.ok(url.startsWith(`http://127.0.0.1:${port}/`));
    return url;
  }

  async function stopWithCtrlC(port) {
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGINT');
    assert.deepEqual(await exited, { code: 0, signal: null });
    const stillServing = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    assert.equal(stillServing, false, 'code-server stopped with npm start');
  }

  it('npm start serves a workbench with Parley loaded, and stops cleanly on Ctrl+C', async () => {
    const port = await freePort();
    const url = await start(port);

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url);
      const view = await openChatView(page);
      assert.equal(await view.locator('#input').isEnabled(), true);
      await screenshot(page, 'npm-start');
    } finally {
      await browser.close();
    }
    await stopWithCtrlC(port);
  });

  it('npm start keeps the conversation for the folder across a restart; --fresh starts clean', async function () {
    this.timeout(400_000); // four starts of code-server
    const folder = copyOfSampleWorkspace();
    // One port throughout, as a person restarting npm start has: VS Code keys a window's storage by its address.
    const port = await freePort();
    let kept;
    /** Opens the workbench `start` printed, runs `steps` on the chat view, and stops npm start with Ctrl+C. */
    async function session(args, steps) {
      const url = await start(port, folder, ...args);
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(url);
        await steps(await openChatView(page), page);
      } finally {
        await browser.close();
      }
      // Read once the page is up: the lines after the URL may come in a later chunk of output than the URL.
      kept ??= output.match(/^User data: (\S+) \(settings and conversations are kept/m)?.[1];
      await stopWithCtrlC(port);
      output = '';
    }
    try {
      await session([], async (view) => {
        await view.locator('#input').fill('Will you remember this question?');
        await view.locator('#input').press('Enter');
        // No model is set up: the answer is an error, and the question is saved with the conversation.
        await view.locator('.turn-error').last().waitFor({ timeout: 30_000 });
      });
      assert.ok(kept?.startsWith(join(projectRoot, '.vscode-test', 'user-data')), `the user data is kept under .vscode-test: ${kept}`);
      await session([], async (view, page) => {
        await view.locator('.turn-user .turn-body', { hasText: 'Will you remember this question?' }).waitFor({ timeout: 20_000 });
        await screenshot(page, 'npm-start-restarted');
      });
      await session(['--fresh'], async (view) => {
        assert.match(output, /^User data: a fresh, throwaway folder/m);
        await view.locator('#input').waitFor();
        assert.equal(await view.locator('.turn-user').count(), 0, '--fresh starts without the kept conversation');
      });
      // --fresh left what was kept alone.
      await session([], async (view) => {
        await view.locator('.turn-user .turn-body', { hasText: 'Will you remember this question?' }).waitFor({ timeout: 20_000 });
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
      if (kept) rmSync(kept, { recursive: true, force: true });
    }
  });

  it('npm run demo answers from the scripted model, labelled as such', async () => {
    const port = await freePort();
    const url = await start(port, '--demo');
    assert.match(output, /demo model: scripted replies/);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url);
      const view = await openChatView(page);
      // The view shows the model once the connection is found, a moment after it opens.
      await view.locator('#model-name', { hasText: 'demo (scripted replies)' }).waitFor({ timeout: 20_000 });
      await view.locator('#input').fill('Why does parseRow drop the last field?');
      await view.locator('#input').press('Enter');
      await view.locator('.turn-assistant h2', { hasText: 'drops the last field' }).waitFor({ timeout: 30_000 });
      await view.locator('#send[aria-label="Send"]').waitFor({ timeout: 30_000 });
      await screenshot(page, 'demo');
      // "fix it" gets the change as a proposal to review.
      await view.locator('#input').fill('fix it');
      await view.locator('#input').press('Enter');
      await view.locator('.proposal', { hasText: 'Proposal: 1 file, 2 changes' }).waitFor({ timeout: 30_000 });
      await screenshot(page, 'demo-proposal');
    } finally {
      await browser.close();
    }
    await stopWithCtrlC(port);
  });
});
