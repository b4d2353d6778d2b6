// Runs mocha over the given test files in this Node process and writes { passed, failed } to --results.
// usage: node test/host/mocha.mjs --results FILE [--timeout MS] file...
import Mocha from 'mocha';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { results: { type: 'string' }, timeout: { type: 'string', default: '10000' }, grep: { type: 'string' } },
  allowPositionals: true,
});

const mocha = new Mocha({ ui: 'bdd', timeout: Number(values.timeout), color: process.stdout.isTTY, reporter: 'spec' });
if (values.grep) mocha.grep(values.grep);
for (const file of positionals) mocha.addFile(resolve(file));
await mocha.loadFilesAsync();
const runner = mocha.run((failed) => {
  const passed = runner.stats?.passes ?? 0;
  if (values.results) writeFileSync(values.results, JSON.stringify({ passed, failed }));
  process.exitCode = failed > 0 ? 1 : 0;
});
