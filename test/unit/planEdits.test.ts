import * as assert from 'node:assert/strict';
import { planEdits } from '../../src/core/edits/plan';
import type { PlanOptions } from '../../src/core/edits/plan';
import type { DiffHunk, EditBlock, EditPlan } from '../../src/core/edits/types';

const source = { codeBlock: 0, line: 1 };
const searchReplace = (path: string | undefined, search: string, replace: string): EditBlock => ({
  kind: 'searchReplace',
  path,
  search,
  replace,
  source,
});
const wholeFile = (path: string, text: string): EditBlock => ({ kind: 'wholeFile', path, text, source });
const newFile = (path: string, text: string): EditBlock => ({ kind: 'newFile', path, text, source });
const diff = (path: string, ...hunks: DiffHunk[]): EditBlock => ({ kind: 'unifiedDiff', path, hunks, source });
const hunk = (oldStart: number, ...lines: string[]): DiffHunk => ({ oldStart, lines });
const snippet = (text: string): EditBlock => ({ kind: 'snippet', languageId: 'typescript', text, source });

function plan(files: Record<string, string>, blocks: EditBlock[], options: PlanOptions = {}): EditPlan {
  return planEdits(blocks, (path) => files[path], options);
}

/** The proposed text of the only file in a plan that refused nothing. */
function proposed(result: EditPlan): string {
  assert.deepEqual(result.refused.map((r) => r.reason), []);
  assert.equal(result.files.length, 1);
  return result.files[0]!.proposed;
}

const CSV = [
  'export function parseRow(line: string): string[] {',
  '  const fields: string[] = [];',
  '  let current = "";',
  '  for (let i = 0; i < line.length - 1; i++) {',
  '    if (line[i] === ",") {',
  '      fields.push(current);',
  '      current = "";',
  '    } else {',
  '      current += line[i];',
  '    }',
  '  }',
  '  return fields;',
  '}',
  '',
].join('\n');

