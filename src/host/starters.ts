// Keeps the empty chat's starter prompts in step with the active editor (its file, selection and the function at
// the cursor), for the view to show as buttons.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { starterPrompts } from '../core/chat/starters';
import type { HostToWebview } from '../core/protocol';
import { enclosingSymbol, lastSelectedLine } from './contextSources';

/** Selections and cursor moves come in bursts: work the prompts out once they pause. */
const SETTLE_MS = 300;

export class Starters implements vscode.Disposable {
  private readonly posted = new vscode.EventEmitter<HostToWebview>();
  /** A `starters` message whenever the prompts change. */
  readonly onDidPost = this.posted.event;
  private prompts: readonly string[] = starterPrompts({});
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  /** `wanted`: whether a view shows the prompts now; editor moves while none does cost no symbol lookups. */
  constructor(private readonly wanted: () => boolean = () => true) {
    this.subscriptions = [
      this.posted,
      vscode.window.onDidChangeActiveTextEditor(() => this.updateSoon()),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.updateSoon();
      }),
    ];
    this.updateSoon();
  }

  /** The current prompts, as a message for a view that has just (re)loaded. */
  get message(): HostToWebview {
    return { type: 'starters', prompts: this.prompts };
  }

  /** Works the prompts out again (a view was just shown); posts them if they changed. */
  refresh(): void {
    this.updateSoon();
  }

  private updateSoon(): void {
    if (!this.wanted()) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), SETTLE_MS);
  }

  private async update(): Promise<void> {
    this.timer = undefined;
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    let prompts: string[];
    if (!editor || (editor.document.uri.scheme !== 'file' && editor.document.uri.scheme !== 'vscode-remote' && editor.document.uri.scheme !== 'untitled')) {
      prompts = starterPrompts({});
    } else {
      const { document, selection } = editor;
      const symbol = await enclosingSymbol(document.uri, selection.active);
      prompts = starterPrompts({
        fileName: path.basename(document.uri.path),
        ...(symbol ? { symbol: symbol.name } : {}),
        ...(selection.isEmpty ? {} : { selection: { start: selection.start.line + 1, end: lastSelectedLine(selection) + 1 } }),
      });
    }
    if (prompts.join('\n') === this.prompts.join('\n')) return;
    this.prompts = prompts;
    this.posted.fire(this.message);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
