// index_20k_files_s, codebase_query_ms, index_store_mb: the #codebase index (dist/codebase.js, a worker thread)
// over 20,000 generated source files (TypeScript, Python and Go, 10–140 lines each, functions named from common
// domain words and a project vocabulary of 4,000 words used by Zipf's law, like a large monorepo): the first
// build from nothing, store written; the catch-up after a reload (a stat of every file, nothing read again); and
// the question → chunks round trip, median of 30. The 50 domain words are each in about a quarter of all chunks,
// more than in most real code, so the query figure errs on the slow side.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

const FILES = 20_000;
const WORDS = ['order', 'invoice', 'customer', 'cart', 'payment', 'refund', 'stock', 'session', 'token', 'user', 'report', 'email', 'queue', 'job', 'cache', 'route', 'request', 'response', 'retry', 'backoff', 'schema', 'migration', 'price', 'discount', 'tax', 'address', 'shipment', 'product', 'search', 'index', 'config', 'flag', 'logger', 'metric', 'thumbnail', 'image', 'upload', 'download', 'parser', 'row', 'field', 'table', 'account', 'balance', 'ledger', 'audit', 'event', 'webhook', 'client', 'server'];
const VERBS = ['get', 'load', 'save', 'parse', 'format', 'compute', 'validate', 'apply', 'build', 'send', 'fetch', 'update', 'delete', 'render', 'merge', 'split', 'resolve', 'check', 'create', 'find'];
const QUESTIONS = [
  'where is the refund balance computed',
  'how do we retry a failed webhook request',
  'parse a row of the invoice table',
  'validate the shipment address',
  'which function renders the email for an order',
  'apply a discount to the cart price',
  'update the ledger after a payment',
  'how is the session token checked',
  'resolve the route for a request',
  'merge the config flags',
];

/** A deterministic pseudo-random sequence, so every run indexes the same files. */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const cap = (w) => w[0].toUpperCase() + w.slice(1);

/**
 * A project's own vocabulary beyond the common domain words: 4,000 made-up words, used with Zipf's law (a few
 * often, most rarely), as identifiers in real code are. With only common words every term would be in every chunk.
 */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'ze', 'pa', 'do', 'fi', 'gu', 'ha', 'je', 'bo', 'cy', 'wu', 'xe', 'qu'];
const RARE = Array.from({ length: 4000 }, (_, i) => SYLLABLES[i % 20] + SYLLABLES[Math.floor(i / 20) % 20] + SYLLABLES[Math.floor(i / 400) % 20]);
const zipf = (r) => RARE[Math.min(RARE.length - 1, Math.floor(1 / (1 - r() * 0.9995)) - 1)];

function generateFile(i) {
  const r = random(i + 1);
  const common = (list) => list[Math.floor(r() * list.length)];
  // Half the words are the domain's common ones, half the project's own.
  const pick = (list) => (list === WORDS && r() < 0.5 ? zipf(r) : common(list));
  const language = ['ts', 'ts', 'py', 'go'][i % 4];
  const noun = common(WORDS);
  const other = common(WORDS);
  const lines = [];
  const functions = 2 + Math.floor(r() * 6);
  if (language === 'ts') lines.push(`// ${cap(noun)} ${other} handling.`, `import { ${cap(other)}Store } from '../${other}/store';`, '');
  if (language === 'py') lines.push(`"""${cap(noun)} ${other} handling."""`, `from .${other} import ${cap(other)}Store`, '');
  if (language === 'go') lines.push(`package ${noun}`, '', 'import "errors"', '');
  for (let f = 0; f < functions; f++) {
    const name = `${pick(VERBS)}${cap(pick(WORDS))}${cap(pick(WORDS))}`;
    const a = pick(WORDS);
    const b = pick(WORDS);
    const body = 4 + Math.floor(r() * 14);
    if (language === 'ts') {
      lines.push(`/** ${cap(name)}: the ${a} of a ${b}. */`, `export function ${name}(${a}: ${cap(a)}, ${b}Id: string): ${cap(b)} | undefined {`);
      for (let k = 0; k < body; k++) lines.push(`  const ${pick(WORDS)}${k} = ${a}.${pick(VERBS)}${cap(pick(WORDS))}(${b}Id, ${k});`);
      lines.push(`  return ${a}.${b}s.find((x) => x.id === ${b}Id);`, '}', '');
    } else if (language === 'py') {
      const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      lines.push(`def ${snake}(${a}, ${b}_id):`, `    """The ${a} of a ${b}."""`);
      for (let k = 0; k < body; k++) lines.push(`    ${pick(WORDS)}_${k} = ${a}.${pick(VERBS)}_${pick(WORDS)}(${b}_id, ${k})`);
      lines.push(`    return ${a}.${b}s.get(${b}_id)`, '', '');
    } else {
      lines.push(`// ${cap(name)} returns the ${a} of a ${b}.`, `func ${cap(name)}(${a} *${cap(a)}, ${b}ID string) (*${cap(b)}, error) {`);
      for (let k = 0; k < body; k++) lines.push(`\t${pick(WORDS)}${k} := ${a}.${cap(pick(VERBS))}${cap(pick(WORDS))}(${b}ID, ${k})`);
      lines.push(`\tif ${a} == nil {`, `\t\treturn nil, errors.New("no ${a}")`, '\t}', `\treturn ${a}.${cap(b)}s[${b}ID], nil`, '}', '');
    }
  }
  return { path: `packages/${noun}/${other}/${noun}${cap(other)}${i}.${language}`, text: lines.join('\n') };
}

