// context_collect_ms: collecting the implicit context before a question (a 5,000-line active file with 200
// diagnostics and a selection), inside the real extension host, median of 30; and the longest single run, which
// is the longest the extension host is blocked by it.
import { join } from 'node:path';
import { runInExtensionHost } from '../host/extensionHost.mjs';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

export async function measure({ log }) {
  const { results } = await runInExtensionHost({
    testsPath: join(projectRoot, 'out', 'test', 'bench', 'host', 'contextCollect.js'),
    timeoutMs: 120_000,
    log: () => {},
  });
  const samples = results?.samples;
  if (!Array.isArray(samples) || samples.length === 0) throw new Error('the extension host reported no context collection times');
  log(`${samples.length} collections of ${results.items} items: median ${median(samples).toFixed(1)} ms, longest ${Math.max(...samples).toFixed(1)} ms`);
  return {
    context_collect_ms: {
      value: round(median(samples)),
      unit: 'ms',
      target: { max: 20 },
      samples: samples.map(round),
      description: 'collecting the editor context for a 5,000-line file with 200 problems and a selection, in the extension host, median of 30',
    },
    context_collect_longest_ms: {
      value: round(Math.max(...samples)),
      unit: 'ms',
      target: { max: 50 },
      description: 'the longest of those collections: the most the extension host is kept busy at a time',
    },
  };
}
