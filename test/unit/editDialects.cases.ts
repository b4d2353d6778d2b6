// The dialect table: model answers in every edit dialect Parley reads (/tmp/spec.md's contract, learnt from how
// aider, Cline, Roo Code and Codex's apply_patch write them), the files they were written against, and what must
// happen: exactly these files change to exactly these texts, or nothing changes and the refusals say why. The
// expected texts are written out by hand from the contract, never produced by the code under test.
import type { PlanOptions } from '../../src/core/edits/plan';

export type Dialect =
  | 'parley'
  | 'aider-fenced'
  | 'aider-fenceless'
  | 'cline'
  | 'roo'
  | 'line-numbers'
  | 'unified-diff'
  | 'v4a'
  | 'whole-file';

export const DIALECTS: readonly Dialect[] = [
  'parley',
  'aider-fenced',
  'aider-fenceless',
  'cline',
  'roo',
  'line-numbers',
  'unified-diff',
  'v4a',
  'whole-file',
];

export interface DialectExpectation {
  /** Exactly these files change, to exactly these texts; every other file stays as it was. */
  readonly files?: Readonly<Record<string, string>>;
  /** Each is found, case-insensitively, in some refusal's reason. An empty list: refused, in any words. */
  readonly refused?: readonly string[];
}

export interface DialectCase {
  readonly name: string;
  readonly dialect: Dialect;
  readonly answer: string;
  readonly files: Readonly<Record<string, string>>;
  readonly expect: DialectExpectation;
  readonly options?: PlanOptions;
}

/** Lines as a file's text: LF, with a final line break. */
const lf = (...lines: string[]): string => lines.join('\n') + '\n';
/** Lines as a Windows file's text. */
const crlf = (...lines: string[]): string => lines.join('\r\n') + '\r\n';
/** An answer's text from its lines. */
const say = (...lines: string[]): string => lines.join('\n') + '\n';
const F = '```';

const S = '<<<<<<< SEARCH';
const D = '=======';
const R = '>>>>>>> REPLACE';
const CS = '------- SEARCH';
const CR = '+++++++ REPLACE';

// src/greet.ts, the file most cases edit.
const G1 = 'export function greet(name: string): string {';
const G2 = '  console.log("hello");';
const G3 = '  return "Hello, " + name + "!";';
const G6 = 'export function farewell(name: string): string {';
const G7 = '  return "Goodbye, " + name + ".";';
const GREET = lf(G1, G2, G3, '}', '', G6, G7, '}');
const G2_NEW = '  console.log("hello, " + name);';
/** GREET with its console.log line changed (the commonest edit below). */
const GREET_LOGGED = lf(G1, G2_NEW, G3, '}', '', G6, G7, '}');
const G7_NEW = '  return "Bye, " + name + ".";';
const GREET_BYE = lf(G1, G2, G3, '}', '', G6, G7_NEW, '}');
const GREET_BOTH = lf(G1, G2_NEW, G3, '}', '', G6, G7_NEW, '}');
const GREET_QUIET = lf(G1, G3, '}', '', G6, G7, '}');
const greetFiles = { 'src/greet.ts': GREET };

// app.py
const P1 = 'def load(path):';
const P2 = '    with open(path) as f:';
const P3 = '        return f.read()';
const P6 = 'def save(path, text):';
const P7 = '    with open(path, "w") as f:';
const P8 = '        f.write(text)';
const APP = lf(P1, P2, P3, '', '', P6, P7, P8);
const P7_NEW = '    with open(path, "w", encoding="utf-8") as f:';
const APP_UTF8 = lf(P1, P2, P3, '', '', P6, P7_NEW, P8);

// src/dup.ts: the same two lines at lines 2-3 and 8-9.
const DUP_A = '  const total = items.length;';
const DUP_B = '  return total;';
const DUP = lf('function first() {', DUP_A, DUP_B, '}', '', '// the same again', 'function second() {', DUP_A, DUP_B, '}');
const DUP_NEW = '  const total = items.length + 1;';
const DUP_FIRST = lf('function first() {', DUP_NEW, DUP_B, '}', '', '// the same again', 'function second() {', DUP_A, DUP_B, '}');
const DUP_SECOND = lf('function first() {', DUP_A, DUP_B, '}', '', '// the same again', 'function second() {', DUP_NEW, DUP_B, '}');
const dupFiles = { 'src/dup.ts': DUP };

// main.go, indented with tabs.
const GO = lf('package main', '', 'import "fmt"', '', 'func main() {', '\tfor i := 0; i < 3; i++ {', '\t\tfmt.Println(i)', '\t}', '}');

// shapes.py: the same method body in two classes, for V4A scopes.
const SHAPES = lf('class Circle:', '    def area(self):', '        return 0', '', '', 'class Square:', '    def area(self):', '        return 0');
const SHAPES_SQUARE = lf('class Circle:', '    def area(self):', '        return 0', '', '', 'class Square:', '    def area(self):', '        return self.side * self.side');

const fenced = (info: string, ...body: string[]): string[] => [F + info, ...body, F];
const pair = (search: readonly string[], replace: readonly string[]): string[] => [S, ...search, D, ...replace, R];
const clinePair = (search: readonly string[], replace: readonly string[]): string[] => [CS, ...search, D, ...replace, CR];

