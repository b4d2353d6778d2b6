// "Explain | Refactor" above each function and class, when the parley.codeLens.enabled setting is on (it is off by
// default: CodeLens costs vertical space on every function). Built from the language servers' document symbols.
import * as vscode from 'vscode';
import type { Config } from './config';

const KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Class, vscode.SymbolKind.Constructor]);

export class SymbolLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly config: Config) {
    this.subscription = config.onDidChange((change) => {
      if (change.affects('codeLens.enabled')) this.changed.fire();
    });
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.config.forResource(document.uri).codeLensEnabled) return [];
    const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
    if (token.isCancellationRequested || !symbols) return [];
    const lenses: vscode.CodeLens[] = [];
    const walk = (list: readonly vscode.DocumentSymbol[]) => {
      for (const symbol of list) {
        if (KINDS.has(symbol.kind)) {
          const at = new vscode.Range(symbol.range.start, symbol.range.start);
          const select = [document.uri, symbol.range];
          lenses.push(
            new vscode.CodeLens(at, { title: 'Explain', command: 'parley.explainRange', arguments: select, tooltip: `Explain ${symbol.name} with Parley` }),
            new vscode.CodeLens(at, { title: 'Refactor', command: 'parley.refactorRange', arguments: select, tooltip: `Refactor ${symbol.name} with Parley` }),
          );
        }
        walk(symbol.children);
      }
    };
    walk(symbols.filter((s): s is vscode.DocumentSymbol => 'children' in s));
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Selects a range in its document, so a command that works on the selection can run on it. */
export async function selectRange(uri: unknown, range: unknown): Promise<boolean> {
  if (!(uri instanceof vscode.Uri) || !(range instanceof vscode.Range)) return false;
  const editor = await vscode.window.showTextDocument(uri);
  editor.selection = new vscode.Selection(range.start, range.end);
  return true;
}
