// Reasoning, usage and summaries on answer turns: the session records them, history keeps them, export marks them,
// the prompt never sends reasoning, and the footer words them.
import * as assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChatSession } from '../../src/core/chat/session';
import { HistoryStore } from '../../src/core/chat/historyStore';
import { conversationToMarkdown } from '../../src/core/chat/exportMarkdown';
import { buildPrompt } from '../../src/core/chat/prompt';
import { costOf, parsePrices, priceFor, usageOf } from '../../src/core/model/usage';
import { answerUsage, chatUsage, money } from '../../src/webview/usageText';
import { isHostToWebview } from '../../src/core/protocol';

function session(): { s: ChatSession; tick(ms: number): void } {
  let id = 0;
  let time = 1000;
  return { s: new ChatSession('c1', undefined, () => time, () => `t${++id}`), tick: (ms) => (time += ms) };
}

function reasonedAnswer() {
  const { s, tick } = session();
  s.addQuestion('Why does parseRow drop the last field?');
  s.startAnswer('r1');
  s.appendReasoning('The loop ');
  tick(4000);
  s.appendReasoning('stops early.');
  tick(8000);
  s.appendToAnswer('\n\nLoop to `n`.');
  tick(500);
  const ended = s.endAnswer('done', undefined, { usage: { prompt: 120, completion: 40, cached: 100 }, elapsedMs: 12500, cost: 0.0021 });
  return { s, ended };
}

describe('answers with reasoning and usage', () => {
  it('the session keeps reasoning apart from the answer, with how long the model thought', () => {
    const { ended } = reasonedAnswer();
    assert.equal(ended?.text, 'Loop to `n`.');
    assert.deepEqual(ended?.reasoning, { text: 'The loop stops early.', ms: 12000 });
    assert.deepEqual(ended?.usage, { prompt: 120, completion: 40, cached: 100 });
    assert.equal(ended?.elapsedMs, 12500);
  });

  it('shows the reasoning in snapshots while it streams', () => {
    const { s } = session();
    s.addQuestion('q');
    s.startAnswer('r1');
    s.appendReasoning('hmm');
    assert.deepEqual(s.snapshot().turns[1]?.reasoning, { text: 'hmm' });
    assert.equal(s.snapshot().turns[1]?.text, '');
  });

  it('never sends the reasoning back to the model in later requests', () => {
    const { s } = reasonedAnswer();
    s.addQuestion('And the first field?');
    const { messages } = buildPrompt('system', s.promptTurns(), { contextWindow: 8192, maxOutputTokens: 1024 });
    assert.ok(messages.every((m) => !m.content.includes('stops early')));
    assert.equal(messages[2]?.content, 'Loop to `n`.');
  });

  it('history keeps reasoning, usage, time and cost across a save and load', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'parley-facts-'));
    try {
      const store = new HistoryStore(dir);
      const { s } = reasonedAnswer();
      await store.save(s.snapshot());
      const loaded = await store.load('c1');
      assert.deepEqual(loaded?.turns[1], s.snapshot().turns[1]);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  it('export shows the reasoning as a quote marked Reasoning, before the answer', () => {
    const { s } = reasonedAnswer();
    const markdown = conversationToMarkdown(s.snapshot(), { formatDate: () => 'today' });
    assert.match(markdown, /## Parley\n\n> \*\*Reasoning\*\* \(12 s\)\n>\n> The loop stops early\.\n\nLoop to `n`\./);
  });

  it('export notes an answer that only reasoned', () => {
    const { s } = session();
    s.addQuestion('q');
    s.startAnswer('r1');
    s.appendReasoning('thinking');
    s.endAnswer('done', { kind: 'bad-response', message: 'The model gave no answer.', action: 'retry' });
    assert.match(conversationToMarkdown(s.snapshot(), { formatDate: () => 'today' }), /> \*\*Note:\*\* The model gave no answer\./);
  });

  it('the protocol accepts turns and endings with these facts, and refuses malformed ones', () => {
    const { ended } = reasonedAnswer();
    assert.ok(isHostToWebview({ type: 'turn/add', turn: ended }));
    assert.ok(isHostToWebview({ type: 'turn/reasoning', turnId: 't2', text: 'x' }));
    assert.ok(isHostToWebview({ type: 'turn/end', turnId: 't2', status: 'done', error: undefined, usage: { prompt: 1, completion: 2 }, elapsedMs: 5, reasoningMs: 3 }));
    assert.ok(!isHostToWebview({ type: 'turn/add', turn: { ...ended, reasoning: { text: 4 } } }));
    assert.ok(!isHostToWebview({ type: 'turn/end', turnId: 't2', status: 'done', error: undefined, usage: { prompt: '1' } }));
  });
});

describe('usage and prices', () => {
  it('reads the usage chunk, cached and reasoning tokens included', () => {
    assert.deepEqual(
      usageOf({ prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 } }),
      { prompt: 10, completion: 5, cached: 4, reasoning: 2 },
    );
    assert.equal(usageOf(null), undefined);
    assert.equal(usageOf({ total_tokens: 3 }), undefined);
  });

  it('prices by exact model, else the longest prefix*, skipping malformed entries', () => {
    const prices = parsePrices({ 'gpt-4o': { input: 2.5, output: 10 }, 'gpt-*': { input: 1, output: 1 }, 'gpt-4*': { input: 3, output: 3 }, bad: { input: 'x' } });
    assert.deepEqual(priceFor(prices, 'gpt-4o'), { input: 2.5, output: 10 });
    assert.deepEqual(priceFor(prices, 'gpt-4.1'), { input: 3, output: 3 });
    assert.deepEqual(priceFor(prices, 'gpt-5'), { input: 1, output: 1 });
    assert.equal(priceFor(prices, 'bad'), undefined);
    assert.equal(priceFor(prices, 'llama3'), undefined);
  });

  it('charges cached prompt tokens at the cached price', () => {
    const cost = costOf({ prompt: 1_000_000, completion: 1_000_000, cached: 500_000 }, { input: 2, output: 8, cachedInput: 1 });
    assert.equal(cost, 1 + 0.5 + 8);
  });

  it('words an answer as time · tokens · cost, with the breakdown for its tooltip', () => {
    assert.deepEqual(answerUsage({ usage: { prompt: 280, completion: 32, cached: 100 }, elapsedMs: 1234, cost: 0.0012 }), {
      text: '1.2 s · 312 tokens · $0.0012',
      detail: 'Answered in 1.2 s. Tokens: 280 prompt, 100 of them cached, 32 completion. Cost: $0.0012 at the parley.prices setting.',
    });
    assert.deepEqual(answerUsage({ elapsedMs: 15_400 }), { text: '15 s', detail: 'Answered in 15 s. The server did not report token usage.' });
    assert.equal(answerUsage({}), undefined);
    assert.equal(money(1.234), '$1.23');
  });

  it('totals the chat over the answers that reported usage', () => {
    assert.deepEqual(chatUsage([{}, { usage: { prompt: 1000, completion: 200 } }, { usage: { prompt: 1500, completion: 300 }, cost: 0.5 }]), {
      text: 'This chat: 3,000 tokens · $0.50',
      detail: '2 answers so far: 2,500 prompt, 500 completion; $0.50.',
    });
    assert.equal(chatUsage([{}]), undefined);
  });
});
