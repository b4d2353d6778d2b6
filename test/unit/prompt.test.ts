import * as assert from 'node:assert/strict';
import { buildPrompt, estimateTokens, leftOutNote } from '../../src/core/chat/prompt';
import type { ContextItem } from '../../src/core/context/items';
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

describe('filling the context window by priority', () => {
  const item = (id: string, kind: ContextItem['kind'], label: string, chars: number, explicit = false): ContextItem => ({
    id, kind, explicit, label, detail: '', text: `${label}:${'x'.repeat(chars)}`, excluded: undefined, secret: false,
  });
  const history = [turn(0, 'h'.repeat(2000)), turn(1, 'a'.repeat(2000)), turn(2, 'the question')];

  it('keeps the selection, then what the person added, then the file, problems and workspace line, then history', () => {
    const context = [
      item('workspace', 'workspace', 'workspace', 40),
      item('problems', 'problems', '3 problems', 400),
      item('file', 'file', 'csv.ts', 3000),
      item('#file:utils.ts', 'file', 'utils.ts', 1200, true),
      item('selection', 'selection', 'selection L3–5', 200),
    ];
    // Room for about 1,000 tokens after the system prompt and the question.
    const built = buildPrompt('SYS', history, { contextWindow: 1100, maxOutputTokens: 100 }, estimateTokens, context);
    assert.deepEqual(built.sentContext.map((c) => c.label), ['workspace', '3 problems', 'utils.ts', 'selection L3–5']);
    assert.deepEqual(built.leftOut, ['csv.ts']);
    assert.equal(built.omittedTurns, 2, 'history comes after the context');
    assert.equal(leftOutNote(built.omittedTurns, built.leftOut), '2 older messages and csv.ts left out to fit the context window');
    const sent = built.messages.at(-1)?.content ?? '';
    assert.match(sent, /^workspace:x+\n\n3 problems:x+\n\nutils\.ts:x+\n\nselection L3–5:x+\n\nQuestion:\nthe question$/, 'the order of the chips is kept');
    assert.ok(built.usedTokens <= built.availableTokens);
  });

  it('sends everything and notes nothing when it all fits', () => {
    const built = buildPrompt('SYS', history, { contextWindow: 100_000, maxOutputTokens: 100 }, estimateTokens, [item('file', 'file', 'csv.ts', 100)]);
    assert.deepEqual(built.leftOut, []);
    assert.equal(built.omittedTurns, 0);
    assert.equal(leftOutNote(0, []), undefined);
    assert.equal(leftOutNote(1, []), '1 older message left out to fit the context window');
  });

  it('never sends an excluded item, whatever the room', () => {
    const secret: ContextItem = { ...item('#file:.env', 'file', '.env', 0, true), text: '', excluded: 'excluded' };
    const built = buildPrompt('SYS', history, { contextWindow: 100_000, maxOutputTokens: 100 }, estimateTokens, [secret]);
    assert.equal(built.messages.at(-1)?.content, 'the question');
  });
});
