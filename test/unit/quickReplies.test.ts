import * as assert from 'node:assert/strict';
import { QUICK_REPLY_INSTRUCTION, parseQuickReplies } from '../../src/core/chat/quickReplies';

describe('quick replies', () => {
  it('an answer ending with "Options: A | B | C" offers those options and drops the line', () => {
    const text = 'Should empty lines be skipped?\n\nOptions: Skip them | Keep them | Throw an error\n';
    assert.deepEqual(parseQuickReplies(text), {
      body: 'Should empty lines be skipped?',
      options: ['Skip them', 'Keep them', 'Throw an error'],
    });
  });

  it('tolerates bold, a list marker, trailing spaces and a final period', () => {
    for (const line of [
      '**Options:** Tabs | Commas',
      '**Options**: Tabs | Commas',
      '__Options:__ Tabs | Commas',
      '*Options:* Tabs | Commas',
      '- Options: Tabs | Commas',
      '* **Options:** Tabs | Commas   ',
      'options: Tabs | Commas.',
      'Options:Tabs|Commas',
      '**Options: Tabs | Commas**',
    ]) {
      assert.deepEqual(parseQuickReplies(`Which delimiter?\n${line}`), { body: 'Which delimiter?', options: ['Tabs', 'Commas'] }, line);
    }
  });

  it('does not take a line whose emphasis does not match', () => {
    assert.deepEqual(parseQuickReplies('**Options: A | B').options, []);
    assert.deepEqual(parseQuickReplies('**Options:* A | B').options, []);
    assert.deepEqual(parseQuickReplies('Optional: A | B').options, []);
  });

  it('keeps an answer without an options line as it is', () => {
    const text = 'The loop stops one short.\n\nUse `i < n`.\n';
    assert.deepEqual(parseQuickReplies(text), { body: text, options: [] });
    assert.deepEqual(parseQuickReplies(''), { body: '', options: [] });
  });

  it('only reads the last non-empty line', () => {
    const text = 'Options: A | B\n\nBut first, which file?\n';
    assert.deepEqual(parseQuickReplies(text).options, []);
    assert.deepEqual(parseQuickReplies('Which?\nOptions: A | B\n\n  \n').options, ['A', 'B']);
  });

  it('needs two to five options of 1 to 80 characters each', () => {
    assert.deepEqual(parseQuickReplies('Options: Only one').options, []);
    assert.deepEqual(parseQuickReplies('Options: A | B | C | D | E').options, ['A', 'B', 'C', 'D', 'E']);
    assert.deepEqual(parseQuickReplies('Options: A | B | C | D | E | F').options, []);
    assert.deepEqual(parseQuickReplies('Options: A |  | C').options, []);
    assert.deepEqual(parseQuickReplies(`Options: ${'x'.repeat(80)} | B`).options, ['x'.repeat(80), 'B']);
    assert.deepEqual(parseQuickReplies(`Options: ${'x'.repeat(81)} | B`).options, []);
  });

  it('never takes a line inside a code fence', () => {
    const fenced = 'Here is the config:\n\n```yaml\nOptions: a | b\n';
    assert.deepEqual(parseQuickReplies(fenced), { body: fenced, options: [] });
    const inTilde = '~~~\ncode\nOptions: a | b\n';
    assert.deepEqual(parseQuickReplies(inTilde).options, []);
  });

  it('takes the line after a fence that closed', () => {
    const text = '```ts\nconst a = 1;\n```\nKeep it?\nOptions: Yes | No';
    assert.deepEqual(parseQuickReplies(text), { body: '```ts\nconst a = 1;\n```\nKeep it?', options: ['Yes', 'No'] });
  });

  it('keeps the body\'s own line endings', () => {
    assert.deepEqual(parseQuickReplies('a\r\nb\r\nOptions: X | Y\r\n'), { body: 'a\r\nb', options: ['X', 'Y'] });
  });

  it('asks the model for exactly the format the parser reads', () => {
    const example = /"(Options: [^"]+)"/.exec(QUICK_REPLY_INSTRUCTION)?.[1];
    assert.ok(example, 'the instruction shows an example line');
    assert.deepEqual(parseQuickReplies(`Which one?\n${example}`).options, ['first', 'second', 'third']);
    assert.doesNotMatch(QUICK_REPLY_INSTRUCTION, /\n/, 'one line');
  });
});
