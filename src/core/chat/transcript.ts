// The conversation as the view shows it. Held by the host, so the view can be rebuilt from a snapshot whenever
// VS Code recreates the webview.
import type { TranscriptEntry, TranscriptRole } from '../protocol';

export class Transcript {
  private readonly entries: TranscriptEntry[] = [];
  private nextId = 1;

  add(role: TranscriptRole, text: string): TranscriptEntry {
    const entry: TranscriptEntry = { id: this.nextId++, role, text };
    this.entries.push(entry);
    return entry;
  }

  snapshot(): readonly TranscriptEntry[] {
    return this.entries.slice();
  }
}
