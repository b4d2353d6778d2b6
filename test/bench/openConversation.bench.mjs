// open_conversation_500_ms: opening a saved conversation of 500 messages into the chat view, in the real
// workbench, from the open call until the webview says it has drawn all of them.
import { join } from 'node:path';
import { runInExtensionHost } from '../host/extensionHost.mjs';
import { projectRoot } from '../host/workbench.mjs';
import { median, round } from './stats.mjs';

export async function measure({ log }) {
  const { results } = await runInExtensionHost({
    testsPath: join(projectRoot, 'out', 'test', 'bench', 'host', 'openConversation.js'),
    timeoutMs: 180_000,
    log: () => {},
  });
  if (!Array.isArray(results?.samples)) throw new Error('the extension host reported no timings for opening a conversation');
  log(`open 500 messages: ${results.samples.map((s) => s.toFixed(0)).join(', ')} ms`);
  return {
    open_conversation_500_ms: {
      value: round(median(results.samples)),
      unit: 'ms',
      target: { max: 300 },
      samples: results.samples.map(round),
      description: 'open a saved 500-message conversation until the view has drawn it, median of 7',
    },
  };
}
