// The model connection (the openai SDK and Parley's code around it) is most of the extension's code. The build
// puts it in dist/model.js, which is loaded on first use, not at activation, so opening VS Code never pays for it.
import * as path from 'node:path';
import type * as Bundle from '../core/model/bundle';

export type ModelClient = typeof Bundle;

let loaded: ModelClient | undefined;

export async function loadModelClient(): Promise<ModelClient> {
  // dist/model.js sits next to dist/extension.js; a computed path keeps esbuild from bundling it in, and a
  // plain require keeps it CommonJS like the extension itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(__dirname, 'model.js')) as ModelClient;
  return loaded;
}
