// The states of an answer as a person sees them in the dark and high-contrast themes (light is what the other
// suites show): thinking, finished with its footer, and failed with the action that helps. Each theme gets its
// screenshots; the assertions check what would make a state unreadable there.
import * as assert from 'node:assert/strict';
import { openChatView, openWorkbench, screenshot, startModelServer } from './ui.mjs';

for (const scheme of ['dark', 'high-contrast']) {
  describe(`an answer's states in the ${scheme} theme`, function () {
    let workbench;
    let model;
    let view;
    before(async () => {
      model = await startModelServer({ models: ['fake-model'] });
      workbench = await openWorkbench({ scheme, settings: { 'parley.baseUrl': model.url, 'parley.model': 'fake-model' } });
      view = await openChatView(workbench.page);
    });
    after(async () => {
      await workbench?.close();
      await model?.close();
    });

    async function ask(question) {
      await view.locator('#input').fill(question);
      await view.locator('#input').press('Enter');
      return view.locator('.turn-user', { hasText: question }).locator('xpath=following-sibling::article[1]');
    }

    /** The computed colour of `locator`'s text and of what is behind it, for a contrast check. */
    const colours = (locator) =>
      locator.evaluate((element) => {
        let behind = element;
        while (behind && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
        return { text: getComputedStyle(element).color, background: behind ? getComputedStyle(behind).backgroundColor : '' };
      });

    it('thinking, then the answer with its footer', async () => {
      model.enqueue({ reasoning: 'The loop stops one short.\nThe last field is never pushed.', reply: 'Loop to `n` and push `current` after the loop.', chunkSize: 6, delayMs: 50 });
      const answer = await ask('Why does parseRow drop the last field?');
      await answer.locator('details.thinking[open]').waitFor({ timeout: 10_000 });
      await screenshot(workbench.page, `thinking-live-${scheme}`);
      await answer.locator('.turn-footer [data-action="regenerate"]').waitFor({ timeout: 20_000 });
      const usage = await colours(answer.locator('.turn-usage'));
      assert.notEqual(usage.text, usage.background, 'the footer line is readable');
      for (const name of ['Copy answer (Markdown)', 'Regenerate']) assert.equal(await answer.getByRole('button', { name }).count(), 1, name);
      await answer.locator('details.thinking summary').click();
      await screenshot(workbench.page, `answer-footer-${scheme}`);
    });

    it('a failed answer says what happened and offers Retry', async () => {
      model.enqueue({ fault: 'http-500' });
      const answer = await ask('And the first field?');
      const state = answer.locator('.turn-state.turn-error');
      await state.waitFor({ timeout: 20_000 });
      assert.equal(await state.getByRole('button', { name: 'Retry' }).count(), 1);
      assert.equal(await answer.locator('.turn-usage').count(), 0, 'no time or tokens for a failed answer');
      const text = await colours(state);
      assert.notEqual(text.text, text.background);
      await screenshot(workbench.page, `answer-error-${scheme}`);
    });
  });
}
