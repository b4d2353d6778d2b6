// Runs `npm ci` when node_modules is missing or older than package-lock.json, so `npm test` and `npm start`
// work on a fresh clone. Node built-ins only: nothing from node_modules can be loaded before this has run.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  // npm writes this file at the end of every install, so its age is the age of node_modules.
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log(existsSync(installed) ? '[setup] package-lock.json changed: running npm ci' : '[setup] no node_modules yet: running npm ci');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    console.error('npm ci failed: check that the npm registry is reachable, then run "npm ci" by hand to see why.');
    process.exit(1);
  }
}
