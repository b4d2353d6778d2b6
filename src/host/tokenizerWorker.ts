// Runs in a worker thread (dist/tokenizer.js): counts tokens with the o200k encoding. Its tables are large
// (about 2.7 MB), so they load here, once, away from the extension host's thread, which never waits on them.
import { parentPort } from 'node:worker_threads';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

export interface CountRequest {
  readonly id: number;
  readonly texts: readonly string[];
}

export interface CountReply {
  readonly id: number;
  readonly counts: readonly number[];
}

parentPort?.on('message', (request: CountRequest) => {
  const reply: CountReply = { id: request.id, counts: request.texts.map((text) => countTokens(text)) };
  parentPort?.postMessage(reply);
});
