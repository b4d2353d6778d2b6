import * as assert from 'node:assert/strict';
import { openWorkbench, openChatView, activityBarItem, chatView, screenshot, startModelServer } from './ui.mjs';

describe('the Parley chat view in the workbench', function () {
  let workbench;

  before(async () => {
    workbench = await openWorkbench();
  });

  after(async () => {
    await workbench?.close();
  });

  it('opens from the activity bar with an enabled input box after the handshake', async () => {
    const view = await openChatView(workbench.page);
    const input = view.locator('#input');
    assert.equal(await input.isEnabled(), true);
    assert.equal(await input.getAttribute('placeholder'), 'Ask, or # to add context…');
    assert.match((await view.locator('#model').getAttribute('aria-label')) ?? '', /^Model: .+\. Choose another$/);
  });

  it('sends what is typed on Enter and shows it in the conversation', async () => {
    const view = chatView(workbench.page);
    const input = view.locator('#input');
    await input.click();
    await input.pressSequentially('Why does parseRow drop the last field?');
    await input.press('Shift+Enter');
    await input.pressSequentially('It is in src/csv.ts.');
    assert.equal(await input.inputValue(), 'Why does parseRow drop the last field?\nIt is in src/csv.ts.');
    await input.press('Enter');
    const question = view.locator('.turn-user .turn-body').last();
    await question.waitFor();
    assert.equal(await question.textContent(), 'Why does parseRow drop the last field?\nIt is in src/csv.ts.');
    assert.equal(await input.inputValue(), '');
    // No model server is set up in this workbench: the answer says so, and the question stays.
    await view.locator('.turn-error').last().waitFor({ timeout: 20_000 });
    assert.match((await view.locator('.turn-error').last().textContent()) ?? '', /model/);
    await screenshot(workbench.page, 'chat-view');
  });

  it('keeps an unsent draft and the conversation when the view is hidden and shown again', async () => {
    const { page } = workbench;
    const input = chatView(page).locator('#input');
    await input.fill('a draft I have not sent');
    await activityBarItem(page, 'Explorer').click();
    await chatView(page).locator('#input').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    const view = await openChatView(page);
    assert.equal(await view.locator('#input').inputValue(), 'a draft I have not sent');
    assert.equal(await view.locator('.turn-user').count(), 1);
  });
});

for (const scheme of ['dark', 'high-contrast']) {
  describe(`the chat view in a ${scheme} theme`, function () {
    let workbench;
    let model;
    before(async () => {
      model = await startModelServer({ models: ['fake-model'] });
      workbench = await openWorkbench({ scheme, settings: { 'parley.baseUrl': model.url, 'parley.model': 'fake-model' } });
    });
    after(async () => {
      await workbench?.close();
      await model?.close();
    });

    it('takes its colours from the theme', async () => {
      const themeKind = scheme === 'dark' ? 'vscode-dark' : 'vscode-high-contrast';
      const view = await openChatView(workbench.page);
      await view.locator(`body.${themeKind}`).waitFor({ timeout: 10_000 });
      const colours = await view.locator('body').evaluate((body) => {
        const style = getComputedStyle(body);
        const probe = document.createElement('span');
        probe.style.color = style.getPropertyValue('--vscode-foreground');
        probe.style.backgroundColor = style.getPropertyValue('--vscode-sideBar-background');
        body.append(probe);
        const expected = getComputedStyle(probe);
        const result = { color: style.color, background: style.backgroundColor, themeColor: expected.color, themeBackground: expected.backgroundColor };
        probe.remove();
        return result;
      });
      assert.equal(colours.color, colours.themeColor);
      assert.equal(colours.background, colours.themeBackground);
      assert.notEqual(colours.color, colours.background);
    });

    it('highlights code in colours that stand apart from the text', async () => {
      const view = await openChatView(workbench.page);
      model.enqueue({ reply: 'A fix:\n\n```ts\nconst fields: string[] = [];\nfor (let i = 0; i < n; i++) fields.push(`${i}`); // keep the last one\nreturn fields;\n```\n\nThat is `parseRow`.' });
      await view.locator('#input').fill('Show me the fix');
      await view.locator('#input').press('Enter');
      const code = view.locator('.turn-assistant pre code').last();
      await code.locator('.hljs-keyword').first().waitFor({ timeout: 20_000 });
      const colours = await code.evaluate((element) => {
        const colour = (selector) => getComputedStyle(element.querySelector(selector)).color;
        return { text: getComputedStyle(element).color, keyword: colour('.hljs-keyword'), string: colour('.hljs-string, .hljs-template-string'), comment: colour('.hljs-comment') };
      });
      if (scheme === 'dark') {
        assert.notEqual(colours.keyword, colours.text, 'keywords stand out');
        assert.notEqual(colours.string, colours.text, 'strings stand out');
        assert.notEqual(colours.comment, colours.text, 'comments stand out');
      }
      await screenshot(workbench.page, `chat-view-${scheme}`);
    });
  });
}
