// Parley's settings service: the one place that reads `parley.*` settings. Reads are cheap and always current;
// `onDidChange` says which settings changed (VS Code's `affectsConfiguration`). Defaults come from the manifest,
// read once. `InMemoryConfig` is the same service over a plain map, for tests. A machine-scoped setting set in the
// workspace's settings is dropped by VS Code without a word; Parley says so, once.
import * as vscode from 'vscode';
import { resourceSettingsFrom, SECTION, settingsFrom, settingsManifest } from '../core/settings';
import type { ParleySettings, ResourceSettings, SettingKey, SettingsManifest } from '../core/settings';
import { ignoredSettingsMessage, settingsKeys } from '../core/settingsFile';

export type { ParleySettings, ResourceSettings, SettingKey } from '../core/settings';

/** Which settings a change touched. */
export interface SettingsChange {
  /** True when `key` changed (for `uri`'s folder, when given). */
  affects(key: SettingKey, uri?: vscode.Uri): boolean;
}

export interface Config {
  /** The settings of the window as a whole. */
  read(): ParleySettings;
  /** The settings for one file or folder (undefined: the workspace's). */
  forResource(uri: vscode.Uri | undefined): ResourceSettings;
  readonly onDidChange: vscode.Event<SettingsChange>;
  /** Writes a setting for this user on this machine (never into the workspace). */
  update(key: 'baseUrl' | 'model', value: string): Thenable<void>;
}

/** The manifest Parley was installed with: where every default and scope is declared. */
export function installedManifest(): SettingsManifest {
  return settingsManifest(vscode.extensions.getExtension('parley-dev.parley')?.packageJSON);
}

export class WorkspaceConfig implements Config, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SettingsChange>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changed.event;
  readonly ignoredSettings: IgnoredWorkspaceSettings;

  constructor(private readonly manifest: SettingsManifest) {
    this.ignoredSettings = new IgnoredWorkspaceSettings(undefined, machineScopedSettings(manifest));
    this.subscriptions = [
      this.ignoredSettings,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.changed.fire({ affects: (key, uri) => e.affectsConfiguration(`${SECTION}.${key}`, uri) });
      }),
    ];
  }

  read(): ParleySettings {
    const c = vscode.workspace.getConfiguration(SECTION);
    return settingsFrom((key) => c.get(key), this.manifest);
  }

  forResource(uri: vscode.Uri | undefined): ResourceSettings {
    const c = vscode.workspace.getConfiguration(SECTION, uri);
    return resourceSettingsFrom((key) => c.get(key), this.manifest);
  }

  update(key: 'baseUrl' | 'model', value: string): Thenable<void> {
    return vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.changed.dispose();
  }
}

/**
 * The settings service over a map, for tests: `set` changes a value (for the whole window, or for the files under
 * a folder) and fires `onDidChange` as VS Code would.
 */
export class InMemoryConfig implements Config, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.changed.event;
  private readonly values = new Map<SettingKey, unknown>();
  /** Folder-specific values, by the folder's URI. */
  private readonly folders = new Map<string, Map<SettingKey, unknown>>();

  constructor(
    private readonly manifest: SettingsManifest,
    values: Partial<Record<SettingKey, unknown>> = {},
  ) {
    for (const [key, value] of Object.entries(values) as [SettingKey, unknown][]) this.values.set(key, value);
  }

  read(): ParleySettings {
    return settingsFrom((key) => this.values.get(key), this.manifest);
  }

  forResource(uri: vscode.Uri | undefined): ResourceSettings {
    const target = uri?.toString();
    const folder = [...this.folders].filter(([root]) => target !== undefined && within(target, root)).sort(([a], [b]) => b.length - a.length)[0]?.[1];
    return resourceSettingsFrom((key) => (folder?.has(key) ? folder.get(key) : this.values.get(key)), this.manifest);
  }

  /** Sets (or, with undefined, clears) a value, for `folder` and the files in it when given. */
  set(key: SettingKey, value: unknown, folder?: vscode.Uri): void {
    const values = folder ? this.folderValues(folder.toString()) : this.values;
    if (value === undefined) values.delete(key);
    else values.set(key, value);
    const root = folder?.toString();
    this.changed.fire({ affects: (k, uri) => k === key && (root === undefined || uri === undefined || within(uri.toString(), root)) });
  }

  update(key: 'baseUrl' | 'model', value: string): Thenable<void> {
    this.set(key, value);
    return Promise.resolve();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private folderValues(root: string): Map<SettingKey, unknown> {
    let values = this.folders.get(root);
    if (!values) this.folders.set(root, (values = new Map()));
    return values;
  }
}

const within = (uri: string, root: string): boolean => uri === root || uri.startsWith(root.endsWith('/') ? root : `${root}/`);

/** Parley's settings that VS Code reads only from User (or, in a remote window, Remote) settings. */
export function machineScopedSettings(manifest: SettingsManifest = installedManifest()): Set<string> {
  return new Set([...manifest].filter(([, d]) => d.scope === 'machine').map(([key]) => `${SECTION}.${key}`));
}

/**
 * Reads the workspace's settings files (each folder's .vscode/settings.json and a .code-workspace file) for
 * machine-scoped Parley settings, which VS Code ignores there, and says so once per setting, with an action to
 * open the settings where it does count. Looked at on start and whenever one of those files changes.
 */
export class IgnoredWorkspaceSettings implements vscode.Disposable {
  private readonly reported = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last check: what it found (the tests wait for it). */
  lastCheck: Promise<string[]>;

  constructor(
    private readonly show: (message: string, action: string) => Thenable<string | undefined> = (message, action) =>
      vscode.window.showWarningMessage(message, action),
    private readonly machine: ReadonlySet<string> = machineScopedSettings(),
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
    const check = () => void (this.lastCheck = this.check());
    this.subscriptions.push(watcher, watcher.onDidCreate(check), watcher.onDidChange(check), vscode.workspace.onDidChangeWorkspaceFolders(check));
    this.lastCheck = this.check();
  }

  /** The machine-scoped settings set in the workspace's files (reported, the first time each is seen). */
  async check(): Promise<string[]> {
    const machine = this.machine;
    const files: { uri: vscode.Uri; kind: 'folder' | 'workspace' }[] = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
      uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'),
      kind: 'folder',
    }));
    const workspaceFile = vscode.workspace.workspaceFile;
    if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, kind: 'workspace' });
    const found = new Set<string>();
    await Promise.all(
      files.map(async ({ uri, kind }) => {
        let text: string;
        try {
          text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
        } catch {
          return; // No settings file: nothing set there.
        }
        for (const key of settingsKeys(text, kind)) if (machine.has(key)) found.add(key);
      }),
    );
    const fresh = [...found].sort().filter((key) => !this.reported.has(key));
    if (fresh.length > 0) {
      for (const key of fresh) this.reported.add(key);
      void this.report(fresh);
    }
    return [...found].sort();
  }

  private async report(keys: readonly string[]): Promise<void> {
    // In a remote window (code-server's included) machine settings are read from the Remote settings.
    const remote = vscode.env.remoteName !== undefined;
    const where = remote ? 'Remote settings' : 'User settings';
    const action = `Open ${where}`;
    if ((await this.show(ignoredSettingsMessage(keys, where), action)) !== action) return;
    await vscode.commands.executeCommand(remote ? 'workbench.action.openRemoteSettings' : 'workbench.action.openGlobalSettings', { query: keys.join(' ') });
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
