// Shared by the end-to-end tests: a workbench with Parley loaded, and the selectors that reach into it
// (they worked on VS Code 1.139; see ../shared/VSCODE-TEST-HOST.md).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, launchBrowser, copyOfSampleWorkspace, projectRoot } from '../host/workbench.mjs';

export const screenshotsDir = join(projectRoot, 'test-results', 'screenshots');

/**
 * Starts code-server and Chromium and opens the sample workspace with Parley loaded. Call `close()` after.
 * `scheme` picks the theme the way a person's OS would: the browser reports a dark or forced-colours (high
 * contrast) preference and VS Code follows it.
 */
export async function openWorkbench({ scheme = 'light', settings = {} } = {}) {
  const folder = copyOfSampleWorkspace();
  const server = await startCodeServer({
    settings: { 'window.autoDetectColorScheme': true, 'window.autoDetectHighContrast': true, ...settings },
  });
  const browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: scheme === 'light' ? 'light' : 'dark',
    forcedColors: scheme === 'high-contrast' ? 'active' : 'none',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${server.port}` });
  const page = await context.newPage();
  await page.goto(server.url({ folder }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    page,
    folder,
    async close() {
      await browser.close().catch(() => {});
      await server.stop();
      server.cleanup();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function activityBarItem(page, title) {
  return page.locator(`.activitybar a.action-label[aria-label^="${title}"]`);
}

/**
 * The Parley chat view's page (the inner frame of its webview). Parley has one webview; the outer frame's
 * `purpose=webviewView` parameter is not there when VS Code rebuilds a view that was hidden, so it is not matched.
 */
export function chatView(page) {
  return page
    .frameLocator('iframe.webview.ready[src*="extensionId=parley-dev.parley"]')
    .frameLocator('#active-frame');
}

/** Opens the Parley view from the activity bar (unless it is open already: a second click would close it). */
export async function openChatView(page) {
  const view = chatView(page);
  const ready = view.locator('body[data-ready="true"]');
  const item = activityBarItem(page, 'Parley');
  // After a reload the workbench may restore the Parley container (its webview frame appears, not yet ready), or
  // show another one: clicking the activity bar item in the first case would close the view. So: click only
  // when Parley's frame is not on screen, and look again if the view is still not ready after a while.
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await ready.count()) > 0) return view;
    await item.waitFor({ timeout: 60_000 });
    const frame = page.locator('iframe.webview[src*="extensionId=parley-dev.parley"]');
    if (!(await frame.first().isVisible().catch(() => false))) await item.click();
    try {
      // The page marks itself ready when the host's snapshot has arrived (the handshake is complete).
      await ready.waitFor({ timeout: 15_000 });
      return view;
    } catch {
      // Not ready yet: look at the workbench again.
    }
  }
  try {
    await ready.waitFor({ timeout: 15_000 });
  } catch (error) {
    await screenshot(page, 'open-chat-view-failed');
    throw error;
  }
  return view;
}

/**
 * The set-up most end-to-end suites share: the fake model server, a workbench with Parley pointed at it, and the
 * chat view open (unless `openView` is false), in the light theme unless `scheme` says otherwise. Registers mocha hooks in the calling `describe`; read the suite's
 * fields (`model`, `workbench`, `view`) inside tests.
 */
export function useChatWorkbench({ openView = true, scheme = 'light' } = {}) {
  const suite = {};
  before(async () => {
    suite.model = await startModelServer({ models: ['fake-model'] });
    suite.workbench = await openWorkbench({ scheme, settings: { 'parley.baseUrl': suite.model.url, 'parley.model': 'fake-model' } });
    if (openView) suite.view = await openChatView(suite.workbench.page);
  });
  after(async () => {
    await suite.workbench?.close();
    await suite.model?.close();
  });
  return suite;
}

/** Runs a command from the Command Palette, by its title as the palette shows it. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await input.press('Enter');
}

/** The fake model server, compiled by the build to out/ (npm test builds before the end-to-end level). */
export async function startModelServer(options) {
  const { startFakeModelServer } = await import(join(projectRoot, 'out', 'test', 'fixtures', 'fakeModelServer.js'));
  return startFakeModelServer(options);
}

/** The scripted model answers shared with the integration tests (test/fixtures/answers.ts, compiled to out/). */
export function sampleAnswers() {
  return import(join(projectRoot, 'out', 'test', 'fixtures', 'answers.js'));
}

export async function screenshot(page, name) {
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
