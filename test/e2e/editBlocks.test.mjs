// Edit blocks in an answer as a person sees them at the sidebar's default width, in the light, dark and
// high-contrast themes: a diff per file instead of the model's SEARCH/REPLACE markers, while it streams and after.
import * as assert from 'node:assert/strict';
import { openChatView, sampleAnswers, screenshot, useChatWorkbench } from './ui.mjs';

const { CSV_LOOP_AND_PUSH } = await sampleAnswers();
const MARKERS = /<<<<<<<|>>>>>>>|=======|SEARCH|REPLACE/;

for (const scheme of ['light', 'dark', 'high-contrast']) {
  describe(`edit blocks in an answer in the ${scheme} theme`, function () {
    const suite = useChatWorkbench({ scheme, openView: false });

    it('shows each SEARCH/REPLACE block as a diff of its file, never its markers, and Copy takes the new code', async () => {
      const { page } = suite.workbench;
      const view = await openChatView(page);
      suite.model.enqueue({ reply: CSV_LOOP_AND_PUSH, chunkSize: 5, delayMs: 15 });
      await view.locator('#input').fill('Why does parseRow drop the last field? Fix it.');
      await view.locator('#input').press('Enter');
      const answer = view.locator('.turn-assistant').last();

      // While it streams: once the first diff shows, the markers never do.
      await answer.locator('.md-edit').first().waitFor({ timeout: 20_000 });
      const seen = [];
      while ((await answer.locator('.turn-footer [data-action="regenerate"]').count()) === 0) {
        seen.push((await answer.locator('.markdown').innerText().catch(() => '')) ?? '');
        await page.waitForTimeout(20);
      }
      assert.ok(seen.length > 3, 'looked at the answer while it streamed');
      for (const text of seen) assert.doesNotMatch(text, MARKERS, `no raw markers while streaming:\n${text}`);

      const blocks = answer.locator('.md-edit');
      assert.equal(await blocks.count(), 2);
      assert.doesNotMatch(await answer.locator('.markdown').innerText(), MARKERS);
      const first = blocks.first();
      assert.equal(await first.locator('.md-codeblock-label').textContent(), 'src/csv.ts');
      assert.equal(await first.locator('.md-edit-count-added').textContent(), '+1');
      assert.equal(await first.locator('.md-edit-count-removed').textContent(), '−1');
      assert.match(await first.locator('.md-edit-removed').innerText(), /i < n - 1/);
      assert.match(await first.locator('.md-edit-added').innerText(), /i < n; i\+\+/);
      assert.equal(await blocks.nth(1).locator('.md-edit-count-added').textContent(), '+1');
      assert.equal(await blocks.nth(1).locator('.md-edit-context').count(), 3);
      assert.equal(await answer.locator('.md-edit [data-action="insert"], .md-edit [data-action="apply"]').count(), 0, 'no Insert or Apply');
      // The two colours differ from each other and from the block's background.
      const colours = await first.evaluate((block) => ['.md-edit-removed', '.md-edit-added', '.md-edit-body'].map((s) => getComputedStyle(block.querySelector(s)).backgroundColor));
      if (scheme !== 'high-contrast') assert.equal(new Set(colours).size, 3, `removed, added and plain lines look different: ${colours}`);
      await answer.scrollIntoViewIfNeeded();
      await screenshot(page, `edit-blocks-${scheme}`);

      // Collapsible, by mouse and by keyboard.
      const toggle = first.locator('.md-edit-toggle');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await first.locator('.md-edit-body').isVisible(), false);
      await screenshot(page, `edit-blocks-collapsed-${scheme}`);
      await toggle.focus();
      await page.keyboard.press('Enter');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.equal(await first.locator('.md-edit-body').isVisible(), true);

      await blocks.nth(1).locator('[data-action="copy"]').click();
      let clipboard = '';
      for (let i = 0; i < 100 && !clipboard.includes('fields.push'); i++) {
        await page.waitForTimeout(100);
        clipboard = await page.evaluate(() => navigator.clipboard.readText());
      }
      assert.equal(clipboard, '  }\n  fields.push(current);\n  return fields;\n}');
    });

    it("shows a fence-less edit (Cline's tool call) as the same diff, never its tags or markers", async () => {
      const { page } = suite.workbench;
      const view = await openChatView(page);
      const reply = [
        'The loop stops one short:',
        '',
        '<replace_in_file>',
        '<path>src/csv.ts</path>',
        '<diff>',
        '------- SEARCH',
        '  for (let i = 0; i < n - 1; i++) {',
        '=======',
        '  for (let i = 0; i < n; i++) {',
        '+++++++ REPLACE',
        '</diff>',
        '</replace_in_file>',
        '',
        'That keeps the last field.',
      ].join('\n');
      suite.model.enqueue({ reply, chunkSize: 5, delayMs: 15 });
      const earlier = await view.locator('.turn-assistant').count();
      await view.locator('#input').fill('Fix it with the tool.');
      await view.locator('#input').press('Enter');
      const answer = view.locator('.turn-assistant').nth(earlier);
      await answer.locator('.turn-footer [data-action="regenerate"]').waitFor({ timeout: 20_000 });
      const block = answer.locator('.md-edit');
      assert.equal(await block.count(), 1);
      assert.equal(await block.locator('.md-codeblock-label').textContent(), 'src/csv.ts');
      const text = await answer.locator('.markdown').innerText();
      assert.doesNotMatch(text, /replace_in_file|<\/?diff>|<path>|SEARCH|REPLACE|=======/);
      await answer.scrollIntoViewIfNeeded();
      await screenshot(page, `edit-blocks-fenceless-${scheme}`);
    });
  });
}
