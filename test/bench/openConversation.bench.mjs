// open_conversation_500_ms, open_conversation_5000_ms: opening a saved conversation of 500 (and of 5,000)
// messages into the chat view, in the real workbench, from the open call until the webview says it has drawn
// it (the view draws only the turns near the viewport, so both take about the same).
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
  if (!Array.isArray(results?.samples) || !Array.isArray(results?.samples5000)) {
    throw new Error('the extension host reported no timings for opening a conversation');
  }
  log(`open 500 messages: ${results.samples.map((s) => s.toFixed(0)).join(', ')} ms`);
  log(`open 5,000 messages: ${results.samples5000.map((s) => s.toFixed(0)).join(', ')} ms`);
  return {
    open_conversation_500_ms: {
      value: round(median(results.samples)),
      unit: 'ms',
      target: { max: 150 },
      samples: results.samples.map(round),
      description: 'open a saved 500-message conversation until the view has drawn it, median of 7',
    },
    open_conversation_5000_ms: {
      value: round(median(results.samples5000)),
      unit: 'ms',
      target: { max: 300 },
      samples: results.samples5000.map(round),
      description: 'open a saved 5,000-message conversation until the view has drawn it, median of 7',
    },
  };
}
