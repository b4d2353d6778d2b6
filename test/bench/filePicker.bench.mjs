// file_picker_20k_ms: what the # picker costs per keystroke on a 20,000-file workspace: fuzzyFilter over the
// whole list for each prefix of a few typical queries, median over all keystrokes. The naive way (score every
// path with a full regex match and sort them all) is measured on the same keystrokes for comparison.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

const QUERIES = ['csvparser', 'src/util/str', 'indextest', 'README'];
const ROUNDS = 3;

/** 20,000 paths shaped like a real monorepo's: packages, nested folders, tests next to sources. */
function workspacePaths() {
  const dirs = ['src', 'lib', 'test', 'docs', 'scripts', 'packages/core/src', 'packages/ui/src/components', 'packages/server/src/routes', 'tools/build', 'examples'];
  const words = ['csv', 'parser', 'util', 'string', 'index', 'config', 'report', 'table', 'row', 'field', 'chat', 'view', 'model', 'client', 'server', 'route', 'button', 'list', 'item', 'store'];
  const exts = ['.ts', '.tsx', '.js', '.json', '.md', '.py', '.test.ts', '.css'];
  const paths = [];
  for (let i = 0; paths.length < 20_000; i++) {
    const dir = dirs[i % dirs.length];
    const sub = words[(i * 7) % words.length];
    const name = `${words[(i * 3) % words.length]}${words[(i * 11 + 5) % words.length][0].toUpperCase()}${words[(i * 11 + 5) % words.length].slice(1)}${i}`;
    paths.push(`${dir}/${sub}/${name}${exts[i % exts.length]}`);
  }
  return paths;
}

function naiveFilter(paths, query) {
  const pattern = new RegExp([...query.toLowerCase()].map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*'), 'i');
  return paths
    .filter((p) => pattern.test(p))
    .map((p) => ({ path: p, score: -p.length }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 50);
}

export async function measure({ log }) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-picker-'));
  try {
    const outfile = join(dir, 'fuzzy.cjs');
    await build({ entryPoints: [join(projectRoot, 'src', 'core', 'context', 'fuzzy.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
    const { fuzzyFilter } = createRequire(import.meta.url)(outfile);
    const paths = workspacePaths();
    const keystrokes = QUERIES.flatMap((q) => [...q].map((_, i) => q.slice(0, i + 1)));
    const time = (filter) => {
      const samples = [];
      for (let r = 0; r < ROUNDS; r++) {
        for (const typed of keystrokes) {
          const started = performance.now();
          filter(paths, typed);
          samples.push(performance.now() - started);
        }
      }
      return samples;
    };
    time(fuzzyFilter); // warm the JIT
    const samples = time(fuzzyFilter);
    const naive = time(naiveFilter);
    const found = fuzzyFilter(paths, 'csvparser').length;
    log(`${paths.length} paths, ${keystrokes.length} keystrokes × ${ROUNDS}: median ${median(samples).toFixed(2)} ms, worst ${Math.max(...samples).toFixed(1)} ms (naive ${median(naive).toFixed(2)} ms); "csvparser" → ${found} shown`);
    return {
      file_picker_20k_ms: {
        value: round(median(samples)),
        unit: 'ms',
        target: { max: 30 },
        samples: [round(Math.min(...samples)), round(median(samples)), round(Math.max(...samples))],
        description: 'fuzzy-filtering 20,000 workspace paths per keystroke for the # picker, median over 4 typed queries (samples: min, median, max)',
      },
      file_picker_20k_naive_ms: {
        value: round(median(naive)),
        unit: 'ms',
        description: 'the same keystrokes with a regex test of every path and a full sort (no ranking by word starts), for comparison',
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
