// render_stream_50k_ratio, render_stream_50k_naive_ratio: what streaming an answer costs in the chat view, in real
// Chromium. A realistic 50 KB answer arrives in 4-character chunks; StreamingMarkdown's total time (its DOM updates
// included) and the naive way's (re-render everything on every chunk) are each divided by one full render of the
// final text. Also reported: the same for a 50 KB answer made of edit blocks (drawn as diffs, see editView.ts) and
// for a 1 MB answer, and the absolute times.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { launchBrowser, projectRoot } from '../host/workbench.mjs';

const CHUNK = 4;
const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A small seeded PRNG (mulberry32), so every run measures the same answer. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('the parser reads each row and splits fields on the delimiter so a quoted comma stays inside its field ' +
  'while the loop index stops one short which drops the last value we can fix this by iterating to the length ' +
  'and adding a test for rows that end with an empty field because callers rely on the count being stable').split(' ');

const CODE = {
  ts: `export function parseRow(line: string, delimiter = ','): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) { fields.push(current); current = ''; }
    else current += ch;
  }
  fields.push(current); // the last field, which the old loop dropped
  return fields;
}`,
  python: `def parse_row(line: str, delimiter: str = ",") -> list[str]:
    fields, current, quoted = [], "", False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            fields.append(current)
            current = ""
        else:
            current += ch
    fields.append(current)
    return fields`,
  bash: `npm install --save-dev vitest
npx vitest run test/csv.test.ts --reporter=verbose
git diff --stat HEAD~1`,
  json: `{
  "compilerOptions": { "strict": true, "noUncheckedIndexedAccess": true, "target": "ES2022" },
  "include": ["src", "test"]
}`,
};

/** A coding answer of about `size` characters: headings, paragraphs, lists, a table and code blocks. */
export function sampleAnswer(size, seed = 1) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(rand() * 14) }, () => pick(WORDS));
    if (rand() < 0.3) words[2] = `\`${pick(['parseRow', 'fields', 'i < n - 1', 'delimiter'])}\``;
    if (rand() < 0.2) words[5] = `**${words[5]}**`;
    if (rand() < 0.1) words[7] = `[the docs](https://example.com/${words[7]})`;
    const text = words.join(' ');
    return text[0].toUpperCase() + text.slice(1) + '.';
  };
  const paragraph = () => Array.from({ length: 2 + Math.floor(rand() * 4) }, sentence).join(' ');
  const parts = [];
  let length = 0;
  let section = 0;
  const push = (block) => {
    parts.push(block);
    length += block.length + 2;
  };
  while (length < size) {
    push(`## ${section++ === 0 ? 'Why the last field disappears' : `Step ${section}: ${pick(WORDS)} ${pick(WORDS)}`}`);
    push(paragraph());
    const kind = section % 4;
    if (kind === 1) push(Array.from({ length: 3 + Math.floor(rand() * 4) }, () => `- ${sentence()}`).join('\n'));
    if (kind === 2) {
      const rows = Array.from({ length: 6 }, (_, i) => `| \`${pick(WORDS)}\` | ${i} | ${sentence().slice(0, 40)} |`);
      push(['| input | fields | note |', '| --- | ---: | --- |', ...rows].join('\n'));
    }
    if (kind === 3) {
      push(`1. ${sentence()}\n2. Run:\n   \`\`\`bash\n   npm test\n   \`\`\`\n3. ${sentence()}`);
    }
    const lang = pick(Object.keys(CODE));
    push('```' + lang + '\n' + CODE[lang] + '\n```');
    push(paragraph());
  }
  return parts.join('\n\n') + '\n';
}

/** An answer of about `size` characters made of edit blocks: SEARCH/REPLACE pairs, unified diffs and V4A patches. */
export function editAnswer(size, seed = 3) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const lines = CODE.ts.split('\n');
  const slice = () => {
    const start = Math.floor(rand() * (lines.length - 4));
    return lines.slice(start, start + 2 + Math.floor(rand() * 3));
  };
  const changed = (block) => block.map((line) => (rand() < 0.5 ? `${line} // ${pick(WORDS)}` : line));
  const kinds = [
    (i) => {
      const old = slice();
      return ['```ts src/csv' + i + '.ts', '<<<<<<< SEARCH', ...old, '=======', ...changed(old), '>>>>>>> REPLACE', '```'];
    },
    (i) => {
      const old = slice();
      return [`src/row${i}.ts`, '```ts', '------- SEARCH', ...old, '=======', ...changed(old), '+++++++ REPLACE', '```'];
    },
    (i) => {
      const old = slice();
      return ['```diff', `--- a/src/d${i}.ts`, `+++ b/src/d${i}.ts`, '@@ -1,4 +1,4 @@', ...old.map((l) => `-${l}`), ...changed(old).map((l) => `+${l}`), '```'];
    },
    (i) => {
      const old = slice();
      return ['```', '*** Begin Patch', `*** Update File: src/p${i}.ts`, ...old.map((l) => `-${l}`), ...changed(old).map((l) => `+${l}`), '*** End Patch', '```'];
    },
  ];
  const parts = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const part = `${i % 3 === 0 ? '' : `${Array.from({ length: 12 }, () => pick(WORDS)).join(' ')}.\n\n`}${kinds[i % kinds.length](i).join('\n')}`;
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join('\n\n') + '\n';
}

