// Past conversations in a quick pick: type to filter, Enter to reopen; buttons to rename, export and delete.
import * as vscode from 'vscode';
import type { HistoryStore } from '../core/chat/historyStore';
import type { Conversation, ConversationSummary } from '../core/chat/conversation';
import { conversationToMarkdown } from '../core/chat/exportMarkdown';
import type { ChatController } from './chatController';

interface ConversationItem extends vscode.QuickPickItem {
  readonly summary: ConversationSummary;
}

const renameButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Rename' };
const exportButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: 'Export as Markdown' };
const deleteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete' };

export class HistoryPicker {
  /** Corrupt files already reported, so each is reported once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: HistoryStore,
    private readonly controller: ChatController,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async show(): Promise<void> {
    const pick = vscode.window.createQuickPick<ConversationItem>();
    pick.title = 'Parley: Past Chats';
    pick.placeholder = 'Type to filter; Enter opens';
    pick.matchOnDescription = true;
    const load = async () => {
      pick.busy = true;
      const { conversations, problems } = await this.store.list();
      for (const problem of problems) {
        if (this.reported.has(problem.file)) continue;
        this.reported.add(problem.file);
        this.log.warn(`Skipped a conversation file: ${problem.file}: ${problem.message}`);
        void vscode.window.showWarningMessage(`Parley skipped a damaged conversation file (kept as it is): ${problem.file}`);
      }
      const current = this.controller.conversation.id;
      pick.items = conversations.map((summary) => ({
        summary,
        label: summary.title,
        description: `${summary.turnCount} message${summary.turnCount === 1 ? '' : 's'} · ${new Date(summary.updatedAt).toLocaleString()}${summary.id === current ? ' · open' : ''}`,
        buttons: [renameButton, exportButton, deleteButton],
      }));
      if (conversations.length === 0) pick.placeholder = 'No past chats in this workspace yet';
      pick.busy = false;
    };
    const done = new Promise<void>((resolve) => {
      pick.onDidAccept(async () => {
        const item = pick.selectedItems[0];
        pick.hide();
        if (item && !(await this.controller.open(item.summary.id))) {
          void vscode.window.showWarningMessage(`Parley: "${item.summary.title}" could not be opened; see the Parley log.`);
        }
      });
      pick.onDidTriggerItemButton(async ({ item, button }) => {
        if (button === renameButton) await this.rename(item.summary);
        else if (button === exportButton) await this.export(item.summary.id);
        else if (button === deleteButton) await this.delete(item.summary);
        await load();
        pick.show();
      });
      pick.onDidHide(() => {
        pick.dispose();
        resolve();
      });
    });
    pick.show();
    await load();
    await done;
  }

  async rename(summary: ConversationSummary): Promise<void> {
    const title = await vscode.window.showInputBox({ title: 'Parley: Rename Chat', value: summary.title, ignoreFocusOut: true });
    if (!title?.trim()) return;
    await this.store.rename(summary.id, title.trim());
    this.controller.renamed(summary.id, title.trim());
  }

  async delete(summary: ConversationSummary): Promise<void> {
    const answer = await vscode.window.showWarningMessage(`Delete the chat "${summary.title}"?`, { modal: true, detail: 'This cannot be undone.' }, 'Delete');
    if (answer !== 'Delete') return;
    await this.store.delete(summary.id);
    this.controller.forget(summary.id);
  }

  /** Saves a conversation (the open one by default) as a Markdown file the person chooses. */
  async export(id?: string): Promise<void> {
    let conversation: Conversation | undefined = this.controller.conversation;
    if (id && id !== conversation.id) conversation = await this.store.load(id);
    if (!conversation || conversation.turns.length === 0) {
      void vscode.window.showInformationMessage('Parley: there is nothing to export in this chat yet.');
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${conversation.title.replace(/[^\w\- ]+/g, '').trim().slice(0, 50) || 'chat'}.md`;
    const target = await vscode.window.showSaveDialog({
      title: 'Parley: Export Chat as Markdown',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: { Markdown: ['md'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(conversationToMarkdown(conversation), 'utf8'));
    const open = await vscode.window.showInformationMessage(`Parley: chat exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (open) await vscode.window.showTextDocument(target);
  }
}
