// Loaded by the extension host as its tests module: times opening saved conversations of 500 and of 5,000
// messages into the chat view, from the open call until the webview reports it has drawn them.
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ParleyApi } from '../../../src/extension';
import type { Conversation, Turn } from '../../../src/core/chat/conversation';

const RUNS = 7;

function conversation(id: string, messages: number): Conversation {
  const turns: Turn[] = Array.from({ length: messages }, (_, i) => ({
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

function rendered(api: ParleyApi, id: string, messages: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the view did not draw ${id} within 30 s`)), 30_000);
    const subscription = api.chatView.onDidRender((e) => {
      if (e.conversationId !== id || e.turnCount !== messages) return;
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
  const samples = await timeOpening(api, 500);
  const samples5000 = await timeOpening(api, 5000);
  const resultsFile = process.env['PARLEY_TEST_RESULTS'];
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed: 1, failed: 0, vscodeVersion: vscode.version, samples, samples5000 }));
}

/** Opens two saved conversations of `messages` turns by turns, RUNS times after one to warm up. */
async function timeOpening(api: ParleyApi, messages: number): Promise<number[]> {
  const ids = [`bench-${messages}-a`, `bench-${messages}-b`];
  for (const id of ids) await api.history.save(conversation(id, messages));
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const id = ids[i % 2] ?? ids[0] ?? '';
    const drawn = rendered(api, id, messages);
    const started = performance.now();
    await api.chat.open(id);
    await drawn;
    if (i > 0) samples.push(performance.now() - started); // the first open warms the view up
  }
  return samples;
}
