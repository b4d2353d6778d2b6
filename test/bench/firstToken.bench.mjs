// first_token_overhead_ms: in the real workbench, from the Enter key in the chat input to the first token of the
// answer painted in the webview, with a model server that answers at once (its own delay is zero, so all of the
// time measured is Parley's: webview → host → request → stream → host → webview → paint). Median of 20 sends.
import { openWorkbench, openChatView, startModelServer } from '../e2e/ui.mjs';
import { median, round } from './stats.mjs';

const SENDS = 20;

export async function measure({ log }) {
  const model = await startModelServer({ models: ['fake-model'] });
  model.setDefault({ reply: 'First token, then the rest.', chunkSize: 6 });
  const workbench = await openWorkbench({ settings: { 'parley.baseUrl': model.url, 'parley.model': 'fake-model' } });
  try {
    const view = await openChatView(workbench.page);
    const input = view.locator('#input');
    const samples = [];
    for (let i = 0; i <= SENDS; i++) {
      await input.fill(`Question ${i}`);
      // Armed inside the page before the key is pressed: the Enter keydown starts the clock; the first answer
      // text, once painted, stops it.
      await view.locator('#transcript').evaluate((transcript) => {
        window.__firstToken = new Promise((resolve) => {
          let started = 0;
          // The answer after the last one shown now (the view draws only the turns near the end: counting them does not work).
          const lastId = () => [...transcript.querySelectorAll('.turn-assistant')].at(-1)?.getAttribute('data-turn') ?? '';
          const before = lastId();
          document.getElementById('input').addEventListener('keydown', () => (started = performance.now()), { capture: true, once: true });
          const observer = new MutationObserver(() => {
            const answers = transcript.querySelectorAll('.turn-assistant .turn-body');
            const last = answers[answers.length - 1];
            if (started > 0 && lastId() !== before && last && last.textContent.length > 0) {
              observer.disconnect();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0));
            }
          });
          observer.observe(transcript, { childList: true, subtree: true, characterData: true });
        });
      });
      await input.press('Enter');
      const ms = await view.locator('#transcript').evaluate(() => window.__firstToken);
      await view.locator('#send[aria-label="Send"]').waitFor();
      if (i > 0) samples.push(ms); // the first send warms up the connection and the renderer
    }
    log(`first token: ${samples.map((s) => s.toFixed(1)).join(', ')} ms`);
    return {
      first_token_overhead_ms: {
        value: round(median(samples)),
        unit: 'ms',
        target: { max: 30 },
        samples: samples.map(round),
        description: `Enter to first token painted in the webview, zero-latency model server, median of ${SENDS}`,
      },
    };
  } finally {
    await workbench.close();
    await model.close();
  }
}
