// Parley's settings, read in one place. Reads are cheap and always current; `onDidChange` tells listeners when a
// `parley.*` setting changed. The interface lets tests hand in a fixed configuration. A machine-scoped setting
// set in the workspace's settings is dropped by VS Code without a word; Parley says so, once.
import * as vscode from 'vscode';
import { DEFAULT_FUZZY_THRESHOLD } from '../core/edits/anchor';
import { ignoredSettingsMessage, settingsKeys } from '../core/settingsFile';

export interface ParleySettings {
  /** Empty when unset: the model connection falls back to OPENAI_BASE_URL or a local server. */
  readonly baseUrl: string;
  /** Empty when unset: the first model the server lists. */
  readonly model: string;
  readonly requestTimeoutSeconds: number;
  readonly maxOutputTokens: number;
  /** undefined: the server's default. */
  readonly temperature: number | undefined;
  /** undefined: ask the server, else a conservative default. */
  readonly contextWindow: number | undefined;
  /** 0..1: how similar a SEARCH text must be to the file's text to be anchored by the fuzzy rung. */
  readonly fuzzyThreshold: number;
}

export interface Config {
  read(): ParleySettings;
  readonly onDidChange: vscode.Event<void>;
  /** Writes a setting for this user on this machine (never into the workspace). */
  update(key: 'baseUrl' | 'model', value: string): Thenable<void>;
}

const SECTION = 'parley';

export class WorkspaceConfig implements Config, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changed.event;
  readonly ignoredSettings = new IgnoredWorkspaceSettings();

  constructor() {
    this.subscriptions = [
      this.ignoredSettings,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.changed.fire();
      }),
    ];
  }

  read(): ParleySettings {
    const c = vscode.workspace.getConfiguration(SECTION);
    const temperature = c.get<number | null>('temperature', null);
    return {
      baseUrl: c.get<string>('baseUrl', '').trim(),
      model: c.get<string>('model', '').trim(),
      requestTimeoutSeconds: positive(c.get<number>('requestTimeoutSeconds'), 60),
      maxOutputTokens: positive(c.get<number>('maxOutputTokens'), 2048),
      temperature: typeof temperature === 'number' ? temperature : undefined,
      contextWindow: positive(c.get<number | null>('contextWindow') ?? undefined, undefined),
      fuzzyThreshold: Math.min(1, positive(c.get<number>('fuzzyThreshold'), DEFAULT_FUZZY_THRESHOLD)),
    };
  }

  update(key: 'baseUrl' | 'model', value: string): Thenable<void> {
    return vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.changed.dispose();
  }
}

/** Files that should not be sent for this file (`parley.excludeFiles`, which a folder's settings may set). */
export function excludeFilesSetting(uri: vscode.Uri | undefined): string[] {
  const value = vscode.workspace.getConfiguration(SECTION, uri).get<unknown>('excludeFiles', []);
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}

export const lessonsEnabled = (): boolean => vscode.workspace.getConfiguration(SECTION).get<boolean>('lessons.enabled', false) === true;

/** Parley's settings that VS Code reads only from User (or, in a remote window, Remote) settings. */
export function machineScopedSettings(): Set<string> {
  const manifest = vscode.extensions.getExtension('parley-dev.parley')?.packageJSON as
    | { contributes?: { configuration?: { properties?: Record<string, { scope?: string }> } } }
    | undefined;
  const properties = manifest?.contributes?.configuration?.properties ?? {};
  return new Set(Object.entries(properties).filter(([, p]) => p.scope === 'machine').map(([key]) => key));
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
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
    const check = () => void (this.lastCheck = this.check());
    this.subscriptions.push(watcher, watcher.onDidCreate(check), watcher.onDidChange(check), vscode.workspace.onDidChangeWorkspaceFolders(check));
    this.lastCheck = this.check();
  }

  /** The machine-scoped settings set in the workspace's files (reported, the first time each is seen). */
  async check(): Promise<string[]> {
    const machine = machineScopedSettings();
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

const positive = <T extends number | undefined>(value: number | undefined, fallback: T): number | T =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
