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
