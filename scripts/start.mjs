// `npm start [folder] [-- --desktop] [--port N]`: builds Parley (and keeps rebuilding on change), starts a real
// VS Code (code-server on 127.0.0.1) with Parley loaded on the folder, or on a copy of the sample project, and
// prints the URL to open. Ctrl+C stops everything. `--desktop` uses a desktop `code` on PATH instead.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDependencies, root } from './deps.mjs';

const { values, positionals } = parseArgs({
  options: { desktop: { type: 'boolean', default: false }, port: { type: 'string' } },
  allowPositionals: true,
});

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** The folder to open: the one given, else a copy of the sample project (so trying Parley never edits the repo). */
function workspaceFolder() {
  if (positionals[0]) {
    const folder = resolve(positionals[0]);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`No folder at ${folder}: give npm start a folder to open.`);
    return folder;
  }
  const sample = join(root, '.vscode-test', 'sample-workspace');
  if (!existsSync(sample)) cpSync(join(root, 'test', 'fixtures', 'workspace'), sample, { recursive: true });
  return sample;
}

ensureDependencies();
const { build } = await import('./build.mjs');
const folder = workspaceFolder();
const watchers = await build({ watch: true });

async function shutdown(stopServer) {
  await Promise.all(watchers.map((w) => w.dispose()));
  await stopServer?.();
  process.exit(0);
}

if (values.desktop) {
  const found = spawnSync('code', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    await Promise.all(watchers.map((w) => w.dispose()));
    fail('No desktop VS Code here: put its `code` command on PATH (Command Palette: "Shell Command: Install \'code\' command in PATH"), or run npm start without --desktop.');
  }
  console.log(`[start] opening VS Code ${found.stdout.split('\n')[0]} with Parley on ${folder}`);
  const code = spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit' });
  code.on('exit', () => console.log('[start] VS Code has Parley loaded; edits rebuild it (Developer: Reload Window). Ctrl+C stops the rebuilds.'));
  process.on('SIGINT', () => shutdown());
  process.on('SIGTERM', () => shutdown());
} else {
  const { ensureTools, SetupError } = await import('../test/host/tools.mjs');
  const { startCodeServer } = await import('../test/host/workbench.mjs');
  try {
    ensureTools({ needBrowser: false });
  } catch (err) {
    await Promise.all(watchers.map((w) => w.dispose()));
    fail(err instanceof SetupError ? err.message : String(err));
  }
  const server = await startCodeServer({ port: values.port ? Number(values.port) : 8080, log: () => {} }).catch(async (err) => {
    await Promise.all(watchers.map((w) => w.dispose()));
    fail(`${err.message}. Is port ${values.port ?? 8080} taken? Try npm start -- --port 8123.`);
  });
  console.log(`\nParley is running in VS Code at:\n\n  ${server.url({ folder })}\n`);
  console.log(`Folder: ${folder}`);
  console.log('Open the URL in a browser on this machine and click the Parley icon in the activity bar.');
  console.log('Edits to src/ rebuild automatically; run "Developer: Reload Window" to load them. Ctrl+C stops.\n');
  const stop = async () => {
    console.log('\n[start] stopping VS Code…');
    await shutdown(async () => {
      await server.stop();
      server.cleanup();
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
