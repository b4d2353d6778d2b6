// Parley's settings, read in one place. Reads are cheap and always current; `onDidChange` tells listeners when a
// `parley.*` setting changed. The interface lets tests hand in a fixed configuration.
import * as vscode from 'vscode';
import { DEFAULT_FUZZY_THRESHOLD } from '../core/edits/anchor';

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
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) this.changed.fire();
    });
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
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const positive = <T extends number | undefined>(value: number | undefined, fallback: T): number | T =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
