// activation_ms: Parley's activation inside the real extension host, median of several fresh starts. Parley
// activates by itself once VS Code has started (onStartupFinished, so the lightbulb and CodeLens are there without
// opening the chat); to time activate() on its own, the same build runs from a copy whose manifest waits to be asked.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInExtensionHost } from '../host/extensionHost.mjs';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

const STARTS = 5;

/** The built extension (manifest, dist, media) in a temp folder, with no activation event of its own. */
function lazyCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-lazy-'));
  for (const part of ['dist', 'media']) cpSync(join(projectRoot, part), join(dir, part), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, activationEvents: [] }));
  return dir;
}

export async function measure({ log }) {
  const samples = [];
  const extensionPath = lazyCopy();
  try {
    for (let i = 0; i < STARTS; i++) {
      const { results } = await runInExtensionHost({
        testsPath: join(projectRoot, 'out', 'test', 'bench', 'host', 'activation.js'),
        timeoutMs: 120_000,
        log: () => {},
        extensionPath,
      });
      if (typeof results?.activationMs !== 'number') throw new Error('the extension host reported no activation time');
      samples.push(results.activationMs);
      log(`activation ${i + 1}/${STARTS}: ${results.activationMs.toFixed(1)} ms`);
    }
  } finally {
    rmSync(extensionPath, { recursive: true, force: true });
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
