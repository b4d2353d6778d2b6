// A pending proposal as a person sees it, in the light, dark and high-contrast themes: the card in the chat at the
// sidebar's default width, and the change shown in the open editor (marked lines, ghost text, CodeLens).
import * as assert from 'node:assert/strict';
import { openChatView, sampleAnswers, screenshot, useChatWorkbench } from './ui.mjs';

const { CSV_LOOP_AND_PUSH } = await sampleAnswers();

for (const scheme of ['light', 'dark', 'high-contrast']) {
  describe(`a pending proposal in the ${scheme} theme`, function () {
    const suite = useChatWorkbench({ scheme, openView: false });

    it('shows each change on the card and in the editor, and Accept | Reject | Diff above it', async () => {
      const { page } = suite.workbench;
      await page.keyboard.press('Control+P');
      const quickOpen = page.locator('.quick-input-widget input');
      await quickOpen.fill('csv.ts');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'csv.ts' }).first().waitFor();
      await quickOpen.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: 'csv.ts' }).waitFor();

      // The cursor inside parseRow: the empty chat offers questions about it.
      await page.locator('.editor-instance .view-line', { hasText: 'const ch = line[i];' }).click();
      const view = await openChatView(page);
      const starter = view.locator('.starter', { hasText: 'Find bugs in parseRow' });
      await starter.waitFor({ timeout: 15_000 });
      assert.deepEqual(await view.locator('.starter').allTextContents(), ['Explain csv.ts', 'Find bugs in parseRow', 'Write tests for parseRow']);
      await screenshot(page, `chat-empty-${scheme}`);
      suite.model.enqueue({ reply: CSV_LOOP_AND_PUSH });
      await starter.click();
      const card = view.locator('.proposal');
      await card.waitFor({ timeout: 20_000 });

      // The editor marks the lines and offers the decisions above each change.
      const editor = page.locator('.editor-instance .monaco-editor').first();
      await editor.locator('.codelens-decoration', { hasText: 'Accept +1 −1' }).first().waitFor({ timeout: 15_000 });
      assert.ok((await editor.locator('.codelens-decoration', { hasText: 'Diff' }).count()) >= 2);
      await screenshot(page, `proposal-pending-${scheme}`);

      // The card shows the changed lines themselves, not a few characters of them.
      const removed = card.locator('.hunk-removed').first();
      assert.match((await removed.textContent()) ?? '', /for \(let i = 0; i < n - 1; i\+\+\) \{/);
      assert.match((await card.locator('.hunk-added').first().textContent()) ?? '', /for \(let i = 0; i < n; i\+\+\) \{/);
      // Its buttons sit on one line at this width.
      const boxes = await card.locator('.proposal-toolbar .button').evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect()).map((r) => ({ top: Math.round(r.top), width: Math.round(r.width) })));
      const cardWidth = await card.evaluate((c) => Math.round(c.getBoundingClientRect().width));
      assert.equal(new Set(boxes.map((b) => b.top)).size, 1, `toolbar buttons on one row (${JSON.stringify(boxes)} in a card ${cardWidth} px wide)`);

      // A screen reader hears the finished answer once; every control has a name.
      await view.locator('#announcer', { hasText: /^Parley answered: Two changes fix it/ }).waitFor({ timeout: 10_000 });
      const unnamed = await view.locator('button').evaluateAll((buttons) =>
        buttons.filter((b) => !b.closest('[hidden]') && (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === '' && (b.title ?? '') === '').map((b) => b.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(unnamed, [], 'buttons without a name');

      // Copy answer puts the whole answer, as Markdown with its edit blocks, on the clipboard.
      await view.locator('.turn-assistant [data-action="copy-answer"]').click();
      let clipboard = '';
      for (let i = 0; i < 100 && clipboard !== CSV_LOOP_AND_PUSH; i++) {
        await page.waitForTimeout(100);
        clipboard = await page.evaluate(() => navigator.clipboard.readText());
      }
      assert.equal(clipboard, CSV_LOOP_AND_PUSH);

      // Keyboard: Tab from a row reaches its Accept, Enter on it decides.
      await card.locator('.proposal-hunk').first().focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await card.locator('.hunk-accepted').waitFor({ timeout: 10_000 });
      await editor.locator('.codelens-decoration', { hasText: 'Accept +1 −1' }).waitFor({ state: 'detached', timeout: 10_000 });
    });
  });
}
