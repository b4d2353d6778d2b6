import * as assert from 'node:assert/strict';
import { runCommand, sampleAnswers, screenshot, useChatWorkbench } from './ui.mjs';

const { CSV_LOOP_AND_PUSH } = await sampleAnswers();

describe('a proposal reviewed in the diff editor', function () {
  const suite = useChatWorkbench();

  it('an answer with SEARCH/REPLACE blocks becomes a card; one hunk accepted in the editor, the other rejected on the card', async () => {
    const { page } = suite.workbench;
    suite.model.enqueue({ reply: CSV_LOOP_AND_PUSH });
    const input = suite.view.locator('#input');
    await input.click();
    await input.fill('Why does parseRow drop the last field? Fix it.');
    await input.press('Enter');
    const card = suite.view.locator('.proposal');
    await card.waitFor({ timeout: 20_000 });
    assert.equal(await card.locator('.proposal-hunk').count(), 2);
    assert.match((await card.locator('.proposal-title').textContent()) ?? '', /1 file, 2 changes/);

    await card.getByRole('button', { name: 'Open diff' }).click();
    const diff = page.locator('.monaco-diff-editor');
    await diff.waitFor({ timeout: 15_000 });
    // The first change, accepted from the editor: cursor on it in the proposal side, then the command.
    const proposalSide = page.locator('.monaco-diff-editor .editor.modified');
    await proposalSide.locator('.view-line', { hasText: 'i < n; i++' }).click();
    await screenshot(page, 'proposal-diff');
    await runCommand(page, 'Parley: Accept Change at Cursor');
    await card.locator('.hunk-accepted').waitFor({ timeout: 10_000 });

    await card.locator('.hunk-pending').getByRole('button', { name: /^Reject the change/ }).click();
    await card.locator('.hunk-rejected').waitFor({ timeout: 10_000 });
    assert.equal(await card.getByRole('button', { name: 'Accept all' }).count(), 0, 'nothing left to accept');
    // The live side of the diff shows the accepted loop and not the rejected push.
    await page.locator('.monaco-diff-editor .editor.original .view-lines', { hasText: 'i < n; i++' }).waitFor({ timeout: 10_000 });
    await card.locator('.proposal-note').waitFor({ timeout: 10_000 });
    await screenshot(page, 'proposal-card');
  });
});
