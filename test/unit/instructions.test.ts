// Instruction files over a fixture tree (test/fixtures/instructions): which are found, which apply to the active
// file, and the one item they make; their front matter and globs.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INSTRUCTION_SOURCES, PROJECT_FILES_GLOB, instructionCandidates, instructionsItem, parseSources, sourceOf } from '../../src/core/context/instructions';
import type { InstructionFile } from '../../src/core/context/instructions';
import { globsField, parseFrontMatter, stringField } from '../../src/core/context/frontMatter';
import { globMatches } from '../../src/core/context/glob';
import { DEFAULT_EXCLUSIONS, exclusionOf } from '../../src/core/context/items';

const ROOT = join(process.cwd(), 'test', 'fixtures', 'instructions');

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    return statSync(join(dir, name)).isDirectory() ? walk(join(dir, name), path) : [path];
  });
}

const tree = walk(ROOT);
const files = (activePath: string | undefined, sources = INSTRUCTION_SOURCES, exclude: readonly string[] = []): InstructionFile[] =>
  instructionCandidates(tree, activePath, sources).map((c) => {
    const excluded = exclusionOf(c.path, [DEFAULT_EXCLUSIONS, { source: 'the test', patterns: exclude }]);
    return { ...c, excluded, text: excluded === undefined ? readFileSync(join(ROOT, c.path), 'utf8') : undefined };
  });

