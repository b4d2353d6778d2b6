import * as assert from 'node:assert/strict';
import { openChatView, screenshot, useChatWorkbench } from './ui.mjs';

describe('a reasoning model in the chat view', function () {
  const suite = useChatWorkbench();

  async function ask(question) {
    const input = suite.view.locator('#input');
    await input.click();
    await input.fill(question);
    await input.press('Enter');
    // The answer to this question, not the one before it.
    return suite.view.locator('.turn-user', { hasText: question }).locator('xpath=following-sibling::article[1]');
  }

  const ended = (answer) => answer.locator('.turn-state, .turn-footer [data-action="regenerate"]').first().waitFor({ timeout: 20_000 });

  it('shows the thinking open while it streams, folds it when the answer starts, and puts time and tokens in the footer', async () => {
    const reasoning = 'The loop bound is `n - 1`, so the last character is skipped.\nAnd `current` is never pushed after the loop, so the last field is lost.';
    suite.model.enqueue({ reasoning, reply: 'Loop to `n` and push `current` after the loop.', chunkSize: 5, delayMs: 60, cachedTokens: 12 });
    const answer = await ask('Why does parseRow drop the last field?');
    await answer.locator('details.thinking[open]').waitFor({ timeout: 10_000 });
    assert.match((await answer.locator('.thinking-label').textContent()) ?? '', /Thinking… \(\d+ s\)/);
    await screenshot(suite.workbench.page, 'thinking-live');
    await ended(answer);
    const thinking = answer.locator('details.thinking');
    assert.equal(await thinking.evaluate((d) => d.open), false, 'folded once the answer started');
    assert.match((await thinking.locator('.thinking-label').textContent()) ?? '', /Thought for \d+ s/);
    assert.equal((await answer.locator('.turn-body').textContent())?.trim(), 'Loop to n and push current after the loop.');
    const usage = answer.locator('.turn-usage');
    assert.match((await usage.textContent()) ?? '', /^\d+\.\d s · [\d,]+ tokens$/);
    assert.match((await usage.getAttribute('title')) ?? '', /prompt, 12 of them cached, \d+ completion, \d+ of them reasoning/);
    assert.match((await suite.view.locator('.chat-usage').textContent()) ?? '', /^This chat: [\d,]+ tokens$/);

    // The keyboard opens it: Tab to the summary, Enter.
    await thinking.locator('summary').focus();
    await suite.workbench.page.keyboard.press('Enter');
    assert.equal(await thinking.evaluate((d) => d.open), true);
    assert.match((await thinking.locator('.thinking-text').textContent()) ?? '', /never pushed after the loop/);
    await screenshot(suite.workbench.page, 'thinking-footer');
  });

  it('takes a think tag split across chunks out of the answer', async () => {
    suite.model.enqueue({ chunks: ['<thi', 'nk>weigh the ', 'options</thi', 'nk>\n\nUse a ', 'for loop.'], delayMs: 30 });
    const answer = await ask('How should I loop?');
    await ended(answer);
    assert.equal((await answer.locator('.turn-body').textContent())?.trim(), 'Use a for loop.');
    assert.equal(await answer.locator('.thinking-text').textContent(), 'weigh the options');
  });

  it('says so when the model only thinks and never answers', async () => {
    suite.model.enqueue({ chunks: ['<think>Let me think about ', 'this for a while'], delayMs: 30 });
    const answer = await ask('And the first field?');
    await ended(answer);
    assert.match((await answer.locator('.turn-state').textContent()) ?? '', /without giving an answer/);
    assert.equal(await answer.locator('.thinking-text').textContent(), 'Let me think about this for a while');
    await screenshot(suite.workbench.page, 'thinking-no-answer');
  });
});

describe('a long conversation in the chat view', function () {
  const suite = useChatWorkbench();

  it('draws only the turns near the viewport, and draws the others as they are scrolled to', async () => {
    const { page } = suite.workbench;
    // Forty exchanges through the view, each answer long enough that they cannot all be near the viewport.
    const answer = Array.from({ length: 12 }, (_, i) => `Line ${i} of the answer about the parser.`).join('\n\n');
    suite.model.setDefault({ reply: answer, chunkSize: 2000 });
    const input = suite.view.locator('#input');
    for (let i = 1; i <= 40; i++) {
      await input.fill(`question ${i}`);
      await input.press('Enter');
      await suite.view.locator('.turn-assistant .turn-footer [data-action="regenerate"]').waitFor({ timeout: 20_000 });
    }
    await page.reload();
    suite.view = await openChatView(page);
    await suite.view.locator('.turn').first().waitFor({ timeout: 20_000 });
    const drawn = await suite.view.locator('.turn').count();
    assert.ok(drawn < 80, `only some of the 80 turns are drawn (${drawn})`);
    assert.equal(await suite.view.locator('.turn-user .turn-body', { hasText: /^question 40$/ }).count(), 1, 'the end is drawn');
    await suite.view.locator('#transcript').evaluate((t) => (t.scrollTop = 0));
    await suite.view.locator('.turn-user .turn-body', { hasText: /^question 1$/ }).waitFor({ timeout: 5_000 });
    assert.equal(await suite.view.locator('.turn-user .turn-body', { hasText: /^question 40$/ }).count(), 0, 'the end is no longer drawn');
    await screenshot(page, 'long-conversation-top');
  });
});
