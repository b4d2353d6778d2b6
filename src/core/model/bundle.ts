// The entry of dist/model.js: everything the host needs from the model connection, in one file of its own so
// the extension loads the openai SDK (most of its code) on first use instead of at activation. A bundle entry,
// not a barrel for imports: nothing imports this file but the loader in src/host/modelClient.ts.
export { streamChat } from './client';
export { listModels } from './models';
export { findLocalServer } from './discovery';
export { resolveEndpoint } from './endpoint';
export { redactSecrets } from '../context/redact';
