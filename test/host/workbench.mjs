// A real VS Code for tests, benchmarks and `npm start`: code-server on 127.0.0.1 with isolated folders, and
// Debian's headless Chromium (driven by playwright-core) to open its workbench. See ../shared/VSCODE-TEST-HOST.md.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolPaths } from './tools.mjs';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sampleWorkspace = join(projectRoot, 'test', 'fixtures', 'workspace');

/** User settings that keep the workbench quiet and predictable (no built-in chat panel, no update checks). */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  // The web build saves after a delay by default; desktop VS Code does not. Tests (and npm start) act like desktop.
  'files.autoSave': 'off',
};

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * A throwaway copy of the sample workspace, so tests may change files freely. It is made a Git repository with
 * one commit (when git is installed), so the working-tree changes (#changes) have something to differ from.
 */
export function copyOfSampleWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ws-'));
  cpSync(sampleWorkspace, dir, { recursive: true });
  const git = (...args) => spawnSync('git', ['-c', 'user.name=Parley Tests', '-c', 'user.email=tests@parley.invalid', ...args], { cwd: dir, stdio: 'ignore' });
  if (git('init', '-q').status === 0) {
    git('add', '-A');
    git('commit', '-q', '-m', 'The sample workspace');
  }
  return dir;
}

/**
 * What a window with workspace trust on needs to open an untrusted folder in Restricted Mode straight away: no
 * modal asking whether to trust it (nobody would answer), no banner over the editor.
 */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * Starts code-server. Resolves once it listens. `env` reaches the extension host (code-server passes its
 * environment on), which is how tests learn where to write their results. With `trusted: false` workspace trust
 * is on and the folder opened is not trusted, so the window is in Restricted Mode. `keepIn` names a folder to
 * keep VS Code's user data in between runs (npm start's, so conversations and settings last): its settings are
 * written only the first time, and `cleanup()` leaves it; otherwise a temporary folder is used and removed.
 */
export async function startCodeServer({ env = {}, port, settings = {}, log = () => {}, trusted = true, keepIn } = {}) {
  const tools = toolPaths();
  const runDir = keepIn ?? mkdtempSync(join(tmpdir(), 'parley-vscode-'));
  for (const d of ['ud/User', 'ud/Machine', 'exts', 'xdg/config', 'xdg/data']) mkdirSync(join(runDir, d), { recursive: true });
  const all = JSON.stringify({ ...USER_SETTINGS, ...(trusted ? {} : UNTRUSTED_SETTINGS), ...settings }, null, 1);
  const writeSettings = (file) => {
    if (!keepIn || !existsSync(file)) writeFileSync(file, all);
  };
  writeSettings(join(runDir, 'ud', 'User', 'settings.json'));
  // Settings with "scope": "machine" (Parley's model connection) are read from the remote machine's settings in
  // a remote window, and code-server's window is one.
  writeSettings(join(runDir, 'ud', 'Machine', 'settings.json'));
  writeFileSync(join(runDir, 'config.yaml'), '');
  const listenPort = port ?? (await freePort());
  const args = [
    tools.codeServerEntry,
    '--config', join(runDir, 'config.yaml'),
    '--bind-addr', `127.0.0.1:${listenPort}`,
    '--auth', 'none',
    '--user-data-dir', join(runDir, 'ud'),
    '--extensions-dir', join(runDir, 'exts'),
    '--disable-telemetry', '--disable-update-check',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    '--disable-getting-started-override',
    // Without this the development-extension payload in the URL is silently ignored.
    '--vscode-option', 'enable-smoke-test-driver',
    '--reconnection-grace-time', '5',
  ];
  const child = spawn(tools.node24Bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: {
      ...process.env,
      ...env,
      PATH: `${join(tools.node24, 'bin')}:${process.env.PATH}`,
      // Keep code-server away from ~/.config/code-server and ~/.local/share/code-server.
      XDG_CONFIG_HOME: join(runDir, 'xdg', 'config'),
      XDG_DATA_HOME: join(runDir, 'xdg', 'data'),
    },
  });
  const serverLog = createWriteStream(join(runDir, 'server.log'));
  child.stdout.pipe(serverLog);
  child.stderr.pipe(serverLog);

  let stopped = false;
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 8000);
    await exited;
    clearTimeout(timer);
  };
  const onExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);

  await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`code-server did not start within 60 s (log: ${runDir}/server.log)`)), 60_000);
    child.stdout.on('data', (chunk) => {
      if (/HTTP server listening/.test(String(chunk))) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`code-server exited with code ${code} before it listened (log: ${runDir}/server.log)`));
    });
  });
  log(`[vscode] code-server listening on 127.0.0.1:${listenPort}`);

  return {
    port: listenPort,
    runDir,
    /** The workbench URL for a folder, with Parley loaded as a development extension (and tests, if given). */
    url({ folder, extensionTestsPath, extensionPath = projectRoot } = {}) {
      const remote = (p) => `vscode-remote://127.0.0.1:${listenPort}${p}`;
      const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['skipWelcome', 'true']];
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      return `http://127.0.0.1:${listenPort}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    async stop() {
      process.removeListener('exit', onExit);
      await stop();
    },
    cleanup() {
      if (!keepIn) rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with the flags that keep it off this machine's closed network. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: toolPaths().chromium,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}
