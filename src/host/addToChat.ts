// "Add to Parley" from the editor's and the Explorer's context menus (and the command palette): the selection,
// the file, or the files picked in the Explorer become chips in the chat, and the chat comes into view.
import * as vscode from 'vscode';
import type { ContextCollector } from './contextCollector';
import type { ChatViewProvider } from './chatView';
import type { ContextItem } from '../core/context/items';

/** A folder adds the files in it, up to this many (more would not fit any context window anyway). */
const MAX_FOLDER_FILES = 20;

const isUri = (value: unknown): value is vscode.Uri => value instanceof vscode.Uri;

export async function addToChat(
  context: ContextCollector,
  chatView: Pick<ChatViewProvider, 'reveal'>,
  log: vscode.LogOutputChannel,
  clicked?: unknown,
  selected?: unknown,
): Promise<void> {
  const uris = Array.isArray(selected) && selected.every(isUri) && selected.length > 0 ? selected : isUri(clicked) ? [clicked] : [];
  const added: ContextItem[] = [];
  const editor = vscode.window.activeTextEditor;
  if (uris.length === 0 || (uris.length === 1 && editor && editor.document.uri.toString() === uris[0]?.toString() && !editor.selection.isEmpty)) {
    // From the editor (or the palette): the selection when there is one, else the file.
    if (!editor) {
      void vscode.window.showInformationMessage('Parley: open a file, or pick files in the Explorer, to add them to the chat.');
      return;
    }
    const selection = context.addSelection(editor);
    added.push(selection ?? (await context.addFile(editor.document.uri)));
  } else {
    for (const uri of uris) {
      let stat: vscode.FileStat;
      try {
        stat = await vscode.workspace.fs.stat(uri);
      } catch {
        continue;
      }
      if (stat.type & vscode.FileType.Directory) {
        const inside = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), undefined, MAX_FOLDER_FILES + 1);
        if (inside.length > MAX_FOLDER_FILES) {
          void vscode.window.showInformationMessage(`Parley: the folder has more than ${MAX_FOLDER_FILES} files; added the first ${MAX_FOLDER_FILES}. Use # in the chat to pick others.`);
        }
        for (const file of inside.slice(0, MAX_FOLDER_FILES)) added.push(await context.addFile(file));
      } else {
        added.push(await context.addFile(uri));
      }
    }
  }
  if (added.length === 0) return;
  log.info(`Added to the chat: ${added.map((a) => a.label).join(', ')}.`);
  const withheld = added.filter((a) => a.excluded !== undefined);
  if (withheld.length > 0) void vscode.window.showWarningMessage(`Parley: ${withheld.map((a) => a.excluded).join(' ')}`);
  await chatView.reveal();
}