describe('planEdits', () => {
  describe('SEARCH/REPLACE', () => {
    it('replaces the anchored text and records the plan against the text it read', () => {
      const result = plan({ 'src/csv.ts': CSV }, [
        searchReplace('src/csv.ts', '  for (let i = 0; i < line.length - 1; i++) {', '  for (let i = 0; i < line.length; i++) {'),
      ]);
      assert.deepEqual(result.refused, []);
      assert.deepEqual(result.files, [
        {
          path: 'src/csv.ts',
          base: CSV,
          proposed: CSV.replace('line.length - 1', 'line.length'),
          isNew: false,
          placements: [{ level: 'exact', similarity: 1 }],
        },
      ]);
    });

    it('applies several blocks for one file in order, each to the text the one before left', () => {
      const result = plan({ 'src/csv.ts': CSV }, [
        searchReplace('src/csv.ts', '  let current = "";', '  let current = "";\n  let quoted = false;'),
        searchReplace('src/csv.ts', '  let quoted = false;', '  let inQuotes = false;'),
      ]);
      assert.equal(proposed(result), CSV.replace('  let current = "";\n', '  let current = "";\n  let inQuotes = false;\n'));
      assert.equal(result.files[0]!.base, CSV);
      assert.deepEqual(result.files[0]!.placements.map((p) => p.level), ['exact', 'exact']);
    });

    it('sends a block that names no file to the active editor, and refuses it when there is none', () => {
      const block = searchReplace(undefined, '  return fields;', '  fields.push(current);\n  return fields;');
      assert.equal(proposed(plan({ 'src/csv.ts': CSV }, [block], { activePath: 'src/csv.ts' })).includes('  fields.push(current);\n  return fields;'), true);
      const refused = plan({ 'src/csv.ts': CSV }, [block]);
      assert.deepEqual(refused.files, []);
      assert.equal(refused.refused[0]!.reason, 'This edit names no file and no editor is open; it was not applied.');
    });

    it('re-indents REPLACE to where a SEARCH indented differently matched, keeping relative depth', () => {
      const result = plan({ 'src/csv.ts': CSV }, [
        searchReplace(
          'src/csv.ts',
          'if (line[i] === ",") {\n  fields.push(current);',
          'if (line[i] === "," && !quoted) {\n  fields.push(current.trim());',
        ),
      ]);
      assert.equal(
        proposed(result),
        CSV.replace('    if (line[i] === ",") {\n      fields.push(current);', '    if (line[i] === "," && !quoted) {\n      fields.push(current.trim());'),
      );
      assert.deepEqual(result.files[0]!.placements.map((p) => p.level), ['whitespace']);
    });

    it('writes REPLACE with tabs in a tab-indented file when the model used spaces', () => {
      const tabbed = CSV.replace(/^( +)/gm, (spaces) => '\t'.repeat(spaces.length / 2));
      const result = plan({ 'a.ts': tabbed }, [
        searchReplace('a.ts', '  } else {\n    current += line[i];\n  }', '  } else if (line[i] !== "\\r") {\n    current += line[i];\n  }'),
      ]);
      assert.equal(proposed(result), tabbed.replace('\t\t} else {', '\t\t} else if (line[i] !== "\\r") {'));
    });

    it('writes REPLACE with the file\'s four spaces when the model used tabs', () => {
      const four = 'class A {\n    run() {\n        go();\n    }\n}\n';
      const result = plan({ 'a.ts': four }, [searchReplace('a.ts', '\trun() {\n\t\tgo();\n\t}', '\trun() {\n\t\tgo();\n\t\tstop();\n\t}')]);
      assert.equal(proposed(result), 'class A {\n    run() {\n        go();\n        stop();\n    }\n}\n');
    });

    it('keeps a CRLF file CRLF when the block is written with LF', () => {
      const crlf = CSV.replace(/\n/g, '\r\n');
      const result = plan({ 'src/csv.ts': crlf }, [
        searchReplace('src/csv.ts', '  let current = "";\n  for', '  let current = "";\n  let quoted = false;\n  for'),
      ]);
      const text = proposed(result);
      assert.equal(text, crlf.replace('  let current = "";\r\n', '  let current = "";\r\n  let quoted = false;\r\n'));
      assert.equal(/[^\r]\n/.test(text), false);
    });

    it('keeps a file without a final line break without one, and one with it with it', () => {
      const bare = 'a\nb';
      assert.equal(proposed(plan({ f: bare }, [searchReplace('f', 'b', 'c\n')])), 'a\nc');
      assert.equal(proposed(plan({ f: 'a\nb\n' }, [searchReplace('f', 'b\n', 'c')])), 'a\nc\n');
      assert.equal(proposed(plan({ f: 'a\nb\n' }, [wholeFile('f', 'x\ny')])), 'x\ny\n');
      assert.equal(proposed(plan({ f: bare }, [wholeFile('f', 'x\ny\n')])), 'x\ny');
    });

    it('removes lines replaced by nothing together with their line break', () => {
      assert.equal(proposed(plan({ f: 'a\nb\nc\n' }, [searchReplace('f', 'b', '')])), 'a\nc\n');
      assert.equal(proposed(plan({ f: 'a\nb\nc\n' }, [searchReplace('f', 'b\n', '')])), 'a\nc\n');
      assert.equal(proposed(plan({ f: 'a\nb\nc' }, [searchReplace('f', 'c', '')])), 'a\nb');
      assert.equal(proposed(plan({ f: 'a\r\nb\r\nc\r\n' }, [searchReplace('f', 'a\nb', '')])), 'c\r\n');
    });

    it('edits the first and the last line of a file', () => {
      const text = 'first\nmiddle\nlast\n';
      assert.equal(proposed(plan({ f: text }, [searchReplace('f', 'first', 'FIRST')])), 'FIRST\nmiddle\nlast\n');
      assert.equal(proposed(plan({ f: text }, [searchReplace('f', 'last', 'LAST\nafter')])), 'first\nmiddle\nLAST\nafter\n');
    });

    it('replaces part of a line when the SEARCH is part of a line', () => {
      assert.equal(proposed(plan({ f: 'const a = f(1, 2);\n' }, [searchReplace('f', 'f(1, 2)', 'f(1, 3)')])), 'const a = f(1, 3);\n');
    });

    it('refuses an ambiguous SEARCH with where it appears', () => {
      const text = 'let a = 0;\nreset();\nlet b = 0;\nreset();\n';
      const result = plan({ 'src/x.ts': text }, [searchReplace('src/x.ts', 'reset();', 'clear();')]);
      assert.deepEqual(result.files, []);
      assert.equal(result.refused[0]!.reason, 'The text to replace appears 2 times in src/x.ts (lines 2, 4); the edit was not applied.');
      assert.equal(result.refused[0]!.path, 'src/x.ts');
    });

    it('refuses a SEARCH that is not there, naming the closest lines and how similar they are', () => {
      const result = plan({ 'src/csv.ts': CSV }, [
        searchReplace('src/csv.ts', '  for (let j = 1; j <= line.size; j++) {\n    if (line.charAt(j) == ";") {\n      out.push(cur);', 'x'),
      ]);
      const refusal = result.refused[0]!;
      assert.ok(refusal.nearest);
      assert.equal(refusal.nearest.startLine, 4);
      assert.equal(refusal.nearest.endLine, 6);
      const percent = Math.floor(refusal.nearest.similarity * 100);
      assert.equal(refusal.reason, `The text to replace was not found in src/csv.ts; the closest is lines 4–6 (${percent}% similar).`);
      assert.ok(percent > 30 && percent < 85);
    });

    it('refuses a REPLACE that still contains an elision placeholder, naming it', () => {
      const result = plan({ 'src/csv.ts': CSV }, [
        searchReplace('src/csv.ts', '  return fields;\n}', '  // ... existing code ...\n  return fields;\n}'),
      ]);
      assert.deepEqual(result.files, []);
      assert.equal(result.refused[0]!.reason, 'The edit for src/csv.ts still contains "// ... existing code ..." where code should be; it was not applied.');
    });

    it('refuses a SEARCH/REPLACE for a file that does not exist', () => {
      const result = plan({}, [searchReplace('src/gone.ts', 'a', 'b')]);
      assert.equal(result.refused[0]!.reason, 'src/gone.ts does not exist, so there is nothing to replace; the edit was not applied.');
    });

    it('makes no change, and no refusal, when REPLACE equals SEARCH', () => {
      assert.deepEqual(plan({ 'src/csv.ts': CSV }, [searchReplace('src/csv.ts', '  return fields;', '  return fields;')]), { files: [], refused: [] });
    });

    it('treats an empty SEARCH as a new file', () => {
      const result = plan({}, [searchReplace('src/new.ts', '', 'export const x = 1;')]);
      assert.deepEqual(result.files, [{ path: 'src/new.ts', base: '', proposed: 'export const x = 1;\n', isNew: true, placements: [] }]);
    });
  });

  describe('whole and new files', () => {
    it('replaces a whole file in its line breaks, and creates one that does not exist', () => {
      assert.equal(proposed(plan({ f: 'old\r\n' }, [wholeFile('f', 'new\nlines')])), 'new\r\nlines\r\n');
      const created = plan({}, [wholeFile('src/a.ts', 'export {};')]);
      assert.deepEqual(created.files, [{ path: 'src/a.ts', base: '', proposed: 'export {};\n', isNew: true, placements: [] }]);
    });

    it('refuses a whole file with a placeholder in it', () => {
      const result = plan({ 'a.py': 'def f():\n    return 1\n' }, [wholeFile('a.py', 'def f():\n    # rest unchanged\n')]);
      assert.deepEqual(result.files, []);
      assert.match(result.refused[0]!.reason, /still contains "# rest unchanged"/);
    });

    it('creates a new file, fills an empty one, and refuses to overwrite one that differs', () => {
      assert.deepEqual(plan({}, [newFile('n.ts', 'x')]).files[0], { path: 'n.ts', base: '', proposed: 'x\n', isNew: true, placements: [] });
      assert.deepEqual(plan({ 'n.ts': '' }, [newFile('n.ts', 'x')]).files[0], { path: 'n.ts', base: '', proposed: 'x\n', isNew: false, placements: [] });
      const taken = plan({ 'n.ts': 'y\n' }, [newFile('n.ts', 'x')]);
      assert.deepEqual(taken.files, []);
      assert.equal(taken.refused[0]!.reason, 'n.ts already exists; the new file was not created.');
      assert.deepEqual(plan({ 'n.ts': 'x\r\n' }, [newFile('n.ts', 'x')]), { files: [], refused: [] });
    });

    it('refuses a second new file for the same path in one answer', () => {
      const result = plan({}, [newFile('n.ts', 'one'), newFile('n.ts', 'two')]);
      assert.equal(result.files[0]!.proposed, 'one\n');
      assert.equal(result.refused.length, 1);
    });

    it('lists several files in the order the answer first names them', () => {
      const result = plan({ 'b.ts': 'b\n', 'a.ts': 'a\n' }, [
        searchReplace('b.ts', 'b', 'B'),
        searchReplace('a.ts', 'a', 'A'),
        searchReplace('b.ts', 'B', 'BB'),
      ]);
      assert.deepEqual(result.files.map((f) => [f.path, f.proposed]), [['b.ts', 'BB\n'], ['a.ts', 'A\n']]);
    });

    it('refuses a malformed block instead of throwing', () => {
      const malformed = [{ kind: 'rename', path: 'a.ts', source }, { kind: 'searchReplace', path: 'a.ts', search: null, replace: 1, source }];
      const result = planEdits(malformed as unknown as EditBlock[], () => 'a\n', {});
      assert.deepEqual(result.files, []);
      assert.equal(result.refused.length, 2);
      assert.equal(result.refused[0]!.reason, 'Parley does not know this kind of edit; it was not applied.');
    });

    it('refuses a file that cannot be read, without throwing', () => {
      const result = planEdits([searchReplace('locked.ts', 'a', 'b')], () => {
        throw new Error('EACCES');
      }, {});
      assert.equal(result.refused[0]!.reason, 'Parley could not read locked.ts; the edit was not applied.');
    });
  });

  describe('unified diffs', () => {
    const text = ['alpha', 'beta', 'gamma', 'delta', 'beta', 'gamma', 'epsilon', ''].join('\n');

    it('applies hunks by their lines, not by their line numbers', () => {
      const result = plan({ f: text }, [diff('f', hunk(40, ' alpha', '-beta', '+BETA'), hunk(99, ' delta', ' beta', '-gamma', '+GAMMA', '+ZETA'))]);
      assert.equal(proposed(result), ['alpha', 'BETA', 'gamma', 'delta', 'beta', 'GAMMA', 'ZETA', 'epsilon', ''].join('\n'));
      assert.deepEqual(result.files[0]!.placements.map((p) => p.level), ['exact', 'exact']);
    });

    it('uses the line number only to choose between equal places', () => {
      assert.equal(proposed(plan({ f: text }, [diff('f', hunk(5, ' beta', '-gamma', '+GAMMA'))])), text.replace('beta\ngamma\nepsilon', 'beta\nGAMMA\nepsilon'));
      assert.equal(proposed(plan({ f: text }, [diff('f', hunk(1, ' beta', '-gamma', '+GAMMA'))])), text.replace('gamma', 'GAMMA'));
      const tie = plan({ f: text }, [diff('f', hunk(0, ' beta', '-gamma', '+GAMMA'))]);
      assert.equal(tie.refused[0]!.reason, 'The text the diff replaces appears 2 times in f (lines 2, 5); the edit was not applied.');
    });

    it('refuses the whole diff when one hunk does not apply', () => {
      const result = plan({ f: text }, [diff('f', hunk(1, ' alpha', '-beta', '+BETA'), hunk(6, ' omega', '-psi', '+PSI'))]);
      assert.deepEqual(result.files, []);
      assert.match(result.refused[0]!.reason, /^The text hunk 2 of the diff replaces was not found in f/);
    });

    it('creates a file from a diff against /dev/null', () => {
      const result = plan({}, [diff('src/new.ts', hunk(0, '+export const a = 1;', '+export const b = 2;'))]);
      assert.deepEqual(result.files, [{ path: 'src/new.ts', base: '', proposed: 'export const a = 1;\nexport const b = 2;\n', isNew: true, placements: [] }]);
    });

    it('refuses a diff without hunks instead of creating an empty file', () => {
      const result = plan({}, [diff('src/new.ts')]);
      assert.deepEqual(result.files, []);
      assert.equal(result.refused[0]!.reason, 'The diff for src/new.ts has no changes in it; nothing was applied.');
    });

    it('a hunk whose new side is one blank line keeps that line', () => {
      assert.equal(proposed(plan({ f: text }, [diff('f', hunk(3, '-gamma', '-delta', '+'))])), text.replace('gamma\ndelta\n', '\n'));
    });

    it('lines only added to a file that has text go at its end when the hunk says so, else nowhere', () => {
      const atEnd: DiffHunk = { oldStart: 0, lines: ['+omega'], atEndOfFile: true };
      assert.equal(proposed(plan({ f: text }, [diff('f', atEnd)])), `${text}omega\n`);
      const nowhere = plan({ f: text }, [diff('f', hunk(0, '+omega'))]);
      assert.deepEqual(nowhere.files, []);
      assert.match(nowhere.refused[0]!.reason, /only adds lines and does not say where they go/);
    });

    it('matches hunk lines as whole lines, forgiving indentation', () => {
      const code = 'if (a) {\n    run();\n}\n';
      assert.equal(proposed(plan({ f: code }, [diff('f', hunk(1, ' if (a) {', '-  run();', '+  run(1);'))])), 'if (a) {\n    run(1);\n}\n');
    });
  });

  describe('snippets', () => {
    const file = [
      'class Cart {',
      '  total(): number {',
      '    let sum = 0;',
      '    for (const item of this.items) sum += item.price;',
      '    return sum;',
      '  }',
      '',
      '  count(): number {',
      '    return this.items.length;',
      '  }',
      '}',
      '',
    ].join('\n');

    it('replaces the selection, indented like its first line', () => {
      const start = file.indexOf('    let sum');
      const end = file.indexOf('    return sum;');
      const result = plan({ 'cart.ts': file }, [snippet('return this.items.reduce((s, i) => s + i.price, 0);\n')], {
        activePath: 'cart.ts',
        selection: [start, end],
      });
      assert.equal(proposed(result), file.replace('    let sum = 0;\n    for (const item of this.items) sum += item.price;\n', '    return this.items.reduce((s, i) => s + i.price, 0);\n'));
    });

    it('keeps the code before a selection that starts mid-line', () => {
      const start = file.indexOf('this.items.length');
      const result = plan({ 'cart.ts': file }, [snippet('this.items.filter(Boolean)\n  .length;')], {
        activePath: 'cart.ts',
        selection: [start, start + 'this.items.length;'.length],
      });
      assert.equal(proposed(result), file.replace('    return this.items.length;', '    return this.items.filter(Boolean)\n      .length;'));
    });

    it('without a selection, finds the region from the snippet\'s first and last lines', () => {
      const rewritten = 'total(): number {\n  return this.items.reduce((s, i) => s + i.price, 0);\n}';
      const result = plan({ 'cart.ts': file }, [snippet(rewritten)], { activePath: 'cart.ts' });
      const body = '    let sum = 0;\n    for (const item of this.items) sum += item.price;\n    return sum;\n';
      assert.equal(proposed(result), file.replace(body, '    return this.items.reduce((s, i) => s + i.price, 0);\n'));
    });

    it('tells same-looking closing lines apart by the block the first line opens', () => {
      const rewritten = 'count(): number {\n  return this.items.filter((i) => i.quantity > 0).length;\n}';
      const result = plan({ 'cart.ts': file }, [snippet(rewritten)], { activePath: 'cart.ts' });
      assert.equal(proposed(result), file.replace('return this.items.length;', 'return this.items.filter((i) => i.quantity > 0).length;'));
    });

    it('asks where the code goes when its last line matches several places in the block', () => {
      const flat = 'setup();\nrun();\ncheck();\nrun();\ncheck();\n';
      const result = plan({ 'a.ts': flat }, [snippet('setup();\nrun(1);\ncheck();')], { activePath: 'a.ts' });
      assert.equal(result.refused[0]!.needsTarget, true);
      assert.deepEqual(result.files, []);
    });

    it('asks where the code goes when its first line is nowhere in the file', () => {
      const result = plan({ 'cart.ts': file }, [snippet('function helper() {\n  return 1;\n}')], { activePath: 'cart.ts' });
      assert.deepEqual(result.files, []);
      assert.equal(result.refused[0]!.needsTarget, true);
      assert.equal(result.refused[0]!.reason, 'Parley could not tell where this code goes in cart.ts.');
    });

    it('asks where the code goes when no editor is open', () => {
      const result = plan({ 'cart.ts': file }, [snippet('x();')]);
      assert.equal(result.refused[0]!.needsTarget, true);
    });
  });
});
