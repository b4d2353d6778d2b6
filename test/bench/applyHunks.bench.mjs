// apply_100_hunks_ms: accepting a proposal of 100 hunks on a 5,000-line file in the real extension host, from the
// decision until the document holds the result (rebased onto the live text, one WorkspaceEdit), median of 7.
import { join } from 'node:path';
import { runInExtensionHost } from '../host/extensionHost.mjs';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

export async function measure({ log }) {
  const { results } = await runInExtensionHost({
    testsPath: join(projectRoot, 'out', 'test', 'bench', 'host', 'applyHunks.js'),
    timeoutMs: 180_000,
    log: () => {},
  });
  const samples = results?.samples;
  if (!Array.isArray(samples) || samples.length === 0) throw new Error('the extension host reported no apply times');
  log(`${samples.length} proposals of ${results.hunks} hunks accepted: median ${median(samples).toFixed(1)} ms`);
  return {
    apply_100_hunks_ms: {
      value: round(median(samples)),
      unit: 'ms',
      target: { max: 200 },
      samples: samples.map(round),
      description: 'accepting a 100-hunk proposal on a 5,000-line file, until the document holds it, in the extension host, median of 7 (each once TypeScript has finished checking the file)',
    },
  };
}
