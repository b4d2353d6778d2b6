import * as assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chat/session';
import { compactionPlan, SUMMARY_HEADING, transcriptFor } from '../../src/core/chat/compact';
import { buildPrompt, estimateTokens } from '../../src/core/chat/prompt';

function chat(exchanges: number): ChatSession {
  let id = 0;
  const s = new ChatSession('c1', undefined, () => 1000, () => `t${++id}`);
  for (let i = 1; i <= exchanges; i++) {
    s.addQuestion(`question ${i}`);
    s.startAnswer('m');
    s.appendToAnswer(`answer ${i}`);
    s.endAnswer('done');
  }
  return s;
}

describe('summarize and continue', () => {
  it('covers everything before the last question, and needs at least two turns', () => {
    assert.equal(chat(1).compactionPlan(), undefined);
    const plan = chat(3).compactionPlan();
    assert.deepEqual(plan?.covered.map((t) => t.text), ['question 1', 'answer 1', 'question 2', 'answer 2']);
    assert.equal(plan?.insertAt, 4);
  });

  it('puts the summary before the last question and sends it in place of the turns it covers', () => {
    const s = chat(3);
    const plan = s.compactionPlan();
    assert.ok(plan);
    const summary = s.insertSummary(plan, 'They fixed parseRow.', 'm');
    assert.deepEqual(summary?.summaryOf, { turns: 4 });
    assert.equal(s.snapshot().turns.length, 7, 'the original turns stay in history');
    assert.deepEqual(s.promptTurns().map((t) => t.text), ['They fixed parseRow.', 'question 3', 'answer 3']);
    s.addQuestion('question 4');
    const { messages } = buildPrompt('system', s.promptTurns(), { contextWindow: 8192, maxOutputTokens: 1024 });
    assert.equal(messages[0]?.content, `system\n\n${SUMMARY_HEADING}\n\nThey fixed parseRow.`);
    assert.deepEqual(messages.slice(1).map((m) => m.role), ['user', 'assistant', 'user']);
  });

  it('a second summary folds the first in and counts what it stood for', () => {
    const s = chat(3);
    s.insertSummary(s.compactionPlan()!, 'first summary', 'm');
    s.addQuestion('question 4');
    s.startAnswer('m');
    s.endAnswer('done');
    s.addQuestion('question 5');
    const plan = s.compactionPlan();
    assert.deepEqual(plan?.covered.map((t) => t.text), ['first summary', 'question 3', 'answer 3', 'question 4', '']);
    assert.deepEqual(s.insertSummary(plan!, 'second', 'm')?.summaryOf, { turns: 8 });
  });

  it('is not inserted when the conversation changed while the model wrote it', () => {
    const s = chat(3);
    const plan = s.compactionPlan()!;
    s.addQuestion('another');
    assert.equal(s.insertSummary(plan, 'late', 'm'), undefined);
  });

  it('can be edited, and removed so the turns it covered are sent again', () => {
    const s = chat(3);
    const summary = s.insertSummary(s.compactionPlan()!, 'draft', 'm')!;
    assert.ok(s.editSummary(summary.id, ' corrected '));
    assert.equal(s.promptTurns()[0]?.text, 'corrected');
    assert.ok(!s.editSummary('t1', 'not a summary'));
    assert.ok(s.removeSummary(summary.id));
    assert.equal(s.promptTurns().length, 6);
  });

  it('the transcript keeps the newest turns when it must be shortened', () => {
    const turns = chat(3).snapshot().turns;
    const { text, left } = transcriptFor(turns, estimateTokens('## Developer\n\nquestion 3') * 2 + 2, estimateTokens);
    assert.equal(left, 4);
    assert.equal(text, '## Developer\n\nquestion 3\n\n## Parley\n\nanswer 3');
  });

  it('plans nothing while an answer streams', () => {
    const s = chat(2);
    s.addQuestion('q');
    s.startAnswer('m');
    assert.equal(s.compactionPlan(), undefined);
    assert.ok(compactionPlan(s.snapshot().turns));
  });
});
