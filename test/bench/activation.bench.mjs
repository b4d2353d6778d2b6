// activation_ms: Parley's activation inside the real extension host, median of several fresh starts.
import { join } from 'node:path';
import { runInExtensionHost } from '../host/extensionHost.mjs';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

const STARTS = 5;

export async function measure({ log }) {
  const samples = [];
  for (let i = 0; i < STARTS; i++) {
    const { results } = await runInExtensionHost({
      testsPath: join(projectRoot, 'out', 'test', 'bench', 'host', 'activation.js'),
      timeoutMs: 120_000,
      log: () => {},
    });
    if (typeof results?.activationMs !== 'number') throw new Error('the extension host reported no activation time');
    samples.push(results.activationMs);
    log(`activation ${i + 1}/${STARTS}: ${results.activationMs.toFixed(1)} ms`);
  }
  return {
    activation_ms: {
      value: round(median(samples)),
      unit: 'ms',
      target: { max: 50 },
      samples: samples.map(round),
      description: `median of ${STARTS} fresh extension hosts, once the workbench has loaded: loading dist/extension.js and running activate()`,
    },
  };
}
