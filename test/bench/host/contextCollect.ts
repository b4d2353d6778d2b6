// Loaded by the extension host as its tests module: times collecting the editor context (the active file, its
// selection and problems, the workspace line) for a 5,000-line file with 200 diagnostics, as Parley does before
// each question. The collection runs on the extension host's thread, so the longest sample is also the longest
// the host is blocked by it.
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ParleyApi } from '../../../src/extension';

const RUNS = 30;

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<ParleyApi>('parley-dev.parley');
  if (!extension) throw new Error('Parley is not loaded in this extension host.');
  const api = await extension.activate();
  const text = Array.from({ length: 5000 }, (_, i) => `export function handler${i}(input: string): number { return input.length + ${i}; } // line ${i + 1}`).join('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: text });
  const editor = await vscode.window.showTextDocument(document);
  const diagnostics = vscode.languages.createDiagnosticCollection('parley-bench');
  diagnostics.set(
    document.uri,
    Array.from({ length: 200 }, (_, i) => new vscode.Diagnostic(new vscode.Range(i * 25, 0, i * 25, 10), `Problem number ${i}: something is off here.`, vscode.DiagnosticSeverity.Warning)),
  );
  editor.selection = new vscode.Selection(2400, 0, 2440, 0);
  api.context.chips(); // the view's first look starts the collector
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const samples: number[] = [];
  let items = 0;
  for (let i = 0; i < RUNS; i++) {
    editor.selection = new vscode.Selection(2400 + i, 0, 2440 + i, 0);
    const started = performance.now();
    items = (await api.context.takeForQuestion()).length;
    samples.push(performance.now() - started);
  }
  diagnostics.dispose();
  const resultsFile = process.env['PARLEY_TEST_RESULTS'];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed: 1, failed: 0, vscodeVersion: vscode.version, samples, items }));
}
