import * as assert from 'node:assert/strict';
import { buildPrompt, estimateTokens } from '../../src/core/chat/prompt';
import { SYSTEM_PROMPT } from '../../src/core/chat/systemPrompt';
import type { Turn } from '../../src/core/chat/conversation';

const turn = (i: number, text: string): Turn => ({ id: `t${i}`, role: i % 2 === 0 ? 'user' : 'assistant', text, status: 'done', createdAt: i });

describe('prompt building', () => {
  it('starts with the system prompt and keeps the conversation in order', () => {
    const { messages, omittedTurns } = buildPrompt('SYS', [turn(0, 'q1'), turn(1, 'a1'), turn(2, 'q2')], { contextWindow: 8192, maxOutputTokens: 1024 });
    assert.deepEqual(messages, [
      { role: 'system', content: 'SYS' },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
    ]);
    assert.equal(omittedTurns, 0);
  });

  it('leaves out the oldest turns when the conversation does not fit, never the question', () => {
    const long = 'x'.repeat(4000);
    const turns = [turn(0, long), turn(1, long), turn(2, long), turn(3, long), turn(4, 'the question')];
    const { messages, omittedTurns } = buildPrompt('SYS', turns, { contextWindow: 3000, maxOutputTokens: 500 });
    assert.equal(messages.at(-1)?.content, 'the question');
    // 2,500 tokens for the prompt: the question and two 1,004-token turns fit, the third does not.
    assert.equal(omittedTurns, 2);
    assert.deepEqual(messages.slice(1).map((m) => m.content.length), [4000, 4000, 'the question'.length]);
    const used = messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
    assert.ok(used <= 3000 - 500, `used ${used}`);
  });

  it('counts with the tokenizer it is given and reports what the prompt takes of the window', () => {
    const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
    const turns = [turn(0, 'one two three'), turn(1, 'four five'), turn(2, 'six')];
    const built = buildPrompt('sys tem', turns, { contextWindow: 100, maxOutputTokens: 90 }, words);
    assert.equal(built.availableTokens, 10);
    assert.equal(built.usedTokens, 2 + 3 + 2 + 1);
    assert.equal(built.omittedTurns, 0);
    const tight = buildPrompt('sys tem', turns, { contextWindow: 100, maxOutputTokens: 95 }, words);
    assert.equal(tight.omittedTurns, 1);
    assert.equal(tight.usedTokens, 2 + 2 + 1);
  });

  it('sends a question that alone is over budget (the server will say if it is too long)', () => {
    const { messages } = buildPrompt('SYS', [turn(0, 'y'.repeat(100_000))], { contextWindow: 1000, maxOutputTokens: 100 });
    assert.equal(messages.length, 2);
  });

  it('asks for clarifying questions with the quick-reply convention, and for honesty about what was not seen', () => {
    assert.match(SYSTEM_PROMPT, /clarifying question/);
    assert.match(SYSTEM_PROMPT, /Options:/);
    assert.match(SYSTEM_PROMPT, /did not see/);
    assert.ok(SYSTEM_PROMPT.length < 1500, 'short enough for small models');
  });
});
