import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, screenshot, useChatWorkbench } from './ui.mjs';

const BROKEN = ['export function total(prices: number[]): number {', '  let sum: number = "0";', '  for (const price of prices) sum += price;', '  return sum;', '}', ''].join('\n');
const FIXED = ['Start the sum at the number zero:', '', '```ts', 'export function total(prices: number[]): number {', '  let sum = 0;', '  for (const price of prices) sum += price;', '  return sum;', '}', '```', '', 'The string made the addition concatenate.'].join('\n');

describe('Parley in the editor', function () {
  const suite = useChatWorkbench({ openView: false });

  before(() => writeFileSync(join(suite.workbench.folder, 'src', 'total.ts'), BROKEN));

  async function openFile(name) {
    const { page } = suite.workbench;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await input.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  }

  /** Puts the cursor on line `line`, at `column` (both 1-based), with Go to Line, and waits for the status bar to say so. */
  async function goToLine(line, column = 1) {
    const { page } = suite.workbench;
    // Go to Line needs the editor focused: a click in its text does that, as it would for a person.
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await input.press('Enter');
    await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ timeout: 10_000 });
  }

  it('the lightbulb offers Fix with Parley on a problem; its proposal is accepted in the diff editor', async () => {
    const { page } = suite.workbench;
    await openFile('total.ts');
    // TypeScript reports the string assigned to a number (its server may take a while to start).
    await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    await goToLine(2, 8); // on `sum`, where the problem is
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Fix with Parley' }).first();
    await fix.waitFor({ timeout: 15_000 });
    await screenshot(page, 'editor-lightbulb');
    suite.model.enqueue({ reply: FIXED });
    await fix.click();
    await page.locator('.monaco-diff-editor').waitFor({ timeout: 20_000 });
    await page.locator('.monaco-diff-editor .editor.modified .view-lines', { hasText: 'let sum = 0;' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'editor-fix-diff');
    await runCommand(page, 'Parley: Accept All Changes in This File');
    await page.locator('.monaco-diff-editor .editor.original .view-lines', { hasText: 'let sum = 0;' }).waitFor({ timeout: 10_000 });
    const asked = suite.model.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body.messages.at(-1).content;
    assert.match(asked, /Fix this problem in src\/total\.ts at line 2: Type 'string' is not assignable to type 'number'/);
    await page.keyboard.press('Control+S');
    // Saved when the file on disk has the fix: polled, not slept.
    const saved = () => /let sum = 0;/.test(readFileSync(join(suite.workbench.folder, 'src', 'total.ts'), 'utf8'));
    for (const deadline = Date.now() + 10_000; !saved() && Date.now() < deadline; ) await page.waitForTimeout(50);
    assert.match(readFileSync(join(suite.workbench.folder, 'src', 'total.ts'), 'utf8'), /let sum = 0;/);
  });

  it('Explain shows a thread at the code; a reply asks a follow-up in it', async () => {
    const { page } = suite.workbench;
    await runCommand(page, 'View: Close All Editors');
    await openFile('csv.ts');
    await goToLine(7);
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    suite.model.enqueue({ reply: 'The loop reads the line **one character at a time**, but `n - 1` stops it one short, so the last character is never read.' });
    const asked = suite.model.requests.length;
    await runCommand(page, 'Parley: Explain');
    const thread = page.locator('.review-widget');
    try {
      // Two steps, so a failure says which: the question reaching the model, or the answer reaching the thread.
      const deadline = Date.now() + 20_000;
      while (!suite.model.requests.slice(asked).some((r) => r.path.endsWith('/chat/completions'))) {
        if (Date.now() > deadline) throw new Error('Explain sent no question to the model within 20 s');
        await page.waitForTimeout(100);
      }
      await thread.locator('.comment-body', { hasText: 'one character at a time' }).waitFor({ timeout: 30_000 });
    } catch (error) {
      await screenshot(page, 'editor-explanation-failed');
      throw error;
    }
    const reply = thread.locator('.comment-form textarea, .comment-form .monaco-editor').first();
    await reply.click();
    await page.keyboard.type('Why is the last field lost too?');
    suite.model.enqueue({ reply: 'Because the field being built is only pushed at a separator; after the loop nothing pushes it.' });
    await thread.getByRole('button', { name: 'Ask' }).click();
    await thread.locator('.comment-body', { hasText: 'only pushed at a separator' }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'editor-explanation');
    const followUp = suite.model.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body.messages;
    assert.deepEqual(followUp.slice(1).map((m) => m.role), ['user', 'assistant', 'user']);
  });
});
