// instructions_collect_ms: the instructions item for the active file in a workspace of 20,000 files with 50
// instruction files, in the real extension host, warm (the files found and read once), median of 30 runs, each
// for another active file. The first, cold collection (one search of the workspace and 50 reads) is reported too.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInExtensionHost } from '../host/extensionHost.mjs';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-instructions-'));
  const put = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (let i = 0; i < 20_000; i++) put(`packages/pkg${i % 20}/src/module${i % 400}/file${i}.ts`, `export const value${i} = ${i};\n`);
  const rule = (i) => `Rule ${i}: ${'Keep functions short and name them for what they do. '.repeat(8)}\n`;
  // 50 instruction files: the root's, 20 nested AGENTS.md, 12 Cursor rules, 12 .github/instructions, and 5 more.
  put('AGENTS.md', rule(0));
  for (let i = 0; i < 20; i++) put(`packages/pkg${i}/AGENTS.md`, rule(i + 1));
  for (let i = 0; i < 12; i++) put(`.cursor/rules/rule${i}.mdc`, `---\ndescription: Rule ${i}\nglobs: packages/pkg${i}/**/*.ts, **/*.tsx\nalwaysApply: ${i === 0}\n---\n${rule(i + 21)}`);
  for (let i = 0; i < 12; i++) put(`.github/instructions/rule${i}.instructions.md`, `---\napplyTo: "packages/pkg${i + 8}/**,**/*.py"\n---\n${rule(i + 33)}`);
  put('.github/copilot-instructions.md', rule(45));
  put('CLAUDE.md', rule(46));
  put('.clinerules/01.md', rule(47));
  put('.clinerules/02.md', rule(48));
  put('.parley/instructions.md', rule(49));
  return dir;
}

export async function measure({ log }) {
  const folder = workspace();
  try {
    const { results } = await runInExtensionHost({
      testsPath: join(projectRoot, 'out', 'test', 'bench', 'host', 'instructions.js'),
      workspace: folder,
      timeoutMs: 240_000,
      log: () => {},
    });
    const samples = results?.samples;
    if (!Array.isArray(samples) || samples.length === 0) throw new Error('the extension host reported no instruction collection times');
    log(`20,000 files, 50 instruction files: warm median ${median(samples).toFixed(2)} ms (longest ${Math.max(...samples).toFixed(1)} ms), cold ${results.coldMs.toFixed(0)} ms; ${results.sources} files sent for the last file, ${results.chars} characters for the first`);
    return {
      instructions_collect_ms: {
        value: round(median(samples)),
        unit: 'ms',
        target: { max: 20 },
        samples: samples.map(round),
        description: 'the instructions item for the active file in a workspace of 20,000 files with 50 instruction files, in the extension host, warm, median of 30 (each for another file)',
      },
      instructions_collect_cold_ms: {
        value: round(results.coldMs),
        unit: 'ms',
        description: 'the first collection: one search of the 20,000-file workspace for instruction files, and reading them',
      },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
