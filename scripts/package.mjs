// `npm run package`: a production build packed into parley-<version>.vsix with @vscode/vsce; prints its size
// and contents. Returns the path when imported (the benchmarks measure it).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies, root } from './deps.mjs';

export async function packageVsix({ quiet = false } = {}) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, `parley-${version}.vsix`);
  // vsce runs the vscode:prepublish script (the production build) itself.
  const r = spawnSync(join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', out], {
    cwd: root,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return { path: out, bytes: statSync(out).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureDependencies();
  try {
    const { path, bytes } = await packageVsix();
    console.log(`\n${path}: ${(bytes / 1024).toFixed(1)} KB`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
