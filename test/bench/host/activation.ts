// Loaded by the extension host as its tests module: times Parley's activation (loading the bundle and running
// `activate`) in a fresh extension host where nothing has activated it yet.
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('parley-dev.parley');
  if (!extension) throw new Error('Parley is not loaded in this extension host.');
  if (extension.isActive) throw new Error('Parley was already active, so its activation cannot be timed.');
  // The tests start while the workbench is still loading in the browser, on the same two cores. Parley activates
  // when a person opens its view or runs a command, after start-up; wait for that calm before timing.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const started = performance.now();
  await extension.activate();
  const activationMs = performance.now() - started;
  const resultsFile = process.env['PARLEY_TEST_RESULTS'];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed: 1, failed: 0, vscodeVersion: vscode.version, activationMs }));
}
