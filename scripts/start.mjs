// `npm start [folder] [-- --desktop] [--port N] [--fresh]`: builds Parley (and keeps rebuilding on change), starts
// a real VS Code (code-server on 127.0.0.1) with Parley loaded on the folder, or on a copy of the sample project,
// and prints the URL to open. Ctrl+C stops everything. `--desktop` uses a desktop `code` on PATH instead.
// VS Code's user data (settings, Parley's conversations) is kept per folder under .vscode-test/user-data, so a
// restart finds them again; `--fresh` starts clean instead (a throwaway user-data folder, and a fresh copy of the
// sample project when no folder is given), leaving what was kept for the next run without it.
// `npm run demo` (`--demo`) does the same on a fresh copy of the sample project, talking to the scripted fake
// model from test/fixtures: no API key, no model server, the same answers every time.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDependencies, root } from './deps.mjs';

const DEMO_MODEL = 'demo (scripted replies)';
const { values, positionals } = parseArgs({
  options: {
    desktop: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    port: { type: 'string' },
  },
  allowPositionals: true,
});
const port = values.port ? Number(values.port) : 8080;
const command = values.demo ? 'npm run demo' : 'npm start';

/** Things to undo on the way out, last first. */
const cleanups = [];
async function exit(code, message) {
  if (message) (code === 0 ? console.log : console.error)(message);
  for (const cleanup of cleanups.reverse()) await cleanup();
  process.exit(code);
}

ensureDependencies();
const { build } = await import('./build.mjs');
const { copyOfSampleWorkspace } = await import('../test/host/workbench.mjs');

/** The folder to open: the one given, else a copy of the sample project (so trying Parley never edits the repo). */
function workspaceFolder() {
  if (values.demo || (values.fresh && !positionals[0])) {
    const folder = copyOfSampleWorkspace();
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    return folder;
  }
  if (positionals[0]) {
    const folder = resolve(positionals[0]);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) return exit(1, `No folder at ${folder}: give npm start a folder to open.`);
    return folder;
  }
  const sample = join(root, '.vscode-test', 'sample-workspace');
  if (!existsSync(sample)) cpSync(join(root, 'test', 'fixtures', 'workspace'), sample, { recursive: true });
  return sample;
}

const folder = await workspaceFolder();

/**
 * Where VS Code keeps its user data for this folder between runs (keyed by the folder's absolute path, named so
 * a person can tell which is which), or undefined for a throwaway one: the demo and --fresh start clean.
 */
function keptUserData() {
  if (values.demo || values.fresh) return undefined;
  const key = createHash('sha256').update(folder).digest('hex').slice(0, 12);
  return join(root, '.vscode-test', 'user-data', `${basename(folder).replace(/[^\w.-]/g, '_')}-${key}`);
}
const watchers = await build({ watch: true });
cleanups.push(() => Promise.all(watchers.map((w) => w.dispose())));
process.on('SIGINT', () => exit(0, `\n[start] stopping…`));
process.on('SIGTERM', () => exit(0));

/** The scripted model for the demo: a real OpenAI-compatible server on loopback, compiled by the build to out/. */
async function startDemoModel() {
  const { startFakeModelServer, loadScenarioFile } = createRequire(import.meta.url)(join(root, 'out', 'test', 'fixtures', 'fakeModelServer.js'));
  const model = await startFakeModelServer({
    models: [DEMO_MODEL],
    scenarios: loadScenarioFile(join(root, 'test', 'fixtures', 'scenarios', 'demo.json')),
  });
  cleanups.push(() => model.close());
  return { 'parley.baseUrl': model.url, 'parley.model': DEMO_MODEL };
}

if (values.desktop) {
  const found = spawnSync('code', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    await exit(1, 'No desktop VS Code here: put its `code` command on PATH (Command Palette: "Shell Command: Install \'code\' command in PATH"), or run npm start without --desktop.');
  }
  console.log(`[start] opening VS Code ${found.stdout.split('\n')[0]} with Parley on ${folder}`);
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit' }).on('exit', () =>
    console.log('[start] VS Code has Parley loaded; edits rebuild it (Developer: Reload Window). Ctrl+C stops the rebuilds.'),
  );
} else {
  const { ensureTools, SetupError } = await import('../test/host/tools.mjs');
  const { startCodeServer } = await import('../test/host/workbench.mjs');
  try {
    ensureTools({ needBrowser: false });
  } catch (err) {
    await exit(1, err instanceof SetupError ? err.message : String(err));
  }
  const settings = values.demo ? await startDemoModel() : {};
  const keepIn = keptUserData();
  const server = await startCodeServer({ port, settings, log: () => {}, keepIn }).catch((err) =>
    exit(1, `${err.message}. Is port ${port} taken? Try ${command} -- --port 8123.`),
  );
  cleanups.push(async () => {
    await server.stop();
    server.cleanup();
  });
  if (values.demo) console.log(`\ndemo model: scripted replies (a fake OpenAI-compatible server at ${settings['parley.baseUrl']})`);
  console.log(`\nParley is running in VS Code at:\n\n  ${server.url({ folder })}\n`);
  const fresh = values.demo || (values.fresh && !positionals[0]);
  console.log(`Folder: ${folder}${fresh ? ' (a fresh copy of the sample project, removed when this stops)' : ''}`);
  console.log(
    keepIn
      ? `User data: ${keepIn} (settings and conversations are kept for this folder; --fresh starts clean).\n` +
          `Conversations are found again on the same port: VS Code keys a window's storage by its address.`
      : 'User data: a fresh, throwaway folder (removed when this stops)',
  );
  console.log('Open the URL in a browser on this machine and click the Parley icon in the activity bar.');
  if (values.demo) console.log('Ask "Why does parseRow drop the last field?" or "Can parseTable read tab-separated files?".');
  console.log('Edits to src/ rebuild automatically; run "Developer: Reload Window" to load them. Ctrl+C stops.\n');
}
