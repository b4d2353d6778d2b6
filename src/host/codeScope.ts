// What a command about code works on: the selection (as whole lines), or, with nothing selected, the function or
// class around the cursor, as VS Code's language servers outline it. Shared by the refactor commands and the
// inline explanations, with the context item that carries it to the model.
import * as vscode from 'vscode';
import type { RefactorScope } from '../core/refactor/presets';
import { symbolItem } from '../core/context/explicit';
import { selectionItem } from '../core/context/items';
import type { ContextItem, ExclusionList } from '../core/context/items';
import { displayPath, enclosingSymbol, lastSelectedLine } from './contextSources';

export interface CodeScope extends RefactorScope {
  readonly document: vscode.TextDocument;
  /** Whole lines: from the start of the first to the end of the last. */
  readonly range: vscode.Range;
  /** The function or class it is, when there was no selection. */
  readonly symbol: { readonly name: string; readonly kind: string } | undefined;
}

export function linesScope(document: vscode.TextDocument, first: number, last: number, what: string, symbol?: CodeScope['symbol']): CodeScope {
  const range = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
  return { document, range, symbol, what, path: displayPath(document.uri), startLine: first + 1, endLine: last + 1 };
}

export async function symbolScope(document: vscode.TextDocument, position: vscode.Position): Promise<CodeScope | undefined> {
  const symbol = await enclosingSymbol(document.uri, position).catch(() => undefined);
  if (!symbol) return undefined;
  return linesScope(document, symbol.range.start.line, symbol.range.end.line, `the ${symbol.kind} ${symbol.name}`, { name: symbol.name, kind: symbol.kind });
}

/** The selection as whole lines, or the symbol around the cursor (said in the status bar), or a message why not. */
export async function scopeOf(editor: vscode.TextEditor): Promise<CodeScope | undefined> {
  const { document, selection } = editor;
  if (!selection.isEmpty && document.getText(selection).trim() !== '') {
    return linesScope(document, selection.start.line, lastSelectedLine(selection), 'the selected code');
  }
  const symbol = await symbolScope(document, selection.active);
  if (!symbol) {
    void vscode.window.showInformationMessage('Parley: select the code to work on (there is no function or class around the cursor).');
    return undefined;
  }
  vscode.window.setStatusBarMessage(`$(info) Parley: nothing selected, so working on ${symbol.what}`, 5000);
  return symbol;
}

/** The scope's code as a context item: a symbol with its name, or the selected lines. */
export function scopeItem(scope: CodeScope, exclusions: readonly ExclusionList[]): ContextItem {
  const text = scope.document.getText(scope.range);
  return scope.symbol
    ? symbolItem({ ...scope.symbol, path: scope.path, startLine: scope.startLine, text, languageId: scope.document.languageId }, exclusions)
    : selectionItem(scope.path, scope.document.languageId, { startLine: scope.startLine, endLine: scope.endLine, text }, true);
}
