// A pending proposal is visible in the file it changes, not only on the chat card: the lines a change replaces are
// marked (background, gutter bar, overview ruler), the lines it would add follow as ghost text, and CodeLens above
// each change offers Accept | Reject | Diff. All of it goes as soon as the change is decided.
import * as vscode from 'vscode';
import { overlayOf } from '../core/edits/overlay';
import type { HunkOverlay } from '../core/edits/overlay';
import type { ProposalController } from './proposals';

/** How many added lines the ghost text shows before "… N more". */
const GHOST_LINES = 3;
const GHOST_WIDTH = 80;

interface Placed {
  readonly proposalId: string;
  readonly filePath: string;
  readonly overlay: HunkOverlay;
}

export class ProposalOverlay implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly replaced = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    border: '0 0 0 2px solid',
    borderColor: new vscode.ThemeColor('editorGutter.deletedBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    // High-contrast themes draw diffs with borders, not backgrounds (the background colour is transparent there).
    outlineColor: new vscode.ThemeColor('diffEditor.removedTextBorder'),
    outlineStyle: 'dashed',
    outlineWidth: '1px',
  });
  private readonly ghost = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What each visible editor shows, by document URI: for tests, and for the lenses to agree with it. */
  private readonly shown = new Map<string, Placed[]>();

  constructor(private readonly proposals: ProposalController) {
    const documents = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-notebook-cell' }];
    this.subscriptions.push(
      this.replaced,
      this.ghost,
      this.lensesChanged,
      vscode.languages.registerCodeLensProvider(documents, this),
      proposals.onDidChange(() => this.refreshSoon()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshSoon()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.shown.has(e.document.uri.toString()) || this.proposals.pendingIn(e.document.uri).length > 0) this.refreshSoon();
      }),
    );
    this.refresh();
  }

  /** The changes drawn in the document at `uri` (what the person sees there), with the proposal each is of. */
  placed(uri: vscode.Uri): readonly (HunkOverlay & { readonly proposalId: string })[] {
    return (this.shown.get(uri.toString()) ?? []).map((p) => ({ ...p.overlay, proposalId: p.proposalId }));
  }

  /** Typing fires many changes: redraw once they pause. */
  private refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 50);
  }

  private refresh(): void {
    this.timer = undefined;
    this.shown.clear();
    for (const editor of vscode.window.visibleTextEditors) {
      const placed = this.placedIn(editor.document);
      if (placed.length > 0) this.shown.set(editor.document.uri.toString(), placed);
      editor.setDecorations(this.replaced, placed.flatMap(({ overlay }) => this.replacedRanges(editor.document, overlay)));
      editor.setDecorations(this.ghost, placed.map(({ overlay }) => this.ghostOf(editor.document, overlay)));
    }
    this.lensesChanged.fire();
  }

  /** Only the newest proposal for a file is drawn: two at once over the same lines would be unreadable. */
  private placedIn(document: vscode.TextDocument): Placed[] {
    const [newest] = this.proposals.pendingIn(document.uri);
    if (!newest) return [];
    const live = document.getText();
    return overlayOf(newest.file, live).map((overlay) => ({ proposalId: newest.proposalId, filePath: newest.file.path, overlay }));
  }

  private replacedRanges(document: vscode.TextDocument, overlay: HunkOverlay): vscode.DecorationOptions[] {
    if (overlay.end <= overlay.start) return [];
    const last = Math.min(overlay.end, document.lineCount) - 1;
    const first = Math.min(overlay.start, last);
    const range = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
    const hover = new vscode.MarkdownString(`Parley proposes to ${overlay.added.length === 0 ? 'remove' : 'replace'} ${plural(overlay.removed, 'line')}${overlay.touched ? ' (you have edited them since)' : ''}.`);
    return [{ range, hoverMessage: hover }];
  }

  /** The added lines as ghost text after the last replaced line (or the line before an insertion). */
  private ghostOf(document: vscode.TextDocument, overlay: HunkOverlay): vscode.DecorationOptions {
    const anchor = Math.max(0, Math.min((overlay.end > overlay.start ? overlay.end : overlay.start) - 1, document.lineCount - 1));
    const at = document.lineAt(anchor).range.end;
    const shown = overlay.added.filter((l) => l.trim() !== '').slice(0, GHOST_LINES).map((l) => l.trim());
    const more = overlay.added.length - shown.length;
    let text = overlay.added.length === 0 ? '  ⟵ removed by the proposal' : `  ⟶ ${shown.join(' ⏎ ')}`;
    if (text.length > GHOST_WIDTH) text = `${text.slice(0, GHOST_WIDTH - 1)}…`;
    if (more > 0 && overlay.added.length > 0) text += ` (+${more} more)`;
    const code = new vscode.MarkdownString();
    code.appendMarkdown(`**Parley's proposal** (${plural(overlay.added.length, 'line')} in place of ${plural(overlay.removed, 'line')}):`);
    code.appendCodeblock(overlay.added.join('\n'), document.languageId);
    return {
      range: new vscode.Range(at, at),
      hoverMessage: code,
      // CodeLens's colour: muted in every theme, high contrast included (ghost text has no colour of its own there).
      renderOptions: { after: { contentText: text, color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' } },
    };
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return this.placedIn(document).flatMap(({ proposalId, filePath, overlay }) => {
      const line = Math.min(overlay.start, Math.max(0, document.lineCount - 1));
      const range = new vscode.Range(line, 0, line, 0);
      const args = [proposalId, filePath, overlay.hunkId];
      const counts = `+${overlay.added.length} −${overlay.removed}`;
      return [
        new vscode.CodeLens(range, { title: `$(check) Accept ${counts}`, command: 'parley.proposal.acceptHunk', arguments: args, tooltip: "Apply Parley's change here" }),
        new vscode.CodeLens(range, { title: '$(close) Reject', command: 'parley.proposal.rejectHunk', arguments: args, tooltip: 'Leave these lines as they are' }),
        new vscode.CodeLens(range, { title: '$(diff) Diff', command: 'parley.proposal.openDiff', arguments: [proposalId, filePath], tooltip: 'Review the whole proposal for this file side by side' }),
      ];
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