const parley: DialectCase[] = [
  {
    name: 'a fenced block with the path in the info string',
    dialect: 'parley',
    answer: say('Log the name too:', '', ...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'two pairs in one fence apply in order',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW]), '', ...pair([G7], [G7_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BOTH } },
  },
  {
    name: 'two fences for two files',
    dialect: 'parley',
    answer: say(
      'First the greeting:',
      ...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW])),
      '',
      'Then the encoding:',
      ...fenced('python app.py', ...pair([P7], [P7_NEW])),
    ),
    files: { ...greetFiles, 'app.py': APP },
    expect: { files: { 'src/greet.ts': GREET_LOGGED, 'app.py': APP_UTF8 } },
  },
  {
    name: 'the info string as language:path',
    dialect: 'parley',
    answer: say(...fenced('ts:src/greet.ts', ...pair([G2], [G2_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'the info string with title="path"',
    dialect: 'parley',
    answer: say(...fenced('ts title="src/greet.ts"', ...pair([G2], [G2_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'the info string is only the path',
    dialect: 'parley',
    answer: say(...fenced('src/greet.ts', ...pair([G7], [G7_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'an empty SEARCH creates a new file',
    dialect: 'parley',
    answer: say(...fenced('ts src/util.ts', ...pair([], ['export const one = 1;', 'export const two = 2;']))),
    files: greetFiles,
    expect: { files: { 'src/util.ts': lf('export const one = 1;', 'export const two = 2;') } },
  },
  {
    name: 'an empty SEARCH for a file that exists is refused',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([], ['export const one = 1;']))),
    files: greetFiles,
    expect: { refused: ['already exists'] },
  },
  {
    name: 'an empty REPLACE deletes the lines',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2], []))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_QUIET } },
  },
  {
    name: 'a SEARCH that is part of a line replaces just that part',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair(['console.log("hello")'], ['console.debug("hello")']))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': lf(G1, '  console.debug("hello");', G3, '}', '', G6, G7, '}') } },
  },
  {
    name: 'a path comment as the first line of the fence',
    dialect: 'parley',
    answer: say(...fenced('ts', '// src/greet.ts', ...pair([G2], [G2_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'a fence inside a list item, indented',
    dialect: 'parley',
    answer: say('1. Log the name:', '', ...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW])).map((l) => '   ' + l)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'a tilde fence',
    dialect: 'parley',
    answer: say('~~~ts src/greet.ts', ...pair([G2], [G2_NEW]), '~~~'),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'a four-backtick fence around a Markdown file with a code block in it',
    dialect: 'parley',
    answer: say('````md README.md', S, '```sh', 'npm install', '```', D, '```sh', 'npm ci', '```', R, '````'),
    files: { 'README.md': lf('# Setup', '', '```sh', 'npm install', '```') },
    expect: { files: { 'README.md': lf('# Setup', '', '```sh', 'npm ci', '```') } },
  },
  {
    name: 'a REPLACE that keeps a placeholder is refused',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2, G3], [G2_NEW, '  // ... existing code ...']))),
    files: greetFiles,
    expect: { refused: ['still contains'] },
  },
  {
    name: 'a SEARCH in a file that does not exist is refused',
    dialect: 'parley',
    answer: say(...fenced('ts src/missing.ts', ...pair([G2], [G2_NEW]))),
    files: greetFiles,
    expect: { refused: ['does not exist'] },
  },
  {
    name: 'the ORIGINAL and UPDATED words',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', '<<<<<<< ORIGINAL', G2, D, G2_NEW, '>>>>>>> UPDATED')),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'a SEARCH marker with > right after the word',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', '<<<<<<< SEARCH>', G2, D, G2_NEW, R)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'markers indented inside the fence',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', '  ' + S, G2, '  ' + D, G2_NEW, '  ' + R)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'a second pair matches the text the first one left',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW]), ...pair([G2_NEW, G3], [G3]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_QUIET } },
  },
  {
    name: 'a Markdown heading underline on both sides: the middle ======= divides',
    dialect: 'parley',
    answer: say(...fenced('md README.md', S, 'Title', D, '', 'Intro.', D, 'Title', D, '', 'A better intro.', R)),
    files: { 'README.md': lf('Title', D, '', 'Intro.') },
    expect: { files: { 'README.md': lf('Title', D, '', 'A better intro.') } },
  },
  {
    name: 'several files, one of them new',
    dialect: 'parley',
    answer: say(
      ...fenced('ts src/greet.ts', ...pair([G2], ['  log("hello");'])),
      ...fenced('ts src/log.ts', ...pair([], ['export function log(text: string): void {', '  console.log(text);', '}'])),
    ),
    files: greetFiles,
    expect: {
      files: {
        'src/greet.ts': lf(G1, '  log("hello");', G3, '}', '', G6, G7, '}'),
        'src/log.ts': lf('export function log(text: string): void {', '  console.log(text);', '}'),
      },
    },
  },
  {
    name: 'a SEARCH whose lines have trailing spaces the file does not',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2 + '  ', G3 + ' '], [G2_NEW, G3]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'typographic quotes in SEARCH still find the ASCII line',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair(['  console.log(\u201chello\u201d);'], [G2_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
];

const aiderFenced: DialectCase[] = [
  {
    name: 'the path on the line before the fence',
    dialect: 'aider-fenced',
    answer: say('src/greet.ts', ...fenced('typescript', ...pair([G2], [G2_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'the path as the first line inside the fence',
    dialect: 'aider-fenced',
    answer: say(...fenced('python', 'app.py', ...pair([P7], [P7_NEW]))),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: 'a path line between pairs switches the file',
    dialect: 'aider-fenced',
    answer: say(...fenced('', 'src/greet.ts', ...pair([G2], [G2_NEW]), '', 'app.py', ...pair([P7], [P7_NEW]))),
    files: { ...greetFiles, 'app.py': APP },
    expect: { files: { 'src/greet.ts': GREET_LOGGED, 'app.py': APP_UTF8 } },
  },
  {
    name: 'each file in its own fence, each with its path line',
    dialect: 'aider-fenced',
    answer: say(
      'src/greet.ts',
      ...fenced('typescript', ...pair([G7], [G7_NEW])),
      '',
      'app.py',
      ...fenced('python', ...pair([P7], [P7_NEW])),
    ),
    files: { ...greetFiles, 'app.py': APP },
    expect: { files: { 'src/greet.ts': GREET_BYE, 'app.py': APP_UTF8 } },
  },
  {
    name: 'UPDATED instead of REPLACE',
    dialect: 'aider-fenced',
    answer: say('app.py', ...fenced('python', '<<<<<<< SEARCH', P7, D, P7_NEW, '>>>>>>> UPDATED')),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: 'a new file: path line, fence, empty SEARCH',
    dialect: 'aider-fenced',
    answer: say('tests/test_app.py', ...fenced('python', ...pair([], ['from app import load', '', '', 'def test_load():', '    assert load']))),
    files: { 'app.py': APP },
    expect: { files: { 'tests/test_app.py': lf('from app import load', '', '', 'def test_load():', '    assert load') } },
  },
  {
    name: 'deleting a whole function',
    dialect: 'aider-fenced',
    answer: say('app.py', ...fenced('python', ...pair(['', '', P6, P7, P8], []))),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, P2, P3) } },
  },
  {
    name: 'a path line in bold before the fence',
    dialect: 'aider-fenced',
    answer: say('**app.py**', ...fenced('python', ...pair([P7], [P7_NEW]))),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: 'several pairs for one file in one fence',
    dialect: 'aider-fenced',
    answer: say(
      'app.py',
      ...fenced('python', ...pair([P2], ['    with open(path, encoding="utf-8") as f:']), '', ...pair([P7], [P7_NEW])),
    ),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, '    with open(path, encoding="utf-8") as f:', P3, '', '', P6, P7_NEW, P8) } },
  },
  {
    name: 'prose before the fence, the path inside it',
    dialect: 'aider-fenced',
    answer: say('Here is the change:', ...fenced('python', 'app.py', ...pair([P3], ['        return f.read().strip()']))),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, P2, '        return f.read().strip()', '', '', P6, P7, P8) } },
  },
];

