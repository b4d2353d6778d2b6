// tokenize_1mb_ms: counting the o200k tokens of 1 MB of source in Parley's tokenizer worker (dist/tokenizer.js),
// message passing included, median of 5 after the worker has loaded its tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

const RUNS = 5;

export async function measure({ log }) {
  const source = readFileSync(join(projectRoot, 'node_modules', 'typescript', 'lib', 'typescript.js'), 'utf8').slice(0, 1 << 20);
  const worker = new Worker(join(projectRoot, 'dist', 'tokenizer.js'));
  let id = 0;
  const count = (texts) =>
    new Promise((resolve) => {
      const mine = ++id;
      const onMessage = (reply) => {
        if (reply.id !== mine) return;
        worker.off('message', onMessage);
        resolve(reply.counts);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id: mine, texts });
    });
  try {
    const loadStarted = performance.now();
    await count(['warm up']);
    const loadMs = performance.now() - loadStarted;
    const samples = [];
    let tokens = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      [tokens] = await count([source]);
      samples.push(performance.now() - started);
    }
    log(`1 MB → ${tokens} tokens in ${samples.map((s) => s.toFixed(0)).join(', ')} ms; worker start and tables ${loadMs.toFixed(0)} ms`);
    return {
      tokenize_1mb_ms: { value: round(median(samples)), unit: 'ms', target: { max: 150 }, samples: samples.map(round), description: 'o200k token count of 1 MB of source in the tokenizer worker, median of 5' },
      tokenizer_load_ms: { value: round(loadMs), unit: 'ms', description: 'starting the worker and loading the o200k tables (off the extension host thread)' },
    };
  } finally {
    await worker.terminate();
  }
}