async function bundle(dir) {
  const outfile = join(dir, 'markdown-bench.js');
  await build({
    stdin: {
      contents: `import { StreamingMarkdown, renderMarkdown } from './src/webview/markdown';
        window.markdownBench = { StreamingMarkdown, renderMarkdown };`,
      resolveDir: projectRoot,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Runs in the page: times full renders, the stream and (sampled) naive re-renders of `text`. */
function measureInPage({ text, chunk, repeats, naiveSamples }) {
  const { StreamingMarkdown, renderMarkdown } = window.markdownBench;
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const fresh = () => {
    document.body.replaceChildren();
    const container = document.createElement('div');
    document.body.append(container);
    return container;
  };
  const time = (run) => {
    const container = fresh();
    const start = performance.now();
    run(container);
    void container.offsetHeight; // include style and layout of the result
    return performance.now() - start;
  };
  const chunks = [];
  for (let i = 0; i < text.length; i += chunk) chunks.push(text.slice(i, i + chunk));

  time((c) => (c.innerHTML = renderMarkdown(text))); // warm up the JIT and the sanitizer
  const fullHtml = median(Array.from({ length: repeats }, () => time((c) => (c.innerHTML = renderMarkdown(text)))));
  const fullSetText = median(Array.from({ length: repeats }, () => time((c) => new StreamingMarkdown(c).setText(text, false))));
  const stream = median(Array.from({ length: repeats }, () => time((c) => {
    const markdown = new StreamingMarkdown(c);
    for (const piece of chunks) markdown.append(piece);
    markdown.finish();
  })));
  // The naive way re-renders the whole prefix on every chunk; timing every chunk would take minutes, so every
  // stride-th prefix is timed and the sum scaled by the stride.
  let naive;
  if (naiveSamples > 0) {
    const stride = Math.max(1, Math.floor(chunks.length / naiveSamples));
    const container = fresh();
    const start = performance.now();
    for (let i = stride - 1; i < chunks.length; i += stride) {
      container.innerHTML = renderMarkdown(text.slice(0, (i + 1) * chunk));
    }
    void container.offsetHeight;
    naive = (performance.now() - start) * stride;
  }
  return { fullHtml, fullSetText, stream, naive, chunks: chunks.length };
}

export async function measure({ log = () => {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-render-bench-'));
  const browser = await launchBrowser();
  try {
    const script = await bundle(dir);
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: script });

    const small = sampleAnswer(50_000);
    const r50 = await page.evaluate(measureInPage, { text: small, chunk: CHUNK, repeats: 5, naiveSamples: 150 });
    const full50 = Math.min(r50.fullHtml, r50.fullSetText);
    log(`50 KB answer (${small.length} chars, ${r50.chunks} chunks of ${CHUNK}): full render ${round(r50.fullHtml)} ms ` +
      `(renderMarkdown + innerHTML), ${round(r50.fullSetText)} ms (setText); stream ${round(r50.stream)} ms; ` +
      `naive ≈ ${round(r50.naive / 1000, 1)} s`);

    const edits = editAnswer(50_000);
    const rEdits = await page.evaluate(measureInPage, { text: edits, chunk: CHUNK, repeats: 5, naiveSamples: 0 });
    const fullEdits = Math.min(rEdits.fullHtml, rEdits.fullSetText);
    log(`50 KB of edit blocks (${edits.length} chars, ${rEdits.chunks} chunks of ${CHUNK}): full render ${round(rEdits.fullHtml)} ms ` +
      `(renderMarkdown + innerHTML), ${round(rEdits.fullSetText)} ms (setText); stream ${round(rEdits.stream)} ms`);

    const large = sampleAnswer(1_000_000, 2);
    const r1m = await page.evaluate(measureInPage, { text: large, chunk: CHUNK, repeats: 1, naiveSamples: 0 });
    const full1m = Math.min(r1m.fullHtml, r1m.fullSetText);
    log(`1 MB answer (${large.length} chars, ${r1m.chunks} chunks of ${CHUNK}): full render ${round(r1m.fullHtml)} ms ` +
      `(renderMarkdown + innerHTML), ${round(r1m.fullSetText)} ms (setText); stream ${round(r1m.stream)} ms`);

    return {
      render_stream_50k_ratio: {
        value: round(r50.stream / full50),
        unit: 'x',
        target: { max: 3 },
        description: `StreamingMarkdown, 50 KB answer in ${CHUNK}-char chunks, ÷ one full render (Chromium)`,
      },
      render_stream_50k_naive_ratio: {
        value: round(r50.naive / full50, 0),
        unit: 'x',
        description: `re-rendering the whole answer on every ${CHUNK}-char chunk, ÷ one full render (sampled)`,
      },
      render_full_50k_ms: { value: round(full50), unit: 'ms', description: 'one full render of the 50 KB answer, incl. layout' },
      render_stream_50k_edits_ratio: {
        value: round(rEdits.stream / fullEdits),
        unit: 'x',
        target: { max: 3 },
        description: `StreamingMarkdown, 50 KB answer of edit blocks (every dialect) in ${CHUNK}-char chunks, ÷ one full render`,
      },
      render_stream_1mb_ratio: {
        value: round(r1m.stream / full1m),
        unit: 'x',
        description: `StreamingMarkdown, 1 MB answer in ${CHUNK}-char chunks, ÷ one full render`,
      },
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