const aiderFenceless: DialectCase[] = [
  {
    name: 'a path line, then the markers, no fence',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', ...pair([G2], [G2_NEW])),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'prose around a fence-less block',
    dialect: 'aider-fenceless',
    answer: say('I will log the name.', '', 'src/greet.ts', ...pair([G2], [G2_NEW]), '', 'That is all.'),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'two pairs, each with its own path line',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', ...pair([G2], [G2_NEW]), '', 'app.py', ...pair([P7], [P7_NEW])),
    files: { ...greetFiles, 'app.py': APP },
    expect: { files: { 'src/greet.ts': GREET_LOGGED, 'app.py': APP_UTF8 } },
  },
  {
    name: 'a second pair without a path line stays with the file before it',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', ...pair([G2], [G2_NEW]), '', ...pair([G7], [G7_NEW])),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BOTH } },
  },
  {
    name: 'no path: the active editor',
    dialect: 'aider-fenceless',
    answer: say('Change it like this:', '', ...pair([G7], [G7_NEW])),
    files: greetFiles,
    options: { activePath: 'src/greet.ts' },
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'no path and no editor is refused',
    dialect: 'aider-fenceless',
    answer: say('Change it like this:', '', ...pair([G7], [G7_NEW])),
    files: greetFiles,
    expect: { refused: ['names no file'] },
  },
  {
    name: 'a new file from an empty SEARCH',
    dialect: 'aider-fenceless',
    answer: say('src/util.ts', ...pair([], ['export const one = 1;'])),
    files: greetFiles,
    expect: { files: { 'src/util.ts': lf('export const one = 1;') } },
  },
  {
    name: 'an answer cut off before REPLACE is refused',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', S, G2, D, G2_NEW),
    files: greetFiles,
    expect: { refused: ['REPLACE marker'] },
  },
  {
    name: 'a CRLF answer',
    dialect: 'aider-fenceless',
    answer: ['src/greet.ts', ...pair([G2], [G2_NEW])].join('\r\n') + '\r\n',
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'the whole block indented by four spaces',
    dialect: 'aider-fenceless',
    answer: say('app.py', ...pair([P7, P8], [P7_NEW, P8]).map((l) => '    ' + l)),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: 'a path in backticks before the markers',
    dialect: 'aider-fenceless',
    answer: say('`app.py`', ...pair([P7], [P7_NEW])),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
];

const cline: DialectCase[] = [
  {
    name: 'Cline markers in a fence with the path',
    dialect: 'cline',
    answer: say(...fenced('ts src/greet.ts', ...clinePair([G2], [G2_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'bare, in replace_in_file with a <path> line',
    dialect: 'cline',
    answer: say('<replace_in_file>', '<path>src/greet.ts</path>', '<diff>', ...clinePair([G2], [G2_NEW]), '</diff>', '</replace_in_file>'),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'bare, no path: the active editor',
    dialect: 'cline',
    answer: say(...clinePair([G7], [G7_NEW])),
    files: greetFiles,
    options: { activePath: 'src/greet.ts' },
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'an apply_diff wrapper',
    dialect: 'cline',
    answer: say('<apply_diff>', '<path>app.py</path>', '<diff>', ...clinePair([P7], [P7_NEW]), '</diff>', '</apply_diff>'),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: '------- SEARCH with >>>>>>> REPLACE',
    dialect: 'cline',
    answer: say(...fenced('ts src/greet.ts', CS, G2, D, G2_NEW, R)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: '<<<<<<< SEARCH with +++++++ REPLACE',
    dialect: 'cline',
    answer: say(...fenced('ts src/greet.ts', S, G2, D, G2_NEW, CR)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'several pairs in one <diff>',
    dialect: 'cline',
    answer: say('<replace_in_file>', '<path>src/greet.ts</path>', '<diff>', ...clinePair([G2], [G2_NEW]), ...clinePair([G7], [G7_NEW]), '</diff>', '</replace_in_file>'),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BOTH } },
  },
  {
    name: 'Cline markers in a ```diff fence are SEARCH/REPLACE, not a diff',
    dialect: 'cline',
    answer: say(...fenced('diff', ...clinePair([G2], [G2_NEW]))),
    files: greetFiles,
    options: { activePath: 'src/greet.ts' },
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'an empty REPLACE deletes',
    dialect: 'cline',
    answer: say('<path>src/greet.ts</path>', ...clinePair([G2], [])),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_QUIET } },
  },
  {
    name: 'two files, two replace_in_file calls',
    dialect: 'cline',
    answer: say(
      '<replace_in_file>', '<path>src/greet.ts</path>', '<diff>', ...clinePair([G2], [G2_NEW]), '</diff>', '</replace_in_file>',
      '',
      '<replace_in_file>', '<path>app.py</path>', '<diff>', ...clinePair([P7], [P7_NEW]), '</diff>', '</replace_in_file>',
    ),
    files: { ...greetFiles, 'app.py': APP },
    expect: { files: { 'src/greet.ts': GREET_LOGGED, 'app.py': APP_UTF8 } },
  },
  {
    name: 'a SEARCH that does not match is refused',
    dialect: 'cline',
    answer: say('<path>src/greet.ts</path>', ...clinePair(['  console.log("wrong");'], [G2_NEW])),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
  {
    name: 'a bare block cut off inside REPLACE is refused',
    dialect: 'cline',
    answer: say('<path>src/greet.ts</path>', CS, G2, D, G2_NEW),
    files: greetFiles,
    expect: { refused: ['REPLACE marker'] },
  },
];

/** A Roo Code pair: `:start_line:` (and `:end_line:`) and the `-------` line after the SEARCH marker. */
const rooPair = (start: number | undefined, search: readonly string[], replace: readonly string[], end?: number): string[] => [
  S,
  ...(start === undefined ? [] : [`:start_line:${start}`]),
  ...(end === undefined ? [] : [`:end_line:${end}`]),
  '-------',
  ...search,
  D,
  ...replace,
  R,
];
const applyDiff = (path: string, ...body: string[]): string => say('<apply_diff>', `<path>${path}</path>`, '<diff>', ...body, '</diff>', '</apply_diff>');

const CALC = lf('export function calculate(a: number, b: number): number {', '<<<<<<< HEAD', '  return a + b;', D, '  return a * b;', '>>>>>>> feature', '}');

const roo: DialectCase[] = [
  {
    name: 'a right :start_line: on a unique match',
    dialect: 'roo',
    answer: applyDiff('src/greet.ts', ...rooPair(2, [G2], [G2_NEW])),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: ':start_line: and :end_line:',
    dialect: 'roo',
    answer: applyDiff('src/greet.ts', ...rooPair(2, [G2, G3], [G2_NEW, G3], 3)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: ':start_line: without the ------- line',
    dialect: 'roo',
    answer: applyDiff('src/greet.ts', S, ':start_line:7', G7, D, G7_NEW, R),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'a hint picks the second of two equal matches',
    dialect: 'roo',
    answer: applyDiff('src/dup.ts', ...rooPair(8, [DUP_A], [DUP_NEW])),
    files: dupFiles,
    expect: { files: { 'src/dup.ts': DUP_SECOND } },
  },
  {
    name: 'a hint picks the first of two equal matches',
    dialect: 'roo',
    answer: applyDiff('src/dup.ts', ...rooPair(2, [DUP_A], [DUP_NEW])),
    files: dupFiles,
    expect: { files: { 'src/dup.ts': DUP_FIRST } },
  },
  {
    name: 'a hint a line off still picks the nearer match',
    dialect: 'roo',
    answer: applyDiff('src/dup.ts', ...rooPair(7, [DUP_A, DUP_B], [DUP_NEW, DUP_B])),
    files: dupFiles,
    expect: { files: { 'src/dup.ts': DUP_SECOND } },
  },
  {
    name: 'a wrong hint with a unique exact match applies at the match',
    dialect: 'roo',
    answer: applyDiff('src/greet.ts', ...rooPair(40, [G7], [G7_NEW])),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'a hint with no match is refused',
    dialect: 'roo',
    answer: applyDiff('src/greet.ts', ...rooPair(2, ['  console.log("wrong");'], [G2_NEW])),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
  {
    name: 'a hint equally far from two matches is refused as ambiguous',
    dialect: 'roo',
    answer: applyDiff('src/dup.ts', ...rooPair(5, [DUP_A], [DUP_NEW])),
    files: dupFiles,
    expect: { refused: ['appears 2 times'] },
  },
  {
    name: 'no hint and two matches is refused as ambiguous',
    dialect: 'roo',
    answer: applyDiff('src/dup.ts', ...rooPair(undefined, [DUP_A], [DUP_NEW])),
    files: dupFiles,
    expect: { refused: ['appears 2 times'] },
  },
  {
    name: 'an escaped ======= in SEARCH and REPLACE is content',
    dialect: 'roo',
    answer: applyDiff('docs/notes.md', ...rooPair(1, ['Heading', '\\=======', 'Body text.'], ['Heading', '\\=======', 'Better body text.'])),
    files: { 'docs/notes.md': lf('Heading', D, 'Body text.') },
    expect: { files: { 'docs/notes.md': lf('Heading', D, 'Better body text.') } },
  },
  {
    name: 'resolving a merge conflict with the file\'s ======= escaped',
    dialect: 'roo',
    answer: applyDiff(
      'src/calc.ts',
      ...rooPair(1, ['export function calculate(a: number, b: number): number {', '<<<<<<< HEAD', '  return a + b;', '\\=======', '  return a * b;', '>>>>>>> feature', '}'], [
        'export function calculate(a: number, b: number): number {',
        '  return a * b;',
        '}',
      ]),
    ),
    files: { 'src/calc.ts': CALC },
    expect: { files: { 'src/calc.ts': lf('export function calculate(a: number, b: number): number {', '  return a * b;', '}') } },
  },
  {
    name: 'escaped SEARCH and REPLACE markers in REPLACE are written unescaped',
    dialect: 'roo',
    answer: applyDiff('docs/format.md', ...rooPair(3, ['Write edits as blocks.'], ['Write edits as blocks:', '', '\\<<<<<<< SEARCH', 'old', '\\=======', 'new', '\\>>>>>>> REPLACE'])),
    files: { 'docs/format.md': lf('# Format', '', 'Write edits as blocks.') },
    expect: { files: { 'docs/format.md': lf('# Format', '', 'Write edits as blocks:', '', S, 'old', D, 'new', R) } },
  },
  {
    name: 'two blocks with hints, each into its own copy',
    dialect: 'roo',
    answer: applyDiff('src/dup.ts', ...rooPair(2, [DUP_A], ['  const total = first.length;']), '', ...rooPair(8, [DUP_A], ['  const total = second.length;'])),
    files: dupFiles,
    expect: {
      files: {
        'src/dup.ts': lf('function first() {', '  const total = first.length;', DUP_B, '}', '', '// the same again', 'function second() {', '  const total = second.length;', DUP_B, '}'),
      },
    },
  },
  {
    name: 'a hint narrows a fuzzy match between two equal copies',
    dialect: 'roo',
    answer: applyDiff('src/dup.ts', ...rooPair(8, ['  const total = items.length', '  return total'], [DUP_NEW, DUP_B])),
    files: dupFiles,
    expect: { files: { 'src/dup.ts': DUP_SECOND } },
  },
  {
    name: 'a fenced Roo block with the path in the info string',
    dialect: 'roo',
    answer: say(...fenced('ts src/greet.ts', ...rooPair(7, [G7], [G7_NEW]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'an unescaped ======= inside SEARCH (two dividers, unbalanced) is refused',
    dialect: 'roo',
    answer: applyDiff('docs/notes.md', ...rooPair(1, ['Heading', D, 'Body text.'], ['Heading', 'Better body text.'])),
    files: { 'docs/notes.md': lf('Heading', D, 'Body text.') },
    expect: { refused: [] },
  },
  {
    name: 'a hint never places a SEARCH that is only near the hinted line',
    dialect: 'roo',
    answer: applyDiff('src/greet.ts', ...rooPair(7, ['  return "Goodbye, " + person + ".";'], [G7_NEW])),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
];

/** Roo's read_file numbering: `12 | code`. */
const numbered = (start: number, lines: readonly string[]): string[] => lines.map((l, i) => `${start + i} | ${l}`);

const lineNumbers: DialectCase[] = [
  {
    name: 'numbered SEARCH lines, plain REPLACE',
    dialect: 'line-numbers',
    answer: applyDiff('src/greet.ts', ...pair(numbered(2, [G2, G3]), [G2_NEW, G3])),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'numbered SEARCH and REPLACE lines',
    dialect: 'line-numbers',
    answer: applyDiff('src/greet.ts', ...pair(numbered(2, [G2, G3]), numbered(2, [G2_NEW, G3]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'the first number breaks a tie between equal copies',
    dialect: 'line-numbers',
    answer: applyDiff('src/dup.ts', ...pair(numbered(8, [DUP_A, DUP_B]), [DUP_NEW, DUP_B])),
    files: dupFiles,
    expect: { files: { 'src/dup.ts': DUP_SECOND } },
  },
  {
    name: 'the first number picks the first copy too',
    dialect: 'line-numbers',
    answer: applyDiff('src/dup.ts', ...pair(numbered(2, [DUP_A, DUP_B]), [DUP_NEW, DUP_B])),
    files: dupFiles,
    expect: { files: { 'src/dup.ts': DUP_FIRST } },
  },
  {
    name: 'a REPLACE with numbers on only some lines is refused',
    dialect: 'line-numbers',
    answer: applyDiff('src/greet.ts', ...pair(numbered(2, [G2, G3]), ['2 | ' + G2_NEW, G3])),
    files: greetFiles,
    expect: { refused: [] },
  },
  {
    name: 'wrong numbers on a unique match still apply at the match',
    dialect: 'line-numbers',
    answer: applyDiff('src/greet.ts', ...pair(numbered(30, [G6, G7]), [G6, G7_NEW])),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'blank lines numbered too',
    dialect: 'line-numbers',
    answer: applyDiff('app.py', ...pair(numbered(3, [P3, '', '', P6]), [P3, '', '', 'def save(path: str, text: str):'])),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, P2, P3, '', '', 'def save(path: str, text: str):', P7, P8) } },
  },
  {
    name: 'numbered lines in a parley fence',
    dialect: 'line-numbers',
    answer: say(...fenced('python app.py', ...pair(numbered(7, [P7]), [P7_NEW]))),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: 'numbered lines with Cline markers',
    dialect: 'line-numbers',
    answer: say('<path>src/greet.ts</path>', ...clinePair(numbered(7, [G7]), [G7_NEW])),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'numbers that do not count up by one are not prefixes (and then match nothing)',
    dialect: 'line-numbers',
    answer: applyDiff('src/greet.ts', ...pair(['2 | ' + G2, '5 | ' + G3], [G2_NEW, G3])),
    files: greetFiles,
    expect: { refused: [] },
  },
];

const diffHeader = (path: string): string[] => [`--- a/${path}`, `+++ b/${path}`];

const unifiedDiff: DialectCase[] = [
  {
    name: 'a ```diff fence with headers and a hunk',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('src/greet.ts'), '@@ -1,4 +1,4 @@', ' ' + G1, '-' + G2, '+' + G2_NEW, ' ' + G3, ' }')),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'wrong line numbers on a unique hunk',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('src/greet.ts'), '@@ -40,3 +40,3 @@', ' ' + G6, '-' + G7, '+' + G7_NEW, ' }')),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'two hunks',
    dialect: 'unified-diff',
    answer: say(
      ...fenced('diff', ...diffHeader('src/greet.ts'), '@@ -1,3 +1,3 @@', ' ' + G1, '-' + G2, '+' + G2_NEW, ' ' + G3, '@@ -6,3 +6,3 @@', ' ' + G6, '-' + G7, '+' + G7_NEW, ' }'),
    ),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BOTH } },
  },
  {
    name: 'two files in one diff',
    dialect: 'unified-diff',
    answer: say(
      ...fenced('diff', ...diffHeader('src/greet.ts'), '@@ -2,1 +2,1 @@', '-' + G2, '+' + G2_NEW, ...diffHeader('app.py'), '@@ -6,3 +6,3 @@', ' ' + P6, '-' + P7, '+' + P7_NEW, ' ' + P8),
    ),
    files: { ...greetFiles, 'app.py': APP },
    expect: { files: { 'src/greet.ts': GREET_LOGGED, 'app.py': APP_UTF8 } },
  },
  {
    name: 'a new file from /dev/null',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', '--- /dev/null', '+++ b/src/util.ts', '@@ -0,0 +1,2 @@', '+export const one = 1;', '+export const two = 2;')),
    files: greetFiles,
    expect: { files: { 'src/util.ts': lf('export const one = 1;', 'export const two = 2;') } },
  },
  {
    name: 'a diff to /dev/null (deleting the file) is refused',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', '--- a/app.py', '+++ /dev/null', '@@ -1,8 +0,0 @@', ...[P1, P2, P3, '', '', P6, P7, P8].map((l) => '-' + l))),
    files: { 'app.py': APP },
    expect: { refused: ['Deleting'] },
  },
  {
    name: 'a hunk whose context is not in the file is refused',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('src/greet.ts'), '@@ -1,3 +1,3 @@', ' ' + G1, '-  console.log("wrong");', '+' + G2_NEW, ' ' + G3)),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
  {
    name: 'a hunk without headers in a fence labelled with the path',
    dialect: 'unified-diff',
    answer: say(...fenced('diff src/greet.ts', '@@ -6,3 +6,3 @@', ' ' + G6, '-' + G7, '+' + G7_NEW, ' }')),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'the @@ line numbers break a tie between equal copies',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('src/dup.ts'), '@@ -8,2 +8,2 @@', '-' + DUP_A, '+' + DUP_NEW, ' ' + DUP_B)),
    files: dupFiles,
    expect: { files: { 'src/dup.ts': DUP_SECOND } },
  },
  {
    name: 'equal copies and no line numbers is refused as ambiguous',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('src/dup.ts'), '@@ @@', '-' + DUP_A, '+' + DUP_NEW, ' ' + DUP_B)),
    files: dupFiles,
    expect: { refused: ['appears 2 times'] },
  },
  {
    name: 'a git diff with index lines',
    dialect: 'unified-diff',
    answer: say(
      ...fenced('diff', 'diff --git a/app.py b/app.py', 'index 3b18e51..a9c3f2d 100644', ...diffHeader('app.py'), '@@ -7,2 +7,2 @@', '-' + P7, '+' + P7_NEW, ' ' + P8),
    ),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: '"\\ No newline at end of file" keeps the file\'s ending',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('src/end.ts'), '@@ -1,2 +1,2 @@', ' export const a = 1;', '-export const b = 2;', '\\ No newline at end of file', '+export const b = 3;', '\\ No newline at end of file')),
    files: { 'src/end.ts': 'export const a = 1;\nexport const b = 2;' },
    expect: { files: { 'src/end.ts': 'export const a = 1;\nexport const b = 3;' } },
  },
  {
    name: 'a ```patch fence',
    dialect: 'unified-diff',
    answer: say(...fenced('patch', ...diffHeader('src/greet.ts'), '@@ -7,1 +7,1 @@', '-' + G7, '+' + G7_NEW)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
];

const patch = (...lines: string[]): string[] => ['*** Begin Patch', ...lines, '*** End Patch'];
const END = lf('export const a = 1;', '// end', 'export const b = 2;', '// end');

const v4a: DialectCase[] = [
  {
    name: 'a bare Update File',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/greet.ts', '@@', ' ' + G1, '-' + G2, '+' + G2_NEW, ' ' + G3)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'a fenced patch with prose around it',
    dialect: 'v4a',
    answer: say('Apply this:', '', ...fenced('', ...patch('*** Update File: src/greet.ts', '@@', ' ' + G6, '-' + G7, '+' + G7_NEW, ' }')), '', 'Done.'),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'a patch in a ```patch fence is V4A, not a unified diff',
    dialect: 'v4a',
    answer: say(...fenced('patch', ...patch('*** Update File: app.py', '@@ def save(path, text):', '-' + P7, '+' + P7_NEW, ' ' + P8))),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: 'Add File creates a new file',
    dialect: 'v4a',
    answer: say(...patch('*** Add File: src/util.ts', '+export const one = 1;', '+export const two = 2;')),
    files: greetFiles,
    expect: { files: { 'src/util.ts': lf('export const one = 1;', 'export const two = 2;') } },
  },
  {
    name: 'Add File for a file that exists is refused',
    dialect: 'v4a',
    answer: say(...patch('*** Add File: src/greet.ts', '+export const one = 1;')),
    files: greetFiles,
    expect: { refused: ['already exists'] },
  },
  {
    name: 'Delete File is refused',
    dialect: 'v4a',
    answer: say(...patch('*** Delete File: app.py')),
    files: { 'app.py': APP },
    expect: { refused: ['Deleting'] },
  },
  {
    name: 'Move to is refused, and the update with it',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: app.py', '*** Move to: storage.py', '@@', '-' + P7, '+' + P7_NEW, ' ' + P8)),
    files: { 'app.py': APP },
    expect: { refused: ['not supported'] },
  },
  {
    name: 'a scope picks the copy inside class Square',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: shapes.py', '@@ class Square:', '     def area(self):', '-        return 0', '+        return self.side * self.side')),
    files: { 'shapes.py': SHAPES },
    expect: { files: { 'shapes.py': SHAPES_SQUARE } },
  },
  {
    name: 'two nested scopes',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: shapes.py', '@@ class Square:', '@@ def area(self):', '-        return 0', '+        return self.side * self.side')),
    files: { 'shapes.py': SHAPES },
    expect: { files: { 'shapes.py': SHAPES_SQUARE } },
  },
  {
    name: 'without a scope the two copies are ambiguous',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: shapes.py', '@@', '     def area(self):', '-        return 0', '+        return self.side * self.side')),
    files: { 'shapes.py': SHAPES },
    expect: { refused: ['appears 2 times'] },
  },
  {
    name: 'a scope that is not in the file is refused',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: shapes.py', '@@ class Triangle:', '     def area(self):', '-        return 0', '+        return self.base * self.height / 2')),
    files: { 'shapes.py': SHAPES },
    expect: { refused: [] },
  },
  {
    name: 'End of File picks the last copy',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/end.ts', '@@', '-// end', '+// end of file', '*** End of File')),
    files: { 'src/end.ts': END },
    expect: { files: { 'src/end.ts': lf('export const a = 1;', '// end', 'export const b = 2;', '// end of file') } },
  },
  {
    name: 'End of File on a hunk that is not at the end is refused',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/greet.ts', '@@', '-' + G2, '+' + G2_NEW, '*** End of File')),
    files: greetFiles,
    expect: { refused: [] },
  },
  {
    name: 'a patch without *** End Patch is refused',
    dialect: 'v4a',
    answer: say('*** Begin Patch', '*** Update File: src/greet.ts', '@@', '-' + G2, '+' + G2_NEW),
    files: greetFiles,
    expect: { refused: ['End Patch'] },
  },
  {
    name: 'a fenced patch without *** End Patch is refused',
    dialect: 'v4a',
    answer: say(...fenced('', '*** Begin Patch', '*** Update File: src/greet.ts', '@@', '-' + G2, '+' + G2_NEW)),
    files: greetFiles,
    expect: { refused: ['End Patch'] },
  },
  {
    name: 'a line that fits no part of the format is refused',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/greet.ts', '@@', '-' + G2, '+' + G2_NEW, 'and then the return line stays')),
    files: greetFiles,
    expect: { refused: [] },
  },
  {
    name: 'two chunks in one update',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/greet.ts', '@@', '-' + G2, '+' + G2_NEW, '@@', '-' + G7, '+' + G7_NEW)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BOTH } },
  },
  {
    name: 'an update and an add in one patch',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/greet.ts', '@@', '-' + G2, '+  log("hello");', '*** Add File: src/log.ts', '+export const log = console.log;')),
    files: greetFiles,
    expect: {
      files: { 'src/greet.ts': lf(G1, '  log("hello");', G3, '}', '', G6, G7, '}'), 'src/log.ts': lf('export const log = console.log;') },
    },
  },
  {
    name: 'an update of a file that does not exist is refused',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/missing.ts', '@@', '-' + G2, '+' + G2_NEW)),
    files: greetFiles,
    expect: { refused: ['does not exist'] },
  },
  {
    name: 'context that is not in the file is refused',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/greet.ts', '@@', ' ' + G1, '-  console.log("wrong");', '+' + G2_NEW)),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
  {
    name: 'a pure insertion after a context line',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: app.py', '@@ def save(path, text):', ' ' + P7, '+        f.flush()', ' ' + P8)),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, P2, P3, '', '', P6, P7, '        f.flush()', P8) } },
  },
];

const wholeFile: DialectCase[] = [
  {
    name: 'a labelled fence without markers replaces the file',
    dialect: 'whole-file',
    answer: say(...fenced('python app.py', P1, '    with open(path, encoding="utf-8") as f:', P3)),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, '    with open(path, encoding="utf-8") as f:', P3) } },
  },
  {
    name: 'a labelled fence for a file that does not exist creates it',
    dialect: 'whole-file',
    answer: say('New file:', ...fenced('ts src/util.ts', 'export const one = 1;')),
    files: greetFiles,
    expect: { files: { 'src/util.ts': lf('export const one = 1;') } },
  },
  {
    name: 'a placeholder in the new text is refused',
    dialect: 'whole-file',
    answer: say(...fenced('ts src/greet.ts', G1, G2_NEW, '  // ... rest of the function unchanged ...', '}')),
    files: greetFiles,
    expect: { refused: ['still contains'] },
  },
  {
    name: 'a bold label before a JSON block',
    dialect: 'whole-file',
    answer: say('**config.json**', ...fenced('json', '{', '  "debug": true', '}')),
    files: { 'config.json': lf('{', '  "debug": false', '}') },
    expect: { files: { 'config.json': lf('{', '  "debug": true', '}') } },
  },
  {
    name: 'a file without a final line break stays without one',
    dialect: 'whole-file',
    answer: say(...fenced('ts src/end.ts', 'export const a = 1;', 'export const b = 3;')),
    files: { 'src/end.ts': 'export const a = 1;\nexport const b = 2;' },
    expect: { files: { 'src/end.ts': 'export const a = 1;\nexport const b = 3;' } },
  },
  {
    name: 'YAML list items are not diff lines',
    dialect: 'whole-file',
    answer: say(...fenced('yaml ci.yml', 'steps:', '  - run: npm ci', '  - run: npm test', '  - run: npm run lint')),
    files: { 'ci.yml': lf('steps:', '  - run: npm ci', '  - run: npm test') },
    expect: { files: { 'ci.yml': lf('steps:', '  - run: npm ci', '  - run: npm test', '  - run: npm run lint') } },
  },
  {
    name: 'a Markdown file with a table and front matter',
    dialect: 'whole-file',
    answer: say(...fenced('md docs/a.md', '---', 'title: A', '---', '', '| a | b |', '| - | - |', '| 1 | 2 |')),
    files: { 'docs/a.md': lf('---', 'title: A', '---', '', 'Nothing yet.') },
    expect: { files: { 'docs/a.md': lf('---', 'title: A', '---', '', '| a | b |', '| - | - |', '| 1 | 2 |') } },
  },
  {
    name: 'a path comment as the first line names the file and is not written',
    dialect: 'whole-file',
    answer: say(...fenced('python', '# app.py', P1, P2, '        return f.read().strip()')),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, P2, '        return f.read().strip()') } },
  },
];

