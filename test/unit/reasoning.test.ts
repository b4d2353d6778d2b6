import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReasoningSplitter, splitReasoning } from '../../src/core/model/reasoning';
import type { StreamPiece } from '../../src/core/model/reasoning';

/** Feeds content chunks in order and joins what came out of each kind. */
function feed(chunks: readonly string[]): { reasoning: string; answer: string; pieces: StreamPiece[] } {
  const splitter = new ReasoningSplitter();
  const pieces = [...chunks.flatMap((c) => splitter.content(c)), ...splitter.end()];
  const join = (kind: StreamPiece['kind']) => pieces.filter((p) => p.kind === kind).map((p) => p.text).join('');
  return { reasoning: join('reasoning'), answer: join('answer'), pieces };
}

describe('reasoning splitter', () => {
  it('passes an answer without tags through unchanged, chunk by chunk', () => {
    const splitter = new ReasoningSplitter();
    assert.deepEqual(splitter.content('Because '), [{ kind: 'answer', text: 'Because ' }]);
    assert.deepEqual(splitter.content('the loop stops.'), [{ kind: 'answer', text: 'the loop stops.' }]);
    assert.deepEqual(splitter.end(), []);
  });

  it('takes <think>…</think> out of the answer as reasoning', () => {
    assert.deepEqual(feed(['<think>The loop bound is off.</think>\n\nUse `i < n`.']), {
      reasoning: 'The loop bound is off.',
      answer: '\n\nUse `i < n`.',
      pieces: [
        { kind: 'reasoning', text: 'The loop bound is off.' },
        { kind: 'answer', text: '\n\nUse `i < n`.' },
      ],
    });
  });

  it('reads <thinking>…</thinking> too', () => {
    const { reasoning, answer } = feed(['<thinking>hmm</thinking>Done.']);
    assert.deepEqual({ reasoning, answer }, { reasoning: 'hmm', answer: 'Done.' });
  });

  it('finds a tag split across chunks, a letter at a time', () => {
    const text = '<think>check the bound</think>Use i < n.';
    const { reasoning, answer } = feed(Array.from(text));
    assert.deepEqual({ reasoning, answer }, { reasoning: 'check the bound', answer: 'Use i < n.' });
  });

  it('holds back only what could still be a tag, and lets a plain < through once it cannot', () => {
    const splitter = new ReasoningSplitter();
    assert.deepEqual(splitter.content('if a <th'), [{ kind: 'answer', text: 'if a ' }]);
    assert.deepEqual(splitter.content('en b'), [{ kind: 'answer', text: '<then b' }]);
    assert.deepEqual(splitter.content(' < c'), [{ kind: 'answer', text: ' < c' }]);
  });

  it('keeps answer text before and after the reasoning (mixed with content)', () => {
    const { reasoning, answer } = feed(['Let me see. <thi', 'nk>first idea', '</thi', 'nk> So: yes.']);
    assert.deepEqual({ reasoning, answer }, { reasoning: 'first idea', answer: 'Let me see.  So: yes.' });
  });

  it('a stream that ends inside the reasoning leaves all of it as reasoning and no answer', () => {
    const { reasoning, answer } = feed(['<think>Step one. ', 'Step two, and then </th']);
    assert.deepEqual({ reasoning, answer }, { reasoning: 'Step one. Step two, and then </th', answer: '' });
  });

  it('a stream that ends on a partial opening tag keeps it as answer text', () => {
    const { reasoning, answer } = feed(['x <thin']);
    assert.deepEqual({ reasoning, answer }, { reasoning: '', answer: 'x <thin' });
  });

  it('reasoning deltas (reasoning_content, reasoning) are reasoning as they are', () => {
    const splitter = new ReasoningSplitter();
    assert.deepEqual(splitter.reasoning('a <think> b'), [{ kind: 'reasoning', text: 'a <think> b' }]);
    assert.deepEqual(splitter.reasoning(''), []);
  });

  it('whole texts split the same as streamed ones', () => {
    assert.deepEqual(splitReasoning('<think>a</think>b'), { reasoning: 'a', answer: 'b' });
  });

  it('whatever the chunking, the reasoning and the answer come out the same', () => {
    const text = 'Intro <think>weigh a < b and <b>bold</b></think>\nAnswer <thinking>again</thinking> end <th';
    const whole = splitReasoning(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i) => text.slice(from, points[i] ?? text.length));
        const { reasoning, answer } = feed(chunks);
        assert.deepEqual({ reasoning, answer }, whole);
      }),
    );
  });
});
