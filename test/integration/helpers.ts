// Shared by the integration tests: reaching Parley's API, and waiting for something without fixed sleeps.
import * as vscode from 'vscode';
import type { ParleyApi } from '../../src/extension';

export const EXTENSION_ID = 'parley-dev.parley';

export async function activateParley(): Promise<ParleyApi> {
  const extension = vscode.extensions.getExtension<ParleyApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

/** Resolves with the first event `event` fires, or rejects after `ms` with a message naming `what`. */
export function nextEvent<T>(event: vscode.Event<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const subscription = event((value) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Sets Parley's user settings (as a person would in Settings), waiting for VS Code to apply them. */
export async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('parley');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

/** Waits until `predicate` holds, checking every 20 ms; rejects after `ms` naming `what`. */
export async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
