// Which server and model Parley talks to. Settings first, then OPENAI_BASE_URL, then a local server that answers
// on loopback (Ollama, LM Studio), then OpenAI itself when a key is set; with none of these the view shows its
// setup card. The model is the setting, else the first the server lists. A status bar item shows the model and
// opens the picker.
import * as vscode from 'vscode';
import type { ConnectionView } from '../core/protocol';
import type { ModelEndpoint } from '../core/model/types';
import { loadModelClient } from './modelClient';
import { hostOf } from '../core/model/endpoint';
import { serverContextWindow } from '../core/model/contextWindow';
import type { TurnError } from '../core/chat/conversation';
import type { Config } from './config';
import type { ApiKeyStore } from './apiKey';

export type Resolved = { readonly endpoint: ModelEndpoint } | { readonly endpoint: undefined; readonly error: TurnError };

const NOT_CONFIGURED: TurnError = {
  kind: 'not-configured',
  message: 'Parley has no model to talk to yet: set an API key, start Ollama or LM Studio, or enter a server URL.',
  action: 'open-settings',
};

export class ModelConnection implements vscode.Disposable {
  private current: ConnectionView = { status: 'checking', server: undefined, model: undefined };
  private cached: Promise<Resolved> | undefined;
  /** What the server said of each model's context window ("baseUrl model" → tokens, undefined: it did not say). */
  private readonly windows = new Map<string, Promise<number | undefined>>();
  private readonly changed = new vscode.EventEmitter<ConnectionView>();
  readonly onDidChange = this.changed.event;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly config: Config,
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.statusItem = vscode.window.createStatusBarItem('parley.model', vscode.StatusBarAlignment.Right, 100);
    this.statusItem.name = 'Parley Model';
    this.statusItem.command = 'parley.pickModel';
    this.subscriptions.push(
      this.statusItem,
      this.changed,
      config.onDidChange(() => this.refresh()),
      keys.onDidChange(() => this.refresh()),
    );
    this.render();
  }

  get view(): ConnectionView {
    return this.current;
  }

  /** Forgets what was found, so the next request looks again (settings or key changed, or asked to). */
  refresh(): void {
    this.cached = undefined;
    this.windows.clear();
    void this.resolve();
  }

  /**
   * The endpoint to send to, found once and reused until something changes. Not finding one is not remembered:
   * the next request looks again, so a local server started meanwhile is found without a reload.
   */
  resolve(): Promise<Resolved> {
    if (this.cached) return this.cached;
    const finding = this.find().then(
      (resolved) => {
        if (!resolved.endpoint && this.cached === finding) this.cached = undefined;
        this.set(
          resolved.endpoint
            ? { status: 'ready', server: hostOf(resolved.endpoint.baseUrl), model: resolved.endpoint.model || undefined }
            : { status: 'setup', server: undefined, model: undefined },
        );
        return resolved;
      },
      (err: unknown) => {
        if (this.cached === finding) this.cached = undefined;
        this.log.error(`Looking for a model server failed: ${String(err)}`);
        this.set({ status: 'setup', server: undefined, model: undefined });
        const error: TurnError = { kind: 'unknown', message: 'Parley could not look for a model server; see the Parley log.', action: 'retry' };
        return { endpoint: undefined, error };
      },
    );
    this.cached = finding;
    this.set({ status: 'checking', server: undefined, model: undefined });
    return finding;
  }

  /** The model's context window as its server reports it, asked once per model; undefined when it does not say. */
  contextWindow(endpoint: ModelEndpoint): Promise<number | undefined> {
    const key = `${endpoint.baseUrl} ${endpoint.model}`;
    let window = this.windows.get(key);
    if (!window) {
      window = serverContextWindow(endpoint).then((tokens) => {
        this.log.info(
          tokens
            ? `${hostOf(endpoint.baseUrl)} says ${endpoint.model || 'the model'} has a ${tokens}-token context window.`
            : `${hostOf(endpoint.baseUrl)} does not say how large the context window is; set parley.contextWindow if the default is wrong.`,
        );
        return tokens;
      });
      this.windows.set(key, window);
    }
    return window;
  }

  /** Shows the server's models in a quick pick; the choice becomes the `parley.model` setting. */
  async pickModel(): Promise<void> {
    const resolved = await this.resolve();
    if (!resolved.endpoint) {
      void vscode.window.showWarningMessage(`Parley: ${resolved.error.message}`);
      return;
    }
    const { baseUrl, apiKey, model } = resolved.endpoint;
    const { listModels } = await loadModelClient();
    const listed = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Parley: listing models…' },
      () => listModels({ baseUrl, apiKey }),
    );
    if (!listed.ok) {
      this.log.warn(`Listing models failed: ${listed.detail}`);
      const typed = await vscode.window.showInputBox({
        title: 'Parley: Choose Model',
        prompt: `${listed.error.message} Type a model name instead:`,
        value: model,
        ignoreFocusOut: true,
      });
      if (typed?.trim()) await this.config.update('model', typed.trim());
      return;
    }
    const items: vscode.QuickPickItem[] = listed.models.map((id) => (id === model ? { label: id, description: 'current' } : { label: id }));
    const picked = await vscode.window.showQuickPick(items, {
      title: `Parley: Choose Model (${hostOf(baseUrl)})`,
      placeHolder: items.length > 0 ? 'The model to chat with' : 'The server lists no models',
    });
    if (picked) await this.config.update('model', picked.label);
  }

  private async find(): Promise<Resolved> {
    const settings = this.config.read();
    const apiKey = await this.keys.get();
    const { resolveEndpoint, findLocalServer, listModels } = await loadModelClient();
    const plan = resolveEndpoint(settings, { OPENAI_BASE_URL: process.env['OPENAI_BASE_URL'] }, apiKey);
    if (plan.kind === 'invalid') return { endpoint: undefined, error: plan.error };
    let baseUrl: string;
    let listed: readonly string[] | undefined;
    if (plan.kind === 'use') {
      baseUrl = plan.baseUrl;
      this.log.info(`Model server: ${baseUrl} (from ${plan.source === 'settings' ? 'the parley.baseUrl setting' : 'OPENAI_BASE_URL'}).`);
    } else {
      this.log.info('No model server configured; looking for one on this machine.');
      const local = await findLocalServer();
      if (local) {
        this.log.info(`No server configured; using ${local.name} at ${local.baseUrl}.`);
        baseUrl = local.baseUrl;
        listed = local.models;
      } else if (plan.fallback) {
        baseUrl = plan.fallback;
      } else {
        return { endpoint: undefined, error: NOT_CONFIGURED };
      }
    }
    let model = settings.model;
    if (!model) {
      if (!listed) {
        const result = await listModels({ baseUrl, apiKey });
        if (result.ok) listed = result.models;
        else this.log.warn(`Listing models at ${baseUrl} failed: ${result.detail}`);
      }
      // A server's list often starts with embedding models, which cannot chat.
      model = listed?.find((id) => !/embed/i.test(id)) ?? listed?.[0] ?? '';
      if (model) this.log.info(`No model set; using the server's first: ${model}.`);
    }
    return { endpoint: { baseUrl, apiKey, model } };
  }

  private set(view: ConnectionView): void {
    this.current = view;
    this.render();
    this.changed.fire(view);
  }

  private render(): void {
    const { status, model, server } = this.current;
    if (status === 'ready') {
      this.statusItem.text = `$(comment-discussion) ${model ?? 'no model'}`;
      this.statusItem.tooltip = `Parley is using ${model ?? 'no model'} at ${server ?? '?'}. Click to choose another model.`;
    } else if (status === 'setup') {
      this.statusItem.text = '$(comment-discussion) Parley: set up';
      this.statusItem.tooltip = 'Parley has no model server yet. Click to choose a model.';
    } else {
      this.statusItem.text = this.cached ? '$(loading~spin) Parley' : '$(comment-discussion) Parley';
      this.statusItem.tooltip = this.cached ? 'Parley is looking for its model server…' : 'Parley connects to its model when the chat opens. Click to choose a model.';
    }
    this.statusItem.show();
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