export async function measure({ log }) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-codebase-'));
  const worker = new Worker(join(projectRoot, 'dist', 'codebase.js'));
  let id = 0;
  const ask = (request) =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const onMessage = (reply) => {
        if (reply.id !== mine || reply.type === 'progress') return;
        worker.off('message', onMessage);
        if (reply.type === 'error') reject(new Error(reply.message));
        else resolve(reply);
      };
      worker.on('message', onMessage);
      worker.postMessage({ ...request, id: mine });
    });
  try {
    const files = [];
    let bytes = 0;
    for (let i = 0; i < FILES; i++) {
      const { path, text } = generateFile(i);
      const fsPath = join(dir, 'ws', path);
      mkdirSync(join(fsPath, '..'), { recursive: true });
      writeFileSync(fsPath, text);
      bytes += text.length;
      files.push({ path, fsPath });
    }
    log(`${FILES} files, ${(bytes / 1e6).toFixed(1)} MB of source generated`);
    const store = join(dir, 'store', 'index.json');
    const started = performance.now();
    const built = await ask({ type: 'sync', store, files });
    const buildS = (performance.now() - started) / 1000;
    const storeMb = statSync(store).size / 1e6;
    log(`built in ${buildS.toFixed(1)} s: ${built.files} files, ${built.chunks} chunks, store ${storeMb.toFixed(1)} MB`);
    const samples = [];
    for (let round = 0; round < 3; round++) {
      for (const question of QUESTIONS) {
        const t = performance.now();
        await ask({ type: 'query', question, limit: 24, symbols: [] });
        samples.push(performance.now() - t);
      }
    }
    await worker.terminate();
    // A reload: a fresh worker loads the store and checks every file's mtime and size.
    const reloaded = new Worker(join(projectRoot, 'dist', 'codebase.js'));
    const again = await new Promise((resolve, reject) => {
      const t = performance.now();
      reloaded.on('message', (reply) => {
        if (reply.type === 'synced') resolve({ ...reply, seconds: (performance.now() - t) / 1000 });
        if (reply.type === 'error') reject(new Error(reply.message));
      });
      reloaded.postMessage({ type: 'sync', id: 1, store, files });
    });
    await reloaded.terminate();
    log(`query ${samples.map((s) => s.toFixed(1)).join(', ')} ms; reload ${again.seconds.toFixed(1)} s, ${again.read} files read again`);
    return {
      index_20k_files_s: { value: round(buildS), unit: 's', target: { max: 20 }, description: `indexing 20,000 generated source files (${(bytes / 1e6).toFixed(0)} MB) from nothing in the worker, store written` },
      index_20k_reload_s: { value: round(again.seconds), unit: 's', description: `after a reload: loading the store and checking each file's mtime and size (${again.read} read again)` },
      codebase_query_ms: { value: round(median(samples)), unit: 'ms', target: { max: 30 }, samples: samples.map(round), description: 'a question to the 20,000-file index in the worker, round trip, median of 30' },
      index_store_mb: { value: round(storeMb), unit: 'MB', description: 'the stored index of the 20,000 files (workspace storage)' },
    };
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}
