// anchor_20_blocks_20k_lines_ms and hunks_20k_lines_ms: the pure parts of turning an answer into a proposal, on a
// 20,000-line file. Planning 20 SEARCH/REPLACE blocks (each anchored by the ladder), and computing the hunks of a
// proposal with 50 changes; also the hunks of a proposal that rewrites every line, which the diff's time limit
// must keep bounded (a coarser diff, never a frozen extension host).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

const LINES = 20_000;
const RUNS = 7;

/** Code-like lines with the repetition real files have (closing braces, blank lines, similar statements). */
function fileLines() {
  return Array.from({ length: LINES }, (_, i) => {
    if (i % 10 === 9) return '}';
    if (i % 10 === 0) return `export function handler${i}(input: string, options: Options): Result {`;
    if (i % 10 === 5) return '';
    return `  const value${i} = compute(input, ${i % 7}, options.flag${i % 3}); // step ${i % 10}`;
  });
}

export async function measure({ log }) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-edits-'));
  try {
    const outfile = join(dir, 'edits.cjs');
    await build({
      stdin: { contents: "export { planEdits } from './src/core/edits/plan'; export { hunksOf } from './src/core/edits/hunks';", resolveDir: projectRoot, loader: 'ts' },
      bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning',
    });
    const { planEdits, hunksOf } = createRequire(import.meta.url)(outfile);
    const lines = fileLines();
    const text = lines.join('\n');

    // 20 blocks spread over the file, each replacing three lines found by their exact text.
    const blocks = Array.from({ length: 20 }, (_, b) => {
      const at = 500 + b * 950 + 2;
      const search = lines.slice(at, at + 3).join('\n');
      return { kind: 'searchReplace', path: 'src/big.ts', search, replace: search.replace(/compute\(/g, 'computeSafely('), source: { codeBlock: b, line: 1 } };
    });
    const time = (fn) => {
      fn();
      const samples = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        fn();
        samples.push(performance.now() - started);
      }
      return samples;
    };
    let plan;
    const anchorSamples = time(() => (plan = planEdits(blocks, () => text, {})));
    if (plan.refused.length > 0 || plan.files.length !== 1) throw new Error(`the 20 blocks did not all apply: ${plan.refused.map((r) => r.reason).join('; ')}`);

    const changed = [...lines];
    for (let c = 0; c < 50; c++) changed[200 + c * 397] = `  const changed${c} = 0;`;
    const proposed = changed.join('\n');
    let hunks = [];
    const hunkSamples = time(() => (hunks = hunksOf(text, proposed)));
    if (hunks.length !== 50) throw new Error(`expected 50 hunks, got ${hunks.length}`);
    const rewritten = lines.map((l) => `${l} // reviewed`).join('\n');
    const started = performance.now();
    const coarse = hunksOf(text, rewritten);
    const rewriteMs = performance.now() - started;

    log(`20 blocks in ${LINES} lines: median ${median(anchorSamples).toFixed(1)} ms; 50 hunks: median ${median(hunkSamples).toFixed(1)} ms; every line rewritten: ${rewriteMs.toFixed(0)} ms → ${coarse.length} hunk(s)`);
    return {
      anchor_20_blocks_20k_lines_ms: { value: round(median(anchorSamples)), unit: 'ms', target: { max: 50 }, samples: anchorSamples.map(round), description: 'planning 20 SEARCH/REPLACE blocks in a 20,000-line file, median of 7' },
      hunks_20k_lines_ms: { value: round(median(hunkSamples)), unit: 'ms', target: { max: 100 }, samples: hunkSamples.map(round), description: 'the hunks of a 20,000-line file with 50 changes, median of 7' },
      hunks_20k_rewritten_ms: { value: round(rewriteMs), unit: 'ms', target: { max: 1000 }, description: 'the hunks when every one of the 20,000 lines changed: bounded by the diff time limit (a coarser diff)' },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