describe('project instructions', () => {
  it('finds every source, the root AGENTS.md and the nearest one to the active file, in the order they are sent', () => {
    assert.deepEqual(
      instructionCandidates(tree, 'packages/web/src/App.tsx', INSTRUCTION_SOURCES).map((c) => c.path),
      [
        'AGENTS.md',
        'packages/web/AGENTS.md',
        '.github/copilot-instructions.md',
        '.github/instructions/manual.instructions.md',
        '.github/instructions/python.instructions.md',
        '.github/instructions/typescript.instructions.md',
        '.cursor/rules/always.mdc',
        '.cursor/rules/react.mdc',
        '.cursor/rules/requested.mdc',
        '.clinerules/01-style.md',
        'CLAUDE.md',
        '.parley/instructions.md',
      ],
    );
    // Another package's AGENTS.md, and none but the root's with no file open or one outside the workspace.
    assert.deepEqual(instructionCandidates(tree, 'packages/api/handler.ts', ['AGENTS.md']).map((c) => c.path), ['AGENTS.md', 'packages/api/AGENTS.md']);
    assert.deepEqual(instructionCandidates(tree, undefined, ['AGENTS.md']).map((c) => c.path), ['AGENTS.md']);
    assert.deepEqual(instructionCandidates(tree, '/etc/x/AGENTS.md', ['AGENTS.md']).map((c) => c.path), ['AGENTS.md']);
    // Prompt files and ordinary files are no instructions.
    assert.equal(sourceOf('.github/prompts/changelog.prompt.md'), undefined);
    assert.equal(sourceOf('src/tool.py'), undefined);
    assert.equal(sourceOf('.clinerules'), '.clinerules');
  });

  it('reads only the sources the setting lists (all when it is not a list)', () => {
    assert.deepEqual(parseSources(['CLAUDE.md', 'nonsense', '.cursor/rules']), ['.cursor/rules', 'CLAUDE.md']);
    assert.deepEqual(parseSources(undefined), INSTRUCTION_SOURCES);
    assert.deepEqual(parseSources([]), []);
    assert.deepEqual(instructionCandidates(tree, 'src/tool.py', ['CLAUDE.md']).map((c) => c.path), ['CLAUDE.md']);
  });

  it('sends the rules whose applyTo or globs match the active file, and says why the others are not sent', () => {
    const item = instructionsItem(files('packages/web/src/App.tsx'), 'packages/web/src/App.tsx');
    assert.ok(item);
    assert.equal(item.kind, 'instructions');
    assert.equal(item.label, 'instructions');
    for (const sent of ['Use pnpm', 'function components', 'named exports', 'TypeScript: no any', 'always write tests', 'React hooks', 'two-space', 'keep answers short', 'British English']) {
      assert.ok(item.text.includes(sent), sent);
    }
    for (const notSent of ['Python: type hints', 'Manual rule', 'migrations are reversible', 'every handler validates', 'applyTo:', 'alwaysApply']) {
      assert.ok(!item.text.includes(notSent), notSent);
    }
    assert.match(item.text, /^## packages\/web\/AGENTS\.md$/m);
    assert.match(item.detail, /sent with the system prompt: AGENTS\.md, packages\/web\/AGENTS\.md, /);
    assert.match(item.detail, /\.github\/instructions\/manual\.instructions\.md \(no applyTo\)/);
    assert.match(item.detail, /\.cursor\/rules\/requested\.mdc \(applies when asked for: Database migrations\)/);
    assert.match(item.detail, /python\.instructions\.md \(applyTo \*\*\/\*\.py does not match App\.tsx\)/);

    const python = instructionsItem(files('src/tool.py'), 'src/tool.py');
    assert.ok(python?.text.includes('Python: type hints'));
    assert.ok(!python?.text.includes('TypeScript: no any'));
    assert.ok(!python?.text.includes('React hooks'));
  });

  it('never reads an excluded file, and says so; nothing found is no item at all', () => {
    const withExcluded = files('src/tool.py', INSTRUCTION_SOURCES, ['CLAUDE.md']);
    assert.equal(withExcluded.find((f) => f.path === 'CLAUDE.md')?.text, undefined);
    const item = instructionsItem(withExcluded, 'src/tool.py');
    assert.ok(item && !item.text.includes('keep answers short'));
    assert.match(item.detail, /CLAUDE\.md \(excluded\)/);
    const onlyExcluded = instructionsItem(files('src/tool.py', ['CLAUDE.md'], ['CLAUDE.md']), 'src/tool.py');
    assert.equal(onlyExcluded?.excluded !== undefined, true);
    assert.equal(onlyExcluded?.secret, true);
    assert.equal(instructionsItem([], 'src/tool.py'), undefined);
    // Rules that only do not match need no chip.
    assert.equal(instructionsItem(files('src/tool.py', ['.cursor/rules']).filter((f) => f.path !== '.cursor/rules/always.mdc'), 'src/tool.py'), undefined);
  });

  it('cuts instructions longer than the limit, and says so', () => {
    const long: InstructionFile = { path: 'AGENTS.md', source: 'AGENTS.md', text: 'x'.repeat(5000), excluded: undefined };
    const item = instructionsItem([long], undefined, 1000);
    assert.ok(item && item.text.length < 1200);
    assert.match(item.text, /cut here/);
  });

  it('the watched pattern covers every source and the prompt folders', () => {
    for (const path of ['packages/web/AGENTS.md', '.clinerules', '.clinerules/01-style.md', '.cursor/rules/a.mdc', '.github/prompts/x.prompt.md', '.parley/prompts/y.md', '.parley/instructions.md']) {
      assert.ok(globMatches(PROJECT_FILES_GLOB, path), path);
    }
    assert.ok(!globMatches(PROJECT_FILES_GLOB, 'src/csv.ts'));
  });
});

describe('front matter', () => {
  it('reads strings, quoted or not, booleans, inline and dash lists, and leaves the body', () => {
    const front = parseFrontMatter('---\ndescription: "React: components"\nglobs: src/**/*.tsx, "lib/*.ts"\nalwaysApply: false\ntags:\n  - a\n  - \'b\'\nlist: [x, "y"]\n---\n\nBody here.\n');
    assert.equal(stringField(front, 'description'), 'React: components');
    assert.deepEqual(globsField(front, 'globs'), ['src/**/*.tsx', 'lib/*.ts']);
    assert.equal(front.fields.get('alwaysApply'), false);
    assert.deepEqual(front.fields.get('tags'), ['a', 'b']);
    assert.deepEqual(front.fields.get('list'), ['x', 'y']);
    assert.equal(front.body, '\nBody here.\n');
  });

  it('a file with no front matter is all body, CRLF and a BOM included', () => {
    assert.equal(parseFrontMatter('Just text\n---\n').body, 'Just text\n---\n');
    const crlf = parseFrontMatter('\uFEFF---\r\napplyTo: "**/*.ts"\r\n---\r\nRule\r\n');
    assert.deepEqual(globsField(crlf, 'applyTo'), ['**/*.ts']);
    assert.equal(crlf.body, 'Rule\r\n');
  });

  it('splits comma-separated globs but not the commas inside braces', () => {
    assert.deepEqual(globsField(parseFrontMatter('---\napplyTo: "src/**/*.{ts,tsx},docs/**"\n---\n'), 'applyTo'), ['src/**/*.{ts,tsx}', 'docs/**']);
  });
});

describe('glob matching', () => {
  const cases: [string, string, boolean][] = [
    ['**/*.ts', 'src/a.ts', true],
    ['**/*.ts', 'a.ts', true],
    ['**/*.ts', 'src/a.tsx', false],
    ['*.ts', 'deep/in/here/a.ts', true],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/sub/a.ts', false],
    ['src/**', 'src/sub/a.ts', true],
    ['src/', 'src/sub/a.ts', true],
    ['src/**/*.{ts,tsx}', 'src/x/App.tsx', true],
    ['src/**/test?.py', 'src/test1.py', true],
    ['**/[ab].md', 'docs/a.md', true],
    ['**/[!ab].md', 'docs/a.md', false],
    ['/README.md', 'README.md', true],
    ['./lib/**/*.js', 'lib/x/y.js', true],
    ['**', 'anything/at/all.txt', true],
    ['a.b', 'axb', false],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(globMatches(glob, path), expected));
  }
});
