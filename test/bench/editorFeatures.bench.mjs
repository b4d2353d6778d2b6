// code_action_ms and explain_first_token_ms, in the real extension host (see host/editorFeatures.ts).
import { join } from 'node:path';
import { runInExtensionHost } from '../host/extensionHost.mjs';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

export async function measure({ log }) {
  const { results } = await runInExtensionHost({
    testsPath: join(projectRoot, 'out', 'test', 'bench', 'host', 'editorFeatures.js'),
    timeoutMs: 180_000,
    log: () => {},
  });
  const { actionSamples, explainSamples } = results ?? {};
  if (!Array.isArray(actionSamples) || !Array.isArray(explainSamples) || explainSamples.length === 0) throw new Error('the extension host reported no editor feature times');
  log(`code actions: median ${median(actionSamples).toFixed(3)} ms over ${actionSamples.length}; first token in the thread: median ${median(explainSamples).toFixed(1)} ms over ${explainSamples.length}`);
  return {
    code_action_ms: {
      value: Math.round(median(actionSamples) * 1000) / 1000,
      unit: 'ms',
      target: { max: 5 },
      description: "Parley's code action provider on a 5,000-line file with all 200 diagnostics handed to it, median of 200",
    },
    explain_first_token_ms: {
      value: round(median(explainSamples)),
      unit: 'ms',
      target: { max: 50 },
      samples: explainSamples.map(round),
      description: 'from the fake server writing the first chunk of an explanation to that text being set on the comment thread, median of 10',
    },
  };
}