/** A pair written with markers of these lengths. */
const sized = (search: number, divider: number, replace: number, family: '<' | '-' = '<'): string[] => [
  `${(family === '<' ? '<' : '-').repeat(search)} SEARCH`,
  G2,
  '='.repeat(divider),
  G2_NEW,
  `${(family === '<' ? '>' : '+').repeat(replace)} REPLACE`,
];

const dividers: DialectCase[] = [
  ...[5, 6, 8, 9, 10, 12].map(
    (n): DialectCase => ({
      name: `divider length ${n}: <, = and > runs of ${n}`,
      dialect: 'parley',
      answer: say(...fenced('ts src/greet.ts', ...sized(n, n, n))),
      files: greetFiles,
      expect: { files: { 'src/greet.ts': GREET_LOGGED } },
    }),
  ),
  ...[5, 9, 12].map(
    (n): DialectCase => ({
      name: `divider length ${n}: -, = and + runs of ${n}`,
      dialect: 'cline',
      answer: say('<path>src/greet.ts</path>', ...sized(n, n, n, '-')),
      files: greetFiles,
      expect: { files: { 'src/greet.ts': GREET_LOGGED } },
    }),
  ),
  {
    name: 'divider length: 10, 5 and 12 in one pair',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', ...sized(10, 5, 12)),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'divider length 4 (<<<< SEARCH) is not a SEARCH marker',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...sized(4, 7, 7))),
    files: greetFiles,
    expect: { refused: ['<<<< SEARCH'] },
  },
  {
    name: 'divider length 4 (====) is no divider',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...sized(7, 4, 7))),
    files: greetFiles,
    expect: { refused: ['divider'] },
  },
];

