// The context chips and the # picker as a person sees them, in the light, dark and high-contrast themes: chips in
// one wrapping row with bare token counts (the words in the tooltip), a picker at least eight rows tall that
// opens upward over the conversation and never over the input, and a withheld file shown as such.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, openChatView, screenshot, screenshotsDir, startModelServer } from './ui.mjs';

/** A screenshot of the side bar alone, where the chat view is: what a person looks at. */
async function sidebarShot(page, name) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return screenshot(page, name);
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), clip: box });
}

for (const scheme of ['light', 'dark', 'high-contrast']) {
  describe(`context chips and the # picker in a ${scheme} theme`, function () {
    let model;
    let workbench;
    let view;

    before(async () => {
      model = await startModelServer({ models: ['fake-model'] });
      workbench = await openWorkbench({ scheme, settings: { 'parley.baseUrl': model.url, 'parley.model': 'fake-model' } });
      const { page } = workbench;
      await page.keyboard.press('Control+P');
      const quickOpen = page.locator('.quick-input-widget input');
      await quickOpen.fill('csv.ts');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'csv.ts' }).first().waitFor();
      await quickOpen.press('Enter');
      const editor = page.locator('.editor-instance .monaco-editor').first();
      await editor.waitFor();
      await editor.click();
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
      view = await openChatView(page);
    });

    after(async () => {
      await workbench?.close();
      await model?.close();
    });

    it('chips sit in one wrapping row, each with its number only; the tooltip says "N tokens"', async () => {
      const file = view.locator('.chip', { hasText: 'csv.ts' });
      await file.locator('.chip-tokens').filter({ hasText: /^[\d,]+$/ }).waitFor({ timeout: 15_000 });
      await view.locator('.chip', { hasText: 'selection' }).locator('.chip-tokens').waitFor({ timeout: 15_000 });
      assert.match((await file.locator('.chip-label').getAttribute('title')) ?? '', /\n[\d,]+ tokens\n/);
      assert.doesNotMatch((await file.textContent()) ?? '', /tokens/);
      // The workspace chip does not show the (temporary) folder's name.
      const workspace = view.locator('.chip', { has: view.locator('.codicon-root-folder') });
      assert.equal((await workspace.locator('.chip-name').textContent())?.trim(), 'workspace');
      assert.match((await workspace.locator('.chip-label').getAttribute('title')) ?? '', /^Workspace: parley-ws-/);
      // Not one chip per line: in a side bar of the default width the file and the selection share a row.
      const [a, b] = await Promise.all([file.boundingBox(), view.locator('.chip', { hasText: 'selection' }).boundingBox()]);
      assert.ok(a && b && Math.abs(a.y - b.y) < 2, `the file and selection chips are on one row: ${JSON.stringify([a, b])}`);
      await sidebarShot(workbench.page, `context-chips-${scheme}`);
    });

    it('# opens a picker of at least eight rows upward over the conversation, not over the input or the chips', async () => {
      const input = view.locator('#input');
      await input.click();
      await input.fill('');
      await input.pressSequentially('#');
      const picker = view.locator('#picker');
      await picker.locator('.pick').nth(7).waitFor({ timeout: 10_000 });
      const [list, chips, composer] = await Promise.all([picker.boundingBox(), view.locator('#chips').boundingBox(), view.locator('#composer').boundingBox()]);
      assert.ok(list && chips && composer);
      assert.ok(list.height >= 8 * 22, `eight rows tall: ${list.height}px`);
      assert.ok(list.y + list.height <= chips.y + 1, 'above the chips');
      assert.ok(list.y + list.height <= composer.y, 'above the input');
      // Every row says all of itself on hover.
      const titles = await picker.locator('.pick').evaluateAll((rows) => rows.map((r) => r.getAttribute('title')));
      assert.ok(titles.every((t) => t && t.length > 0), JSON.stringify(titles));
      await sidebarShot(workbench.page, `context-picker-${scheme}`);
      await input.press('ArrowDown');
      assert.equal(await picker.locator('.pick').nth(1).getAttribute('aria-selected'), 'true');
      await input.press('Escape');
      await picker.waitFor({ state: 'hidden' });
    });

    it('#.env is listed greyed with the lock and the reason, and choosing it gives the locked chip', async () => {
      const input = view.locator('#input');
      await input.fill('');
      await input.pressSequentially('#.env');
      const row = view.locator('#picker .pick-withheld', { hasText: '.env' }).first();
      await row.waitFor({ timeout: 10_000 });
      assert.equal(await row.locator('.pick-reason').textContent(), 'secret file by default');
      assert.equal(await row.locator('.codicon-lock').count(), 1);
      await sidebarShot(workbench.page, `context-picker-withheld-${scheme}`);
      await row.click();
      const chip = view.locator('.chip-excluded', { hasText: '.env' });
      await chip.waitFor({ timeout: 10_000 });
      assert.equal(await chip.locator('.codicon-lock').count(), 1);
      await sidebarShot(workbench.page, `context-chips-locked-${scheme}`);
    });
  });
}
