// Loaded by the extension host as its tests module: times opening a saved conversation of 500 messages into the
// chat view, from the open call until the webview reports it has drawn them.
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ParleyApi } from '../../../src/extension';
import type { Conversation, Turn } from '../../../src/core/chat/conversation';

const MESSAGES = 500;
const RUNS = 7;

function conversation(id: string): Conversation {
  const turns: Turn[] = Array.from({ length: MESSAGES }, (_, i) => ({
    id: `${id}-t${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    text:
      i % 2 === 0
        ? `Question ${i}: why does \`parseRow\` drop the last field when the line ends without a newline?`
        : `Answer ${i}. The loop stops at **n - 1**, so the last field is never pushed:\n\n- it skips the last character\n- it never pushes \`current\`\n\n\`\`\`ts\nfor (let i = 0; i < n; i++) {\n  current += line[i];\n}\nfields.push(current);\n\`\`\`\n\nThat keeps every field.`,
    status: 'done',
    createdAt: Date.now() + i,
  }));
  return { id, title: `Bench ${id}`, createdAt: Date.now(), updatedAt: Date.now(), turns };
}

function rendered(api: ParleyApi, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the view did not draw ${id} within 30 s`)), 30_000);
    const subscription = api.chatView.onDidRender((e) => {
      if (e.conversationId !== id || e.turnCount !== MESSAGES) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

export async function run(): Promise<void> {
  const api = await vscode.extensions.getExtension<ParleyApi>('parley-dev.parley')!.activate();
  if (!api.chatView.isReady) {
    const ready = new Promise<void>((resolve) => api.chatView.onDidHandshake(() => resolve()));
    await vscode.commands.executeCommand('parley.openChat');
    await ready;
  }
  const ids = ['bench-a', 'bench-b'];
  for (const id of ids) await api.history.save(conversation(id));
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const id = ids[i % 2] ?? 'bench-a';
    const drawn = rendered(api, id);
    const started = performance.now();
    await api.chat.open(id);
    await drawn;
    if (i > 0) samples.push(performance.now() - started); // the first open warms the view up
  }
  const resultsFile = process.env['PARLEY_TEST_RESULTS'];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed: 1, failed: 0, vscodeVersion: vscode.version, samples }));
}
