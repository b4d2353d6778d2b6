// Loaded by the extension host as its tests module: times working out the instructions item for the active file
// in a workspace of 20,000 files with 50 instruction files (nested AGENTS.md, Cursor rules and .github/instructions
// with globs), as Parley does before each question. Warm: after the first collection has found and read the files,
// each run takes another active file, so the choice of files and the glob matching are redone every time.
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ParleyApi } from '../../../src/extension';
import type { ContextCollector } from '../../../src/host/contextCollector';

const RUNS = 30;

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<ParleyApi>('parley-dev.parley');
  if (!extension) throw new Error('Parley is not loaded in this extension host.');
  const api = await extension.activate();
  const files = (api.context as unknown as ContextCollector).projectFiles;
  const paths = Array.from({ length: RUNS + 1 }, (_, i) => `packages/pkg${i % 20}/src/module${i}/file${i}.ts`);
  const started = performance.now();
  const first = await files.instructions(paths[0]);
  const coldMs = performance.now() - started;
  const samples: number[] = [];
  let sources = 0;
  for (let i = 1; i <= RUNS; i++) {
    const t = performance.now();
    const item = await files.instructions(paths[i]);
    samples.push(performance.now() - t);
    sources = item?.text.match(/^## /gm)?.length ?? 0;
  }
  const resultsFile = process.env['PARLEY_TEST_RESULTS'];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed: first ? 1 : 0, failed: first ? 0 : 1, vscodeVersion: vscode.version, samples, coldMs, sources, chars: first?.text.length ?? 0 }));
}
