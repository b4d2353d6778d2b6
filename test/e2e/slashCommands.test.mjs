// Typing / in the chat input: the picker lists the slash commands, Enter completes one, and the line under the
// input says what it will send. Looked at in the light, dark and high-contrast themes.
import * as assert from 'node:assert/strict';
import { openChatView, screenshot, useChatWorkbench } from './ui.mjs';

for (const scheme of ['light', 'dark', 'high-contrast']) {
  describe(`slash commands in the input (${scheme})`, function () {
    const suite = useChatWorkbench({ scheme, openView: false });

    it('/ lists the commands, Enter completes the one picked, and the line says what it will send', async () => {
      const view = await openChatView(suite.workbench.page);
      const input = view.locator('#input');
      await input.click();
      await input.pressSequentially('/');
      const list = view.locator('#slash-picker');
      await list.locator('.pick').first().waitFor();
      const labels = await list.locator('.pick-label').allTextContents();
      for (const name of ['/explain', '/fix', '/tests', '/doc', '/review', '/new', '/compact']) assert.ok(labels.includes(name), `${name} is offered`);
      assert.equal(await input.getAttribute('aria-expanded'), 'true');
      await input.pressSequentially('re');
      await list.locator('.pick.active .pick-label', { hasText: '/review' }).waitFor();
      await screenshot(suite.workbench.page, `slash-commands-${scheme}`);
      await input.press('Enter');
      assert.equal(await input.inputValue(), '/review ');
      assert.equal(await list.isHidden(), true);
      const line = view.locator('#slash-line');
      // No editor is open in this workbench: /review works on the uncommitted changes.
      await view.locator('#slash-line', { hasText: '/review · the uncommitted changes (#changes)' }).waitFor();
      await screenshot(suite.workbench.page, `slash-line-${scheme}`);
      await input.fill('');
      await input.press('Backspace');
      await line.waitFor({ state: 'detached' });
    });
  });
}
