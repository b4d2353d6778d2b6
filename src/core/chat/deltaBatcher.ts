// Collects streamed text and hands it on at most once per interval, so a model sending hundreds of tiny
// chunks a second costs the webview a few dozen messages, not hundreds. The first chunk goes out at once:
// the first token should appear without waiting for a tick.
export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: Timer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class DeltaBatcher {
  private pending: string[] = [];
  private handle: unknown;
  private sentAny = false;

  constructor(
    private readonly send: (text: string) => void,
    private readonly intervalMs = 30,
    private readonly timer: Timer = realTimer,
  ) {}

  push(text: string): void {
    if (text === '') return;
    if (!this.sentAny) {
      this.sentAny = true;
      this.send(text);
      return;
    }
    this.pending.push(text);
    this.handle ??= this.timer.set(() => this.flush(), this.intervalMs);
  }

  /** Sends whatever is waiting now (at the end of a stream, before its end message). */
  flush(): void {
    if (this.handle !== undefined) {
      this.timer.clear(this.handle);
      this.handle = undefined;
    }
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.send(text);
  }
}