const malformed: DialectCase[] = [
  {
    name: 'malformed: <<-- SEARCH is refused, never a whole file',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', '<<-- SEARCH', G2, D, G2_NEW, R)),
    files: greetFiles,
    expect: { refused: ['<<-- SEARCH'] },
  },
  {
    name: 'malformed: -- SEARCH',
    dialect: 'cline',
    answer: say('<path>src/greet.ts</path>', '-- SEARCH', G2, D, G2_NEW, CR),
    files: greetFiles,
    expect: { refused: ['-- SEARCH'] },
  },
  {
    name: 'malformed: -------SEARCH without its space',
    dialect: 'cline',
    answer: say(...fenced('ts src/greet.ts', '-------SEARCH', G2, D, G2_NEW, CR)),
    files: greetFiles,
    expect: { refused: ['-------SEARCH'] },
  },
  {
    name: 'malformed: <<<<<<<SEARCH without its space',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', '<<<<<<<SEARCH', G2, D, G2_NEW, R)),
    files: greetFiles,
    expect: { refused: ['<<<<<<<SEARCH'] },
  },
  {
    name: 'malformed: a divider with a trailing space',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', S, G2, D + ' ', G2_NEW, R)),
    files: greetFiles,
    expect: { refused: ['trailing'] },
  },
  {
    name: 'malformed: no divider',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', S, G2, G2_NEW, R)),
    files: greetFiles,
    expect: { refused: ['divider'] },
  },
  {
    name: 'malformed: no REPLACE marker in a closed fence',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', S, G2, D, G2_NEW)),
    files: greetFiles,
    expect: { refused: ['REPLACE marker'] },
  },
  {
    name: 'malformed: a SEARCH inside another SEARCH',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', S, G2, S, G3, D, G2_NEW, R)),
    files: greetFiles,
    expect: { refused: ['inside another SEARCH'] },
  },
  {
    name: 'malformed: an answer cut off inside SEARCH',
    dialect: 'parley',
    answer: say('Here is the fix:', '', F + 'ts src/greet.ts', S, G2),
    files: greetFiles,
    expect: { refused: ['REPLACE marker'] },
  },
  {
    name: 'malformed: an answer cut off inside REPLACE',
    dialect: 'parley',
    answer: say(F + 'ts src/greet.ts', S, G2, G3, D, G2_NEW),
    files: greetFiles,
    expect: { refused: ['REPLACE marker'] },
  },
  {
    name: 'malformed: +++ REPLACE is too short',
    dialect: 'cline',
    answer: say('<path>src/greet.ts</path>', CS, G2, D, G2_NEW, '+++ REPLACE'),
    files: greetFiles,
    expect: { refused: ['+++ REPLACE'] },
  },
  {
    name: 'malformed: >>>>>>>REPLACE without its space',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', S, G2, D, G2_NEW, '>>>>>>>REPLACE'),
    files: greetFiles,
    expect: { refused: ['>>>>>>>REPLACE'] },
  },
  {
    name: 'malformed: a good fence applies, a broken one next to it is refused',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW])), '', ...fenced('python app.py', S, P7, D, P7_NEW)),
    files: { ...greetFiles, 'app.py': APP },
    expect: { files: { 'src/greet.ts': GREET_LOGGED }, refused: ['REPLACE marker'] },
  },
  {
    name: 'malformed: a broken pair spoils the good pair in the same fence',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW]), '', '<<-- SEARCH', G7, D, G7_NEW, R)),
    files: greetFiles,
    expect: { refused: ['<<-- SEARCH'] },
  },
  {
    name: 'malformed: a divider before the SEARCH marker',
    dialect: 'roo',
    answer: applyDiff('src/greet.ts', D, S, G2, D, G2_NEW, R),
    files: greetFiles,
    expect: { refused: [] },
  },
  {
    name: 'malformed: two dividers in a row',
    dialect: 'roo',
    answer: applyDiff('src/greet.ts', S, G2, D, D, G2_NEW, R),
    files: greetFiles,
    expect: { refused: [] },
  },
  {
    name: 'malformed: a SEARCH marker with trailing spaces',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', S + '  ', G2, D, G2_NEW, R)),
    files: greetFiles,
    expect: { refused: [] },
  },
  {
    name: 'malformed: a REPLACE with no SEARCH before it',
    dialect: 'cline',
    answer: say('<path>src/greet.ts</path>', D, G2_NEW, CR),
    files: greetFiles,
    expect: { refused: [] },
  },
  {
    name: 'malformed: a labelled fence with a broken marker is not the whole file',
    dialect: 'whole-file',
    answer: say(...fenced('ts src/greet.ts', G1, '<<-- SEARCH', G2_NEW, G3, '}')),
    files: greetFiles,
    expect: { refused: ['<<-- SEARCH'] },
  },
  {
    name: 'malformed: <<<< SEARCH in a fence-less answer',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', '<<<< SEARCH', G2, D, G2_NEW, R),
    files: greetFiles,
    expect: { refused: ['<<<< SEARCH'] },
  },
  {
    name: 'malformed: stray text between two pairs',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW]), 'and also', ...pair([G7], [G7_NEW]))),
    files: greetFiles,
    expect: { refused: [] },
  },
  {
    name: 'malformed: a REPLACE marker after the divider is missing, then another pair starts',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', S, G2, D, G2_NEW, S, G7, D, G7_NEW, R),
    files: greetFiles,
    expect: { refused: [] },
  },
];

