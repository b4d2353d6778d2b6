import * as assert from 'node:assert/strict';
import { sampleAnswers, screenshot, useChatWorkbench } from './ui.mjs';

const { CSV_PUSH } = await sampleAnswers();

describe('the Corrections view', function () {
  const suite = useChatWorkbench();

  it('lists a proposal the person corrected, and shows the model’s text beside theirs', async () => {
    const { page } = suite.workbench;
    suite.model.enqueue({ reply: CSV_PUSH });
    const input = suite.view.locator('#input');
    await input.click();
    await input.fill('parseRow drops the last field; fix it');
    await input.press('Enter');
    const card = suite.view.locator('.proposal');
    await card.waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Open diff' }).click();
    // The person corrects the model's line in the proposal side before accepting.
    const line = page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: 'fields.push(current);' }).last();
    await line.waitFor({ timeout: 15_000 });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('fields.push(current.trim());');
    await card.getByRole('button', { name: 'Accept all' }).click();
    await card.locator('.hunk-accepted').first().waitFor({ timeout: 10_000 });

    const header = page.locator('.pane-header', { hasText: 'Corrections' });
    await header.waitFor({ timeout: 10_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const item = page.locator('.pane-body .monaco-list-row', { hasText: 'csv.ts' }).first();
    await item.waitFor({ timeout: 15_000 });
    assert.match((await item.textContent()) ?? '', /corrected/);
    await item.click();
    const diff = page.locator('.monaco-diff-editor').filter({ has: page.locator('.view-lines', { hasText: 'current.trim()' }) });
    await diff.waitFor({ timeout: 15_000 });
    await page.locator('.tabs-container .tab', { hasText: "the model's ↔ yours" }).waitFor();
    await screenshot(page, 'corrections-view');
  });
});
