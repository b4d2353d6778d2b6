// Restricted Mode: the manifest promises (capabilities.untrustedWorkspaces) that Parley changes no files in a
// workspace the person has not trusted. Every path that writes to a document asks here first; chat, explanations
// and reviewing a proposal's diff do not write, so they stay.
import * as vscode from 'vscode';

const MANAGE_TRUST = 'Manage Workspace Trust';

/** What the proposal card says in Restricted Mode, where its Accept buttons only explain. */
export const RESTRICTED_NOTE = 'Restricted Mode: Parley does not change files in a workspace you have not trusted, so Accept is unavailable (review and copy still work).';

/**
 * True when writing is allowed. Otherwise says so in one sentence, with the action that lifts it, and returns
 * false: `what` finishes "trust this workspace to …".
 */
export function mayWrite(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`Parley does not change files in Restricted Mode: trust this workspace to ${what}.`, MANAGE_TRUST)
    .then((choice) => (choice === MANAGE_TRUST ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}