const mismatches: DialectCase[] = [
  {
    name: 'mismatch: console.log("wrong") never matches console.log("hello")',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G1, '  console.log("wrong");', G3], [G1, G2_NEW, G3]))),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
  {
    name: 'mismatch: a different number',
    dialect: 'aider-fenced',
    answer: say('src/retry.ts', ...fenced('ts', ...pair(['export const retries = 3;', 'export const delayMs = 250;'], ['export const retries = 4;', 'export const delayMs = 250;']))),
    files: { 'src/retry.ts': lf('export const retries = 5;', 'export const delayMs = 250;') },
    expect: { refused: ['not found'] },
  },
  {
    name: 'mismatch: a misspelt identifier',
    dialect: 'cline',
    answer: say('<path>src/greet.ts</path>', ...clinePair(['  return "Goodbye, " + nme + ".";'], [G7_NEW])),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
  {
    name: 'mismatch: a SEARCH from another file',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([P7, P8], [P7_NEW, P8]))),
    files: { ...greetFiles, 'app.py': APP },
    expect: { refused: ['not found'] },
  },
  {
    name: 'mismatch: a SEARCH with a line the file does not have',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G1, '  validate(name);', G2, G3], [G1, G2_NEW, G3]))),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
  {
    name: 'mismatch: a string with one letter changed',
    dialect: 'aider-fenceless',
    answer: say('src/greet.ts', ...pair(['  return "Goodbye, " + name + "!";'], [G7_NEW])),
    files: greetFiles,
    expect: { refused: ['not found'] },
  },
  {
    name: 'mismatch: a missing semicolon is forgiven (fuzzy)',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair(['  console.log("hello")', '  return "Hello, " + name + "!"'], [G2_NEW, G3]))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'mismatch: a missing semicolon with fuzzyThreshold 1 is refused',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair(['  console.log("hello")', '  return "Hello, " + name + "!"'], [G2_NEW, G3]))),
    files: greetFiles,
    options: { fuzzyThreshold: 1 },
    expect: { refused: ['not found'] },
  },
  {
    name: 'mismatch: the right lines with a wrong call in the middle',
    dialect: 'roo',
    answer: applyDiff('app.py', ...rooPair(6, [P6, '    with open(path, "a") as f:', P8], [P6, P7_NEW, P8])),
    files: { 'app.py': APP },
    expect: { refused: ['not found'] },
  },
  {
    name: 'mismatch: a wrong V4A context line',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: app.py', '@@', ' def save(path, txt):', '-' + P7, '+' + P7_NEW)),
    files: { 'app.py': APP },
    expect: { refused: ['not found'] },
  },
];

