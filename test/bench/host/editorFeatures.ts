// Loaded by the extension host as its tests module. code_action_ms: Parley's code action provider on a 5,000-line
// file with 200 diagnostics, all handed to it at once (the worst case; VS Code hands only those under the cursor).
// explain_first_token_ms: from the fake model server writing the first chunk of an explanation to that text being
// in the comment thread (set on the thread, from where VS Code draws it).
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ParleyApi } from '../../../src/extension';
import { ParleyCodeActions } from '../../../src/host/codeActions';
import { startFakeModelServer } from '../../fixtures/fakeModelServer';

const ACTION_RUNS = 200;
const EXPLAIN_RUNS = 10;

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<ParleyApi>('parley-dev.parley');
  if (!extension) throw new Error('Parley is not loaded in this extension host.');
  const api = await extension.activate();

  const text = Array.from({ length: 5000 }, (_, i) => `export const value${i} = compute(${i}); // line ${i + 1}`).join('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: text });
  const editor = await vscode.window.showTextDocument(document);
  const diagnostics = Array.from({ length: 200 }, (_, i) => new vscode.Diagnostic(new vscode.Range(i * 25, 0, i * 25, 20), `Problem ${i}: something is off here.`, vscode.DiagnosticSeverity.Warning));
  const provider = new ParleyCodeActions();
  const context: vscode.CodeActionContext = { diagnostics, only: undefined, triggerKind: vscode.CodeActionTriggerKind.Invoke };
  const actionSamples: number[] = [];
  for (let i = 0; i < ACTION_RUNS; i++) {
    const line = (i * 37) % 5000;
    const range = i % 2 === 0 ? new vscode.Range(line, 0, line, 0) : new vscode.Range(line, 0, line + 10, 0);
    const started = performance.now();
    provider.provideCodeActions(document, range, context);
    actionSamples.push(performance.now() - started);
  }

  let firstChunkAt = 0;
  const server = await startFakeModelServer({ models: ['bench-model'], onFirstChunk: () => (firstChunkAt = performance.now()) });
  const config = vscode.workspace.getConfiguration('parley');
  await config.update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
  await config.update('model', 'bench-model', vscode.ConfigurationTarget.Global);
  const explainSamples: number[] = [];
  try {
    for (let i = 0; i < EXPLAIN_RUNS; i++) {
      const marker = `first-words-${i}`;
      server.enqueue({ reply: `${marker} and then the rest of the explanation, which streams on for a while.`, chunkSize: 12, delayMs: 30 });
      const line = 100 + i * 40;
      editor.selection = new vscode.Selection(line, 0, line + 5, 0);
      const shown = new Promise<number>((resolve) => {
        const subscription = api.explanations.onDidDraw((thread) => {
          if (thread.comments.some((c) => (c.body as vscode.MarkdownString).value.includes(marker.slice(0, 12)))) {
            subscription.dispose();
            resolve(performance.now());
          }
        });
      });
      void api.explanations.explain(true);
      const at = await shown;
      explainSamples.push(at - firstChunkAt);
      await new Promise((r) => setTimeout(r, 800));
    }
  } finally {
    await config.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config.update('model', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  }
  const resultsFile = process.env['PARLEY_TEST_RESULTS'];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed: 1, failed: 0, vscodeVersion: vscode.version, actionSamples, explainSamples }));
}
