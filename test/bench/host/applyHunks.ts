// Loaded by the extension host as its tests module: times accepting a proposal of 100 hunks on a 5,000-line file,
// from the decision to the document holding the result (one WorkspaceEdit), several times.
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ParleyApi } from '../../../src/extension';

const RUNS = 7;

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<ParleyApi>('parley-dev.parley');
  if (!extension) throw new Error('Parley is not loaded in this extension host.');
  const api = await extension.activate();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('the benchmark needs a workspace folder');
  const base = Array.from({ length: 5000 }, (_, i) => `export const value${i} = ${i};`).join('\n') + '\n';
  const proposed = base
    .split('\n')
    .map((line, i) => (i % 50 === 10 ? line.replace(/= (\d+);/, '= $1 * 2;') : line))
    .join('\n');
  const samples: number[] = [];
  let hunks = 0;
  for (let r = 0; r < RUNS; r++) {
    const uri = vscode.Uri.joinPath(folder, 'src', `bench${r}.ts`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(base));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const answer = `\`\`\`ts src/bench${r}.ts\n${proposed.replace(/\n$/, '')}\n\`\`\``;
    const view = await api.proposals.fromAnswer('bench', `t${r}`, answer);
    if (!view) throw new Error('no proposal was made');
    hunks = view.files[0]?.hunks.length ?? 0;
    const applied = new Promise<void>((resolve) => {
      const subscription = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && document.getText() === proposed) {
          subscription.dispose();
          resolve();
        }
      });
    });
    const started = performance.now();
    void api.proposals.decide(view.id, undefined, undefined, true);
    await applied;
    samples.push(performance.now() - started);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    // TypeScript checks each new 5,000-line file on the same two cores: let it finish before the next run.
    await new Promise((resolve) => setTimeout(resolve, 2500));
  }
  const resultsFile = process.env['PARLEY_TEST_RESULTS'];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed: 1, failed: 0, vscodeVersion: vscode.version, samples, hunks }));
}
