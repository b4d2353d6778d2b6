// Token counts from a real tokenizer (o200k), computed in a worker thread so the extension host never blocks on
// the tokenizer's tables or on a long text. Until the worker answers (or if it cannot start), counts are the usual
// estimate of about four characters a token, and say so.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { estimateTokens } from '../core/chat/prompt';
import type { CountReply, CountRequest } from './tokenizerWorker';

export interface Counts {
  readonly counts: readonly number[];
  /** False when the tokenizer was not available and the counts are estimates. */
  readonly exact: boolean;
}

export class TokenCounter implements vscode.Disposable {
  private worker: Worker | undefined;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, (counts: readonly number[] | undefined) => void>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** dist/tokenizer.js; a computed path keeps esbuild from bundling the tokenizer into the extension. */
    private readonly script = path.join(__dirname, 'tokenizer.js'),
  ) {}

  /** Starts the worker ahead of need (its tables take a moment to load), without waiting for it. */
  warm(): void {
    this.start();
  }

  async count(texts: readonly string[]): Promise<Counts> {
    const worker = this.start();
    if (!worker || texts.length === 0) return { counts: texts.map(estimateTokens), exact: texts.length === 0 };
    const id = this.nextId++;
    const counts = await new Promise<readonly number[] | undefined>((resolve) => {
      this.pending.set(id, resolve);
      const request: CountRequest = { id, texts };
      worker.postMessage(request);
    });
    return counts ? { counts, exact: true } : { counts: texts.map(estimateTokens), exact: false };
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(this.script);
      worker.on('message', (reply: CountReply) => {
        this.pending.get(reply.id)?.(reply.counts);
        this.pending.delete(reply.id);
      });
      worker.on('error', (err) => this.stop(`The tokenizer stopped (${err.message}); token counts are estimates now.`));
      worker.on('exit', (code) => {
        if (this.worker === worker && code !== 0) this.stop(`The tokenizer exited (code ${code}); token counts are estimates now.`);
      });
      // The worker must not keep VS Code's extension host alive at shutdown.
      worker.unref();
      this.worker = worker;
    } catch (err) {
      this.stop(`The tokenizer could not start (${String(err)}); token counts are estimates.`);
    }
    return this.worker;
  }

  private stop(message: string): void {
    this.log.warn(message);
    this.failed = true;
    this.worker = undefined;
    for (const resolve of this.pending.values()) resolve(undefined);
    this.pending.clear();
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    for (const resolve of this.pending.values()) resolve(undefined);
    this.pending.clear();
  }
}
