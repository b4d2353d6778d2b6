// `npm run bench`: runs every test/bench/*.bench.mjs against a production build, prints a table and writes
// test-results/bench.json as { "<metric>": { "value": n, "unit": "...", "target"?: { "max": n }, ... } }.
// Exits non-zero when a metric misses its target. `npm run bench -- activation render` runs only the benchmark
// files whose names start with those words.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDependencies, root } from './deps.mjs';

ensureDependencies();
const { build } = await import('./build.mjs');
const { ensureTools, SetupError } = await import('../test/host/tools.mjs');

try {
  ensureTools();
} catch (err) {
  console.error(err instanceof SetupError ? err.message : err);
  process.exit(1);
}
await build({ production: true, tests: true });

const only = process.argv.slice(2);
const benchDir = join(root, 'test', 'bench');
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const metrics = {};
for (const file of files) {
  console.log(`[bench] ${file}`);
  const { measure } = await import(pathToFileURL(join(benchDir, file)).href);
  Object.assign(metrics, await measure({ log: (line) => console.log(`[bench]   ${line}`) }));
}

const missed = (m) => m.target?.max !== undefined && m.value > m.target.max;
const rows = Object.entries(metrics).map(([name, m]) => [
  name,
  String(m.value),
  m.unit,
  m.target?.max !== undefined ? `≤ ${m.target.max}` : '',
  m.target ? (missed(m) ? 'MISSED' : 'ok') : '',
]);
const header = ['metric', 'value', 'unit', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
console.log('\n' + line(header));
for (const r of rows) console.log(line(r));

// `npm run bench -- render` measures only some metrics; the others keep their last figures in the file.
const file = join(root, 'test-results', 'bench.json');
const earlier = only.length > 0 && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(file, JSON.stringify({ ...earlier, ...metrics }, null, 2) + '\n');
console.log('\nwritten to test-results/bench.json');
process.exit(Object.values(metrics).some(missed) ? 1 : 0);
