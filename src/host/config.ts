// Parley's settings, read in one place. Reads are cheap and always current; `onDidChange` tells listeners when a
// `parley.*` setting changed. The interface lets tests hand in a fixed configuration.
import * as vscode from 'vscode';

export interface ParleySettings {
  /** Empty when unset: the model connection falls back to OPENAI_BASE_URL or a local server. */
  readonly baseUrl: string;
  /** Empty when unset: the first model the server lists. */
  readonly model: string;
  readonly requestTimeoutSeconds: number;
}

export interface Config {
  read(): ParleySettings;
  readonly onDidChange: vscode.Event<void>;
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
    return {
      baseUrl: c.get<string>('baseUrl', '').trim(),
      model: c.get<string>('model', '').trim(),
      requestTimeoutSeconds: c.get<number>('requestTimeoutSeconds', 60),
    };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
