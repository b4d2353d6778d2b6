// export_1000_corrections_ms: exporting 1,000 recorded correction examples (each about 3 KB: the system prompt, a
// question with a file as context, the model's answer and the corrected one) as chat lines and as preference pairs,
// with the guard the host builds: every text scanned for secrets first (as the host's export does), then the slower
// of the two formats, median of 9. The metric is the whole: the scan plus the export.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

const EXAMPLES = 1000;
const RUNS = 9;

function sourceFor(core, i) {
  const base = [
    `export function parseRow${i}(line: string): string[] {`, '  const fields: string[] = [];', "  let current = '';",
    '  for (let i = 0; i < line.length - 1; i++) {', "    if (line[i] === ',') {", '      fields.push(current);', "      current = '';",
    '    } else {', '      current += line[i];', '    }', '  }', '  return fields;', '}', '',
    `export function parseCsv${i}(text: string): string[][] {`, `  return text.split('\\n').map(parseRow${i});`, '}', '',
  ].join('\n');
  const answer = [
    `The loop in parseRow${i} stops one character early, and the last field is never pushed.`, '',
    '```ts src/csv.ts', '<<<<<<< SEARCH', '  for (let i = 0; i < line.length - 1; i++) {', '=======', '  for (let i = 0; i < line.length; i++) {', '>>>>>>> REPLACE',
    '<<<<<<< SEARCH', '  return fields;', '}', '=======', '  fields.push(current);', '  return fields;', '}', '>>>>>>> REPLACE', '```', '',
  ].join('\n');
  const modelText = core.planEdits(core.parseEdits(answer), () => base, {}).files[0].proposed;
  const proposed = modelText.replace('fields.push(current);\n  return', 'fields.push(current.trim());\n  return');
  const status = Object.fromEntries(core.hunksOf(base, proposed).map((h) => [h.id, 'accepted']));
  return {
    proposalId: `p${i}`,
    createdAt: 1_700_000_000_000 + i,
    messages: [
      { role: 'system', content: core.SYSTEM_PROMPT },
      { role: 'user', content: `File src/csv.ts:\n\`\`\`typescript\n${base}\n\`\`\`\n\nQuestion:\nWhy does parseRow${i} drop the last field?` },
    ],
    answer,
    files: [{ path: 'src/csv.ts', languageId: 'typescript', isNew: false, base, modelText, proposed, status }],
  };
}

export async function measure({ log }) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-corrections-'));
  try {
    const outfile = join(dir, 'corrections.cjs');
    await build({
      stdin: {
        contents: [
          "export { buildExample } from './src/core/corrections/example';",
          "export { exportChat, exportPreferences } from './src/core/corrections/export';",
          "export { SYSTEM_PROMPT } from './src/core/chat/systemPrompt';",
          "export { hunksOf } from './src/core/edits/hunks';",
          "export { parseEdits } from './src/core/edits/parse';",
          "export { planEdits } from './src/core/edits/plan';",
          "export { redactSecrets } from './src/core/context/redact';",
          "export { exclusionOf } from './src/core/context/items';",
        ].join('\n'),
        resolveDir: projectRoot,
        loader: 'ts',
      },
      bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning',
    });
    const core = createRequire(import.meta.url)(outfile);
    const examples = Array.from({ length: EXAMPLES }, (_, i) => core.buildExample(sourceFor(core, i)));
    if (examples.some((e) => e?.kind !== 'corrected' || e.rebuilt)) throw new Error('the examples were not all corrected in place');
    const texts = new Set(examples.flatMap((e) => [e.modelAnswer, e.correctedAnswer, ...e.messages.map((m) => m.content)]));
    const found = new Map();
    const scanStarted = performance.now();
    for (const text of texts) found.set(text, (await core.redactSecrets(text)).redactions.length);
    const scanMs = performance.now() - scanStarted;
    const guard = {
      secrets: (text) => found.get(text) ?? 0,
      excluded: (text) => {
        const named = /^File (\S+):$/m.exec(text)?.[1];
        return named ? core.exclusionOf(named) : undefined;
      },
    };
    const time = (fn) => {
      fn();
      const samples = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const result = fn();
        samples.push(performance.now() - started);
        if (result.written !== EXAMPLES) throw new Error(`wrote ${result.written} of ${EXAMPLES}: ${result.skipped[0]?.reason}`);
      }
      return samples;
    };
    const chat = time(() => core.exportChat(examples, guard));
    const preferences = time(() => core.exportPreferences(examples, guard));
    const samples = median(chat) >= median(preferences) ? chat : preferences;
    log(`${EXAMPLES} examples: chat median ${median(chat).toFixed(1)} ms, preferences median ${median(preferences).toFixed(1)} ms; secret pre-scan of ${texts.size} texts ${scanMs.toFixed(0)} ms`);
    return {
      export_1000_corrections_ms: {
        value: round(scanMs + median(samples)),
        unit: 'ms',
        target: { max: 500 },
        description: 'exporting 1,000 recorded corrections (~3 KB each) as JSONL: the secret scan of every text, then the slower of the two formats (median of 9)',
      },
      export_1000_corrections_scan_ms: { value: round(scanMs), unit: 'ms', description: 'the secret scan part of that (secretlint over each distinct text, once)' },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