const NEST = lf('if (a) {', '  run();', '}', 'if (b) {', '    run();', '}');

const ambiguous: DialectCase[] = [
  {
    name: 'ambiguous: a SEARCH found twice',
    dialect: 'parley',
    answer: say(...fenced('ts src/dup.ts', ...pair([DUP_A, DUP_B], [DUP_NEW, DUP_B]))),
    files: dupFiles,
    expect: { refused: ['appears 2 times'] },
  },
  {
    name: 'ambiguous: a SEARCH found three times',
    dialect: 'aider-fenced',
    answer: say('src/three.ts', ...fenced('ts', ...pair(['x += 1;'], ['x += 2;']))),
    files: { 'src/three.ts': lf('x += 1;', 'y();', 'x += 1;', 'z();', 'x += 1;') },
    expect: { refused: ['appears 3 times'] },
  },
  {
    name: 'ambiguous: fence-less, two equal copies',
    dialect: 'aider-fenceless',
    answer: say('src/dup.ts', ...pair([DUP_B], ['  return total * 2;'])),
    files: dupFiles,
    expect: { refused: ['appears 2 times'] },
  },
  {
    name: 'ambiguous: equal once whitespace is ignored',
    dialect: 'parley',
    answer: say(...fenced('ts src/nest.ts', ...pair(['\trun();'], ['\trun(1);']))),
    files: { 'src/nest.ts': NEST },
    expect: { refused: ['appears 2 times'] },
  },
  {
    name: 'ambiguous: one refused block does not stop the next one',
    dialect: 'parley',
    answer: say(...fenced('ts src/dup.ts', ...pair([DUP_B], ['  return total * 2;'])), ...fenced('ts src/greet.ts', ...pair([G2], [G2_NEW]))),
    files: { ...dupFiles, ...greetFiles },
    expect: { files: { 'src/greet.ts': GREET_LOGGED }, refused: ['appears 2 times'] },
  },
];

const GREET_CRLF = crlf(G1, G2, G3, '}', '', G6, G7, '}');

const lineBreaks: DialectCase[] = [
  {
    name: 'CRLF file: the edit is written with CRLF',
    dialect: 'parley',
    answer: say(...fenced('ts src/greet.ts', ...pair([G2, G3], [G2_NEW, G3]))),
    files: { 'src/greet.ts': GREET_CRLF },
    expect: { files: { 'src/greet.ts': crlf(G1, G2_NEW, G3, '}', '', G6, G7, '}') } },
  },
  {
    name: 'CRLF answer, LF file: the file stays LF',
    dialect: 'parley',
    answer: fenced('ts src/greet.ts', ...pair([G2, G3], [G2_NEW, G3])).join('\r\n') + '\r\n',
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_LOGGED } },
  },
  {
    name: 'CRLF answer, CRLF file',
    dialect: 'cline',
    answer: ['<path>src/greet.ts</path>', ...clinePair([G7], [G7_NEW, '  // said goodbye'])].join('\r\n') + '\r\n',
    files: { 'src/greet.ts': GREET_CRLF },
    expect: { files: { 'src/greet.ts': crlf(G1, G2, G3, '}', '', G6, G7_NEW, '  // said goodbye', '}') } },
  },
  {
    name: 'CRLF file: a V4A update',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/greet.ts', '@@', ' ' + G1, '-' + G2, ' ' + G3)),
    files: { 'src/greet.ts': GREET_CRLF },
    expect: { files: { 'src/greet.ts': crlf(G1, G3, '}', '', G6, G7, '}') } },
  },
  {
    name: 'CRLF file: a unified diff',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('src/greet.ts'), '@@ -6,3 +6,4 @@', ' ' + G6, '+  console.log("bye");', ' ' + G7, ' }')),
    files: { 'src/greet.ts': GREET_CRLF },
    expect: { files: { 'src/greet.ts': crlf(G1, G2, G3, '}', '', G6, '  console.log("bye");', G7, '}') } },
  },
  {
    name: 'CRLF file: a whole-file replacement keeps CRLF',
    dialect: 'whole-file',
    answer: say(...fenced('python app.py', P1, P2, '        return f.read().strip()')),
    files: { 'app.py': crlf(P1, P2, P3) },
    expect: { files: { 'app.py': crlf(P1, P2, '        return f.read().strip()') } },
  },
  {
    name: 'CRLF answer: a new file is written with LF',
    dialect: 'aider-fenceless',
    answer: ['src/util.ts', ...pair([], ['export const one = 1;', 'export const two = 2;'])].join('\r\n') + '\r\n',
    files: greetFiles,
    expect: { files: { 'src/util.ts': lf('export const one = 1;', 'export const two = 2;') } },
  },
  {
    name: 'CRLF file: a Roo block with a hint',
    dialect: 'roo',
    answer: applyDiff('src/dup.ts', ...rooPair(8, [DUP_A], [DUP_NEW])),
    files: { 'src/dup.ts': DUP.replace(/\n/g, '\r\n') },
    expect: { files: { 'src/dup.ts': DUP_SECOND.replace(/\n/g, '\r\n') } },
  },
];

const STORE = lf('export class Store {', '  /**', '   * Reads one item.', '   */', '  get(key: string): string {', '    return this.items[key];', '  }', '}');
const STORE_TABS = lf('export class Store {', '\t/**', '\t * Reads one item.', '\t */', '\tget(key: string): string {', '\t\treturn this.items[key];', '\t}', '}');
const GET_NEW = 'get(key: string): string | undefined {';
const RETURN_NEW = 'return this.items[key] ?? undefined;';

