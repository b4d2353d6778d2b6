import * as assert from 'node:assert/strict';
import { openWorkbench, openChatView, runCommand, screenshot, useChatWorkbench } from './ui.mjs';

const ANSWER = [
  '## Why the last field goes missing',
  '',
  'The loop stops one character early (`i < n - 1`), and the field being built is never pushed after the loop.',
  '',
  '```ts',
  'for (let i = 0; i < n; i++) {',
  '  const ch = line[i];',
  '}',
  'fields.push(current);',
  '```',
  '',
  'That keeps the last field.',
].join('\n');

describe('a conversation in the chat view', function () {
  const suite = useChatWorkbench();

  async function ask(question) {
    const input = suite.view.locator('#input');
    await input.click();
    await input.fill(question);
    await input.press('Enter');
  }

  it('streams an answer with a highlighted code block, and Copy puts the code on the clipboard', async () => {
    suite.model.enqueue({ reply: ANSWER, chunkSize: 6, delayMs: 10 });
    await ask('Why does parseRow drop the last field?');
    const answer = suite.view.locator('.turn-assistant').last();
    await answer.locator('.turn-state, .turn-footer [data-action="regenerate"]').first().waitFor({ timeout: 20_000 });
    assert.equal(await answer.locator('h2, h3').filter({ hasText: 'Why the last field goes missing' }).count(), 1);
    const code = answer.locator('pre code');
    await code.waitFor();
    assert.ok((await code.locator('span[class^="hljs-"]').count()) > 0, 'the code is highlighted');
    assert.equal(await suite.view.locator('#model-name').textContent(), 'fake-model');
    assert.match((await suite.view.locator('#budget').textContent()) ?? '', /^[\d,]+ \/ 6,144 tokens$/);
    await screenshot(suite.workbench.page, 'chat-answer');

    await answer.locator('[data-action="copy"]').first().click();
    let clipboard = '';
    for (let i = 0; i < 100 && !clipboard.includes('fields.push(current);'); i++) {
      await suite.workbench.page.waitForTimeout(100);
      clipboard = await suite.workbench.page.evaluate(() => navigator.clipboard.readText());
    }
    assert.equal(clipboard, 'for (let i = 0; i < n; i++) {\n  const ch = line[i];\n}\nfields.push(current);');
  });

  it('Insert puts the code into the editor at its selection', async () => {
    const { page } = suite.workbench;
    await page.keyboard.press('Control+P');
    const quickOpen = page.locator('.quick-input-widget input');
    await quickOpen.fill('report.py');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'report.py' }).first().waitFor();
    await quickOpen.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+End');
    await suite.view.locator('.turn-assistant').first().locator('[data-action="insert"]').first().click();
    const lines = page.locator('.editor-instance .view-lines');
    await lines.filter({ hasText: 'fields.push(current);' }).waitFor({ timeout: 10_000 });
    // The editor draws spaces as no-break spaces and lines without newlines between them.
    const shown = ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' ');
    assert.match(shown, /total \/ len\(rows\)\}.*for \(let i = 0; i < n; i\+\+\)/s);
    await screenshot(page, 'chat-insert');
  });

  it('shows the open file as a chip with its token count, previews what it sends, and leaves it out on ×', async () => {
    const { page } = suite.workbench;
    const chip = suite.view.locator('.chip', { hasText: 'report.py' });
    await chip.waitFor({ timeout: 10_000 });
    await chip.locator('.chip-tokens').filter({ hasText: /\d/ }).waitFor({ timeout: 10_000 });
    await chip.locator('.chip-label').click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'report.py.md' });
    await tab.waitFor({ timeout: 10_000 });
    await page.locator('.editor-instance .view-lines', { hasText: 'File src/report.py:' }).first().waitFor();
    await screenshot(page, 'chat-chips');
    await chip.locator('.chip-toggle').click();
    await suite.view.locator('.chip-removed', { hasText: 'report.py' }).waitFor();
    await suite.view.locator('.chip-removed .chip-toggle').click();
    await suite.view.locator('.chip-kept', { hasText: 'report.py' }).waitFor();
  });

  it('# opens the context picker; the keyboard alone adds a file as a chip that goes with the question', async () => {
    const { page } = suite.workbench;
    const input = suite.view.locator('#input');
    await input.click();
    await input.fill('');
    await input.pressSequentially('What is wrong in #csv');
    const picker = suite.view.locator('#picker');
    const active = picker.locator('.pick.active');
    await active.filter({ hasText: 'csv.ts' }).waitFor({ timeout: 10_000 });
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.equal(await input.getAttribute('aria-activedescendant'), await active.getAttribute('id'));
    await screenshot(page, 'chat-picker');
    await input.press('Enter');
    await suite.view.locator('.chip-explicit', { hasText: 'csv.ts' }).waitFor({ timeout: 10_000 });
    assert.equal(await picker.isHidden(), true);
    assert.equal(await input.inputValue(), 'What is wrong in ');
    // Escape closes the list without adding anything.
    await input.pressSequentially('#sel');
    await picker.locator('.pick.active', { hasText: 'selection' }).waitFor({ timeout: 10_000 });
    await input.press('Escape');
    await picker.waitFor({ state: 'hidden' });
    await input.press('Backspace');
    await input.press('Backspace');
    await input.press('Backspace');
    await input.press('Backspace');
    await input.pressSequentially('it?');
    await screenshot(page, 'chat-added-chip');
    await input.press('Enter');
    await suite.view.locator('.turn-user', { hasText: 'What is wrong in it?' }).waitFor({ timeout: 10_000 });
    await suite.view.locator('.chip-explicit').waitFor({ state: 'detached', timeout: 10_000 });
    const body = suite.model.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body;
    assert.match(body.messages.at(-1).content, /File src\/csv\.ts:\n```typescript\n/);
    assert.match(body.messages.at(-1).content, /Question:\nWhat is wrong in it\?$/);
  });

  it('streams a 1 MB answer to the end while the input stays usable', async () => {
    suite.model.enqueue({ replyBytes: 1_000_000, chunkSize: 256 });
    await ask('Give me a very long answer');
    const answer = suite.view.locator('.turn-assistant').last();
    await answer.locator('.turn-body').filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 });
    await suite.view.locator('#input').fill('typed while it streams');
    assert.equal(await suite.view.locator('#input').inputValue(), 'typed while it streams');
    await answer.locator('[data-action="regenerate"]').waitFor({ timeout: 60_000 });
    const length = await answer.locator('.turn-body').evaluate((body) => body.textContent.length);
    assert.ok(length > 500_000, `${length} characters shown`);
    await suite.view.locator('#input').fill('');
  });

  it('Stop ends a streaming answer and keeps what arrived, marked as stopped', async () => {
    suite.model.enqueue({ reply: 'This answer goes on and on. '.repeat(200), chunkSize: 4, delayMs: 15 });
    await ask('Tell me everything about CSV.');
    const answer = suite.view.locator('.turn-assistant').last();
    await answer.locator('.turn-body').filter({ hasText: 'This answer' }).waitFor({ timeout: 20_000 });
    const send = suite.view.locator('#send');
    assert.equal(await send.getAttribute('aria-label'), 'Stop');
    await send.click();
    await answer.locator('.turn-stopped').waitFor({ timeout: 10_000 });
    assert.ok(((await answer.locator('.turn-body').textContent()) ?? '').length > 0);
    assert.equal(await send.getAttribute('aria-label'), 'Send');
    await screenshot(suite.workbench.page, 'chat-stopped');
  });

  it('Up brings back the last question, and Edit resends an earlier one in its place', async () => {
    const input = suite.view.locator('#input');
    await input.click();
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'Tell me everything about CSV.');
    await input.fill('');
    const question = suite.view.locator('.turn-user').filter({ hasText: 'Tell me everything about CSV.' });
    await question.hover();
    await question.locator('[data-action="edit"]').click();
    const box = question.locator('.edit-box');
    await box.fill('Tell me one thing about CSV.');
    suite.model.enqueue({ reply: 'Quotes protect commas.' });
    await box.press('Enter');
    await suite.view.locator('.turn-assistant .turn-body', { hasText: 'Quotes protect commas.' }).waitFor({ timeout: 20_000 });
    assert.equal(await suite.view.locator('.turn-user', { hasText: 'Tell me everything about CSV.' }).count(), 0);
    assert.equal(await suite.view.locator('.turn-user', { hasText: 'Tell me one thing about CSV.' }).count(), 1);
  });

  it('offers quick replies after a clarifying question and sends the one clicked', async () => {
    suite.model.enqueue({ reply: 'Which separator does your file use?\n\nOptions: Commas | Tabs | Detect automatically' });
    await ask('Parse my file');
    const reply = suite.view.locator('.quick-reply', { hasText: 'Tabs' });
    await reply.waitFor({ timeout: 20_000 });
    assert.equal(await suite.view.locator('.turn-assistant').last().locator('.turn-body').textContent().then((t) => t?.includes('Options:')), false);
    suite.model.enqueue({ reply: 'Tabs it is.' });
    await reply.click();
    await suite.view.locator('.turn-user .turn-body', { hasText: 'Tabs' }).waitFor();
    await suite.view.locator('.turn-assistant .turn-body', { hasText: 'Tabs it is.' }).waitFor({ timeout: 20_000 });
  });

  it('says when a secret was removed from a question before it was sent', async () => {
    const token = `ghp_${'Qw3Er4Ty5U'.repeat(3)}mnopqr`;
    suite.model.enqueue({ reply: 'Never paste tokens into code.' });
    await ask(`Is this right?\nconst auth = "${token}";`);
    const note = suite.view.locator('.turn-user').last().locator('.turn-redactions');
    await note.waitFor({ timeout: 20_000 });
    assert.equal(await note.textContent(), ' 1 secret removed before sending: GitHub Token (line 2).');
    const body = JSON.stringify(suite.model.requests.at(-1)?.body);
    assert.ok(!body.includes(token));
    await screenshot(suite.workbench.page, 'chat-redacted');
  });

  it('never runs HTML from an answer, never loads its images, and leaves links to the host', async () => {
    const pixel = `${suite.model.url.replace(/\/v1$/, '')}/pixel.png`;
    suite.model.enqueue({
      reply: `Look: <img src="${pixel}?html" onerror="window.__pwned = 1"> <script>window.__pwned = 2</script>\n\n![chart](${pixel}?markdown)\n\n[the docs](https://example.com/docs) and [a trap](javascript:window.__pwned=3)`,
    });
    await ask('Show me something risky');
    const answer = suite.view.locator('.turn-assistant').last();
    await answer.locator('[data-action="regenerate"]').waitFor({ timeout: 20_000 });
    assert.equal(await answer.locator('img, script').count(), 0);
    assert.equal(await answer.evaluate(() => window.__pwned), undefined);
    // A web link opens only through the host, which asks VS Code to open it: VS Code then asks the person.
    await answer.locator('[data-href]', { hasText: 'the docs' }).click();
    const dialog = suite.workbench.page.locator('.monaco-dialog-box', { hasText: 'example.com' });
    await dialog.waitFor({ timeout: 10_000 });
    await suite.workbench.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await answer.locator('text=a trap').click();
    assert.equal(await answer.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(suite.model.requests.filter((r) => r.path.includes('pixel')), [], 'no image was fetched');
  });

  it('reopens an earlier conversation from the history list', async () => {
    await runCommand(suite.workbench.page, 'Parley: New Chat');
    await suite.view.locator('#welcome').waitFor({ state: 'visible' });
    assert.equal(await suite.view.locator('.turn').count(), 0);
    await runCommand(suite.workbench.page, 'Parley: Open Past Chat…');
    const row = suite.workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Why does parseRow drop the last field?' });
    await row.waitFor({ timeout: 10_000 });
    await screenshot(suite.workbench.page, 'chat-history');
    await row.click();
    // Only the turns near the viewport are drawn, and the view opens at the end: the first question is at the top.
    await suite.view.locator('.turn').first().waitFor({ timeout: 10_000 });
    await suite.view.locator('#transcript').evaluate((t) => (t.scrollTop = 0));
    await suite.view.locator('.turn-user .turn-body', { hasText: 'Why does parseRow drop the last field?' }).waitFor({ timeout: 10_000 });
    assert.ok((await suite.view.locator('.turn').count()) >= 2);
  });

  it('shows the same conversation after the window reloads', async () => {
    // Only the turns near the viewport are drawn: compare the last one, where the view opens.
    await suite.view.locator('#transcript').evaluate((t) => (t.scrollTop = t.scrollHeight));
    // Drawn once nothing is left below the last drawn turn (the bottom spacer is empty): polled, not slept.
    const below = suite.view.locator('#transcript > .transcript-spacer').last();
    for (const deadline = Date.now() + 10_000; (await below.evaluate((s) => s.getBoundingClientRect().height)) > 0; ) {
      if (Date.now() > deadline) throw new Error('the last turn was not drawn within 10 s of scrolling to the end');
      await suite.workbench.page.waitForTimeout(50);
    }
    const lastTurn = () => suite.view.locator('.turn').last().getAttribute('data-turn');
    const before = await lastTurn();
    await suite.workbench.page.reload();
    suite.view = await openChatView(suite.workbench.page);
    await suite.view.locator('.turn').first().waitFor({ timeout: 20_000 });
    assert.equal(await lastTurn(), before);
  });
});

describe('the chat view with no model server', function () {
  let workbench;

  before(async () => {
    // A closed loopback port stands for "nothing configured, nothing running" without touching the real ports.
    workbench = await openWorkbench({ settings: { 'parley.baseUrl': '' } });
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the setup card instead of an error', async () => {
    const view = await openChatView(workbench.page);
    const card = view.locator('#setup');
    await card.waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await card.locator('[data-setup]').count(), 3);
    await screenshot(workbench.page, 'chat-setup');
  });
});
