import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_COMMANDS, expandPrompt, matchCommands, parseSlash, promptFileFrom, promptInputs, sendsLine, slashQueryAt } from '../../src/core/chat/slashCommands';

const ROOT = join(process.cwd(), 'test', 'fixtures', 'instructions');
const scope = { path: 'src/csv.ts', startLine: 10, endLine: 24, what: 'the selected code' };

describe('slash commands', () => {
  it('reads a command and its arguments only at the start of the input', () => {
    assert.deepEqual(parseSlash('/explain'), { name: 'explain', args: '' });
    assert.deepEqual(parseSlash('  /Review #changes and be strict\nplease'), { name: 'review', args: '#changes and be strict\nplease' });
    assert.equal(parseSlash('why does /explain fail'), undefined);
    assert.equal(parseSlash('/usr/bin/env is missing'), undefined);
    assert.deepEqual(slashQueryAt('/ex', 3), { start: 0, query: 'ex' });
    assert.equal(slashQueryAt('/explain more', 13), undefined);
    assert.equal(slashQueryAt('a /ex', 5), undefined);
  });

  it('completes names that start with what is typed first, then fuzzy ones', () => {
    assert.deepEqual(matchCommands('', BUILT_IN_COMMANDS).map((m) => m.command.name), ['explain', 'fix', 'tests', 'doc', 'review', 'new', 'compact']);
    const matched = matchCommands('e', BUILT_IN_COMMANDS);
    assert.equal(matched[0]?.command.name, 'explain');
    assert.deepEqual(matched[0]?.positions, [1]);
    assert.ok(matched.some((m) => m.command.name === 'review'));
    assert.deepEqual(matchCommands('zzz', BUILT_IN_COMMANDS), []);
  });

  it('says what each will send', () => {
    const explain = BUILT_IN_COMMANDS[0]!;
    assert.equal(sendsLine(explain, { kind: 'code', scope, selection: true }), '/explain · the selection in csv.ts, lines 10–24');
    const fix = BUILT_IN_COMMANDS.find((c) => c.name === 'fix')!;
    assert.equal(sendsLine(fix, { kind: 'code', scope: { ...scope, what: 'the function parseRow' }, selection: false }), '/fix · the function parseRow in csv.ts, lines 10–24, as a proposal');
    const review = BUILT_IN_COMMANDS.find((c) => c.name === 'review')!;
    assert.equal(sendsLine(review, { kind: 'changes' }), '/review · the uncommitted changes (#changes)');
    assert.match(sendsLine(explain, { kind: 'none' }), /open a file or select some code first/);
    const compact = BUILT_IN_COMMANDS.find((c) => c.name === 'compact')!;
    assert.match(sendsLine(compact, { kind: 'none' }, { compactable: false }), /not enough earlier messages/);
  });
});

describe('prompt files', () => {
  const changelog = promptFileFrom('.github/prompts/changelog.prompt.md', readFileSync(join(ROOT, '.github/prompts/changelog.prompt.md'), 'utf8'));
  const explainLike = promptFileFrom('.parley/prompts/explain-like.md', readFileSync(join(ROOT, '.parley/prompts/explain-like.md'), 'utf8'));

  it('are named by their file, described by their front matter', () => {
    assert.equal(changelog?.name, 'changelog');
    assert.equal(changelog?.description, 'Write a changelog entry');
    assert.equal(explainLike?.name, 'explain-like');
    assert.equal(explainLike?.description, 'Prompt from .parley/prompts/explain-like.md');
    assert.equal(promptFileFrom('.github/prompts/notes.md', 'x'), undefined);
    assert.equal(promptFileFrom('.parley/prompts/empty.md', '---\ndescription: nothing\n---\n'), undefined);
  });

  it('fill in ${selection}, ${file} and each ${input:name}', () => {
    assert.deepEqual(promptInputs(changelog!.body), [{ name: 'topic', placeholder: 'what changed' }]);
    assert.deepEqual(promptInputs('${input:a} ${input:b} ${input:a}').map((i) => i.name), ['a', 'b']);
    const text = expandPrompt(changelog!.body, { selection: 'const x = 1;', file: 'src/csv.ts', inputs: new Map([['topic', 'tabs']]) });
    assert.equal(text, 'Write a changelog entry for src/csv.ts about tabs.\n\nconst x = 1;');
    const line = sendsLine({ name: 'changelog', description: '', prompt: changelog! }, { kind: 'code', scope, selection: true }, { inputs: ['topic'] });
    assert.equal(line, '/changelog · .github/prompts/changelog.prompt.md with the selection in csv.ts, lines 10–24, asking for topic');
  });
});