const indentation: DialectCase[] = [
  {
    name: 'tabs file, SEARCH in spaces: the REPLACE is written with tabs',
    dialect: 'parley',
    answer: say(...fenced('go main.go', ...pair(['    for i := 0; i < 3; i++ {', '        fmt.Println(i)', '    }'], ['    for i := 0; i < 5; i++ {', '        fmt.Println("item", i)', '    }']))),
    files: { 'main.go': GO },
    expect: { files: { 'main.go': lf('package main', '', 'import "fmt"', '', 'func main() {', '\tfor i := 0; i < 5; i++ {', '\t\tfmt.Println("item", i)', '\t}', '}') } },
  },
  {
    name: 'spaces file, SEARCH in tabs: the REPLACE is written with spaces',
    dialect: 'aider-fenced',
    answer: say('src/greet.ts', ...fenced('ts', ...pair(['\treturn "Goodbye, " + name + ".";'], ['\treturn "Bye, " + name + ".";']))),
    files: greetFiles,
    expect: { files: { 'src/greet.ts': GREET_BYE } },
  },
  {
    name: 'a SEARCH written without its indentation is re-indented',
    dialect: 'aider-fenceless',
    answer: say('app.py', ...pair(['with open(path, "w") as f:', '    f.write(text)'], ['with open(path, "w", encoding="utf-8") as f:', '    f.write(text)'])),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': APP_UTF8 } },
  },
  {
    name: 'tabs file, SEARCH a level too shallow',
    dialect: 'cline',
    answer: say('<path>main.go</path>', ...clinePair(['for i := 0; i < 3; i++ {', '\tfmt.Println(i)', '}'], ['for i := 0; i < 3; i++ {', '\tfmt.Println(i)', '\tfmt.Println(i * i)', '}'])),
    files: { 'main.go': GO },
    expect: { files: { 'main.go': lf('package main', '', 'import "fmt"', '', 'func main() {', '\tfor i := 0; i < 3; i++ {', '\t\tfmt.Println(i)', '\t\tfmt.Println(i * i)', '\t}', '}') } },
  },
  {
    name: 'four-space file, SEARCH in two spaces',
    dialect: 'parley',
    answer: say(...fenced('python app.py', ...pair(['  with open(path) as f:', '    return f.read()'], ['  with open(path, encoding="utf-8") as f:', '    return f.read()']))),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, '    with open(path, encoding="utf-8") as f:', P3, '', '', P6, P7, P8) } },
  },
  {
    name: 'comment tail: a ` */` first line, the block a level too shallow',
    dialect: 'parley',
    answer: say(...fenced('ts src/store.ts', ...pair([' */', 'get(key: string): string {', '  return this.items[key];', '}'], [' */', GET_NEW, '  ' + RETURN_NEW, '}']))),
    files: { 'src/store.ts': STORE },
    expect: { files: { 'src/store.ts': lf('export class Store {', '  /**', '   * Reads one item.', '   */', '  ' + GET_NEW, '    ' + RETURN_NEW, '  }', '}') } },
  },
  {
    name: 'comment tail: a ` */` first line, tabs file, SEARCH in spaces',
    dialect: 'roo',
    answer: applyDiff('src/store.ts', ...rooPair(4, ['   */', '  get(key: string): string {', '    return this.items[key];', '  }'], ['   */', '  ' + GET_NEW, '    ' + RETURN_NEW, '  }'])),
    files: { 'src/store.ts': STORE_TABS },
    expect: { files: { 'src/store.ts': lf('export class Store {', '\t/**', '\t * Reads one item.', '\t */', '\t' + GET_NEW, '\t\t' + RETURN_NEW, '\t}', '}') } },
  },
  {
    name: 'a blank first SEARCH line is not the indentation reference',
    dialect: 'aider-fenceless',
    answer: say('src/store.ts', ...pair(['', 'get(key: string): string {', '  return this.items[key];', '}'], ['', GET_NEW, '  ' + RETURN_NEW, '}'])),
    files: { 'src/store.ts': STORE },
    expect: { files: { 'src/store.ts': lf('export class Store {', '  /**', '   * Reads one item.', '   */', '  ' + GET_NEW, '    ' + RETURN_NEW, '  }', '}') } },
  },
  {
    name: 'a SEARCH from inside a function to the next def, with a whitespace slip, keeps every line\'s indentation',
    dialect: 'aider-fenced',
    answer: say('app.py', ...fenced('python', ...pair([P3, '', '', 'def save(path,  text):'], [P3, '', '', 'def save(path: str, text: str):']))),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, P2, P3, '', '', 'def save(path: str, text: str):', P7, P8) } },
  },
  {
    name: 'a line quoted without its indentation, replaced by two: both get the line\'s indentation',
    dialect: 'aider-fenceless',
    answer: say('main.go', ...pair(['fmt.Println(i)'], ['fmt.Println(i)', 'fmt.Println(i * i)'])),
    files: { 'main.go': GO },
    expect: { files: { 'main.go': lf('package main', '', 'import "fmt"', '', 'func main() {', '\tfor i := 0; i < 3; i++ {', '\t\tfmt.Println(i)', '\t\tfmt.Println(i * i)', '\t}', '}') } },
  },
  {
    name: 'a line quoted without its indentation, replaced by nothing: the whole line goes',
    dialect: 'aider-fenceless',
    answer: say('main.go', ...pair(['fmt.Println(i)'], [])),
    files: { 'main.go': GO },
    expect: { files: { 'main.go': lf('package main', '', 'import "fmt"', '', 'func main() {', '\tfor i := 0; i < 3; i++ {', '\t}', '}') } },
  },
  {
    name: 'a unified diff with its context lines a level too shallow',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('app.py'), '@@ -7,2 +7,3 @@', ' with open(path, "w") as f:', '     f.write(text)', '+    f.flush()')),
    files: { 'app.py': APP },
    expect: { files: { 'app.py': lf(P1, P2, P3, '', '', P6, P7, P8, '        f.flush()') } },
  },
];

const I18N = lf('export const greetings = {', '  fr: "Bonjour, café ☕",', '  ja: "こんにちは",', '  de: "Grüße",', '};');

const nonAscii: DialectCase[] = [
  {
    name: 'non-ASCII: accents and an emoji in SEARCH and REPLACE',
    dialect: 'parley',
    answer: say(...fenced('ts src/i18n.ts', ...pair(['  fr: "Bonjour, café ☕",'], ['  fr: "Salut, café ☕ 🥐",']))),
    files: { 'src/i18n.ts': I18N },
    expect: { files: { 'src/i18n.ts': lf('export const greetings = {', '  fr: "Salut, café ☕ 🥐",', '  ja: "こんにちは",', '  de: "Grüße",', '};') } },
  },
  {
    name: 'non-ASCII: a Japanese string',
    dialect: 'cline',
    answer: say('<path>src/i18n.ts</path>', ...clinePair(['  ja: "こんにちは",'], ['  ja: "こんばんは",'])),
    files: { 'src/i18n.ts': I18N },
    expect: { files: { 'src/i18n.ts': lf('export const greetings = {', '  fr: "Bonjour, café ☕",', '  ja: "こんばんは",', '  de: "Grüße",', '};') } },
  },
  {
    name: 'non-ASCII: Grüsse is not Grüße',
    dialect: 'aider-fenceless',
    answer: say('src/i18n.ts', ...pair(['  de: "Grüsse",'], ['  de: "Hallo",'])),
    files: { 'src/i18n.ts': I18N },
    expect: { refused: ['not found'] },
  },
  {
    name: 'non-ASCII: a V4A patch over accented lines',
    dialect: 'v4a',
    answer: say(...patch('*** Update File: src/i18n.ts', '@@', '   fr: "Bonjour, café ☕",', '   ja: "こんにちは",', '-  de: "Grüße",', '+  de: "Guten Tag",', '+  es: "¡Hola!",')),
    files: { 'src/i18n.ts': I18N },
    expect: { files: { 'src/i18n.ts': lf('export const greetings = {', '  fr: "Bonjour, café ☕",', '  ja: "こんにちは",', '  de: "Guten Tag",', '  es: "¡Hola!",', '};') } },
  },
  {
    name: 'non-ASCII: a unified diff in a CRLF file',
    dialect: 'unified-diff',
    answer: say(...fenced('diff', ...diffHeader('src/i18n.ts'), '@@ -4,2 +4,2 @@', '-  de: "Grüße",', '+  de: "Grüß Gott",', ' };')),
    files: { 'src/i18n.ts': I18N.replace(/\n/g, '\r\n') },
    expect: { files: { 'src/i18n.ts': crlf('export const greetings = {', '  fr: "Bonjour, café ☕",', '  ja: "こんにちは",', '  de: "Grüß Gott",', '};') } },
  },
  {
    name: 'non-ASCII: a whole file with Greek and Arabic text',
    dialect: 'whole-file',
    answer: say(...fenced('json locales/el.json', '{', '  "hello": "Γειά σου",', '  "ar": "مرحبا"', '}')),
    files: { 'locales/el.json': lf('{', '  "hello": "Hello"', '}') },
    expect: { files: { 'locales/el.json': lf('{', '  "hello": "Γειά σου",', '  "ar": "مرحبا"', '}') } },
  },
];

export const DIALECT_CASES: readonly DialectCase[] = [
  ...parley,
  ...aiderFenced,
  ...aiderFenceless,
  ...cline,
  ...roo,
  ...lineNumbers,
  ...unifiedDiff,
  ...v4a,
  ...wholeFile,
  ...dividers,
  ...malformed,
  ...mismatches,
  ...ambiguous,
  ...lineBreaks,
  ...indentation,
  ...nonAscii,
];
