// VS Code shows nothing when an extension's activate() throws: its commands just say "not found" and the view stays
// empty. So Parley says it failed, in one notification with Show Log, and logs what happened.
import type * as vscode from 'vscode';

/** Runs `build`; a throw is logged and shown, then rethrown so VS Code records the activation as failed. */
export function guardActivation<T>(
  build: () => T,
  log: Pick<vscode.LogOutputChannel, 'error' | 'show'>,
  window: Pick<typeof vscode.window, 'showErrorMessage'>,
): T {
  try {
    return build();
  } catch (err) {
    log.error(`Parley could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const showLog = 'Show Log';
    const said = (err instanceof Error ? err.message : String(err)).replace(/\.?$/, '.');
    void window.showErrorMessage(`Parley could not start: ${said}`, showLog).then((choice) => {
      if (choice === showLog) log.show();
    });
    throw err;
  }
}
