// The API key lives only in VS Code's SecretStorage (the OS keychain where there is one). It is never written to
// settings, never logged, and never posted to the webview.
import * as vscode from 'vscode';

const SECRET_KEY = 'parley.apiKey';

export class ApiKeyStore {
  /** Fires when the stored key is set or cleared (in this window or another). */
  readonly onDidChange: vscode.Event<void>;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.onDidChange = (listener, thisArg, disposables) =>
      secrets.onDidChange((e) => {
        if (e.key === SECRET_KEY) listener.call(thisArg);
      }, undefined, disposables);
  }

  /** The stored key, else OPENAI_API_KEY from the environment, else undefined. */
  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_KEY)) ?? (process.env['OPENAI_API_KEY'] || undefined);
  }

  /** Command: asks for the key in a password box and stores it. */
  async promptAndStore(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'Parley: Set API Key',
      prompt: 'Paste the API key for your model server. It is kept in VS Code\'s secret storage on this machine.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (/\s/.test(value.trim()) ? 'An API key has no spaces in it.' : undefined),
    });
    if (key === undefined || key.trim() === '') return false;
    await this.secrets.store(SECRET_KEY, key.trim());
    this.log.info('API key stored in secret storage.');
    void vscode.window.showInformationMessage('Parley: API key saved in secret storage.');
    return true;
  }

  /** Command: forgets the stored key. */
  async clear(): Promise<void> {
    const had = (await this.secrets.get(SECRET_KEY)) !== undefined;
    await this.secrets.delete(SECRET_KEY);
    this.log.info(had ? 'API key removed from secret storage.' : 'Clear API key: no key was stored.');
    void vscode.window.showInformationMessage(had ? 'Parley: API key removed.' : 'Parley: no API key was stored.');
  }
}
