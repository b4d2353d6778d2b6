import * as assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chat/session';

function session(): ChatSession {
  let id = 0;
  let time = 1000;
  return new ChatSession('c1', undefined, () => time++, () => `t${++id}`);
}

describe('chat session', () => {
  it('titles the conversation after its first question', () => {
    const s = session();
    s.addQuestion('Why does parseRow drop the last field?\nMore detail here.');
    s.startAnswer('m');
    s.endAnswer('done');
    s.addQuestion('Second question');
    assert.equal(s.snapshot().title, 'Why does parseRow drop the last field?');
  });

  it('builds the streaming answer from its pieces and shows it in snapshots while streaming', () => {
    const s = session();
    s.addQuestion('q');
    s.startAnswer('m');
    s.appendToAnswer('Hel');
    s.appendToAnswer('lo');
    assert.equal(s.snapshot().turns[1]?.text, 'Hello');
    assert.equal(s.snapshot().turns[1]?.status, 'streaming');
    const ended = s.endAnswer('done');
    assert.deepEqual({ text: ended?.text, status: ended?.status, model: ended?.model }, { text: 'Hello', status: 'done', model: 'm' });
    assert.equal(s.isStreaming, false);
  });

  it('refuses a new question while an answer streams', () => {
    const s = session();
    s.addQuestion('q');
    s.startAnswer('m');
    assert.throws(() => s.addQuestion('another'), /still streaming/);
  });

  it('keeps a failed answer with its error, and leaves it out of the prompt', () => {
    const s = session();
    s.addQuestion('q');
    s.startAnswer('m');
    s.endAnswer('error', { kind: 'server', message: 'The server had an error (500).', action: 'retry' });
    assert.equal(s.snapshot().turns[1]?.error?.kind, 'server');
    assert.deepEqual(s.promptTurns().map((t) => t.text), ['q']);
  });

  it('regenerate drops the answers after the last question', () => {
    const s = session();
    s.addQuestion('q1');
    s.startAnswer('m');
    s.appendToAnswer('a1');
    s.endAnswer('done');
    const question = s.dropAnswersAfterLastQuestion();
    assert.equal(question?.text, 'q1');
    assert.deepEqual(s.snapshot().turns.map((t) => t.text), ['q1']);
  });

  it('edit and resend replaces the question and everything after it', () => {
    const s = session();
    const first = s.addQuestion('q1');
    s.startAnswer('m');
    s.endAnswer('done');
    s.addQuestion('q2');
    const edited = s.replaceQuestion(first.id, 'q1 edited');
    assert.equal(edited?.text, 'q1 edited');
    assert.deepEqual(s.snapshot().turns.map((t) => t.text), ['q1 edited']);
    assert.equal(s.replaceQuestion('no-such-turn', 'x'), undefined);
  });

  it('a conversation saved mid-stream reopens with that answer stopped, its text kept', () => {
    const s = session();
    s.addQuestion('q');
    s.startAnswer('m');
    s.appendToAnswer('half an answer');
    const reopened = ChatSession.fromConversation(s.snapshot());
    assert.equal(reopened.isStreaming, false);
    assert.deepEqual(
      reopened.snapshot().turns.map((t) => [t.status, t.text]),
      [['done', 'q'], ['stopped', 'half an answer']],
    );
  });
});
