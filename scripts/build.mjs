// Bundles the extension (Node, CommonJS, `vscode` external) and the webview (browser), and compiles the
// TypeScript tests to out/. `--watch` rebuilds on change; `--production` minifies and leaves the tests out.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir, suffix) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(root, dir, f));
}

function configs(production, tests) {
  const shared = { bundle: true, logLevel: 'warning', sourcemap: !production, minify: production, absWorkingDir: root };
  const list = [
    {
      ...shared,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    },
    {
      // The model connection, loaded by the extension on first use (see src/host/modelClient.ts).
      ...shared,
      entryPoints: ['src/core/model/bundle.ts'],
      outfile: 'dist/model.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    },
    {
      // The tokenizer's worker thread, with its large tables (see src/host/tokenCounter.ts).
      ...shared,
      entryPoints: ['src/host/tokenizerWorker.ts'],
      outfile: 'dist/tokenizer.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    },
    {
      // The #codebase index's worker thread: reading, chunking, MiniSearch (see src/host/codebaseIndex.ts).
      ...shared,
      entryPoints: ['src/host/codebaseWorker.ts'],
      outfile: 'dist/codebase.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    },
    {
      ...shared,
      entryPoints: ['src/webview/main.ts'],
      outfile: 'dist/webview.js',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    },
  ];
  if (!tests) return list;
  // Tests load their dependencies (mocha, vscode, node built-ins) at run time from node_modules.
  const test = { ...shared, sourcemap: 'inline', minify: false, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', outbase: '.', outdir: 'out' };
  list.push(
    { ...test, entryPoints: filesUnder('test/unit', '.test.ts') },
    { ...test, entryPoints: [...filesUnder('test/integration', '.ts'), ...filesUnder('test/bench/host', '.ts')] },
    // The fake model server, for scripts (npm run demo, benchmarks) that run outside a bundle.
    { ...test, entryPoints: filesUnder('test/fixtures', '.ts').filter((f) => !f.includes('/workspace/') && !f.includes('/edits/') && !f.includes('/codebase/')) },
  );
  return list;
}

function copyCodicons() {
  const from = join(root, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = join(root, 'dist', 'codicons');
  mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join(from, f), join(to, f));
}

/**
 * Builds once, or starts watching and returns the esbuild contexts (dispose them to stop). Tests are compiled
 * unless this is a production build, where they are compiled only when asked (the benchmarks need both).
 */
export async function build({ production = false, watch = false, tests = !production } = {}) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, 'out'), { recursive: true, force: true });
  copyCodicons();
  if (watch) {
    const contexts = await Promise.all(configs(production, tests).map((c) => esbuild.context(c)));
    // watch() starts its first build without waiting for it; build once first, so the files exist on return.
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[build] watching src/ and test/ for changes');
    return contexts;
  }
  const t0 = Date.now();
  await Promise.all(configs(production, tests).map((c) => esbuild.build(c)));
  console.log(`[build] ${production ? 'production ' : ''}bundles in ${Date.now() - t0} ms`);
  return [];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  build({ production: args.includes('--production'), watch: args.includes('--watch') }).catch((err) => {
    // esbuild has already printed its own errors; anything else is printed here.
    if (!err?.errors) console.error(err);
    process.exit(1);
  });
}
