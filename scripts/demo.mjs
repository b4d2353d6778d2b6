// `npm run demo [-- --port N]`: Parley in a real VS Code (code-server on 127.0.0.1) on a fresh copy of the sample
// project, talking to the scripted fake model from test/fixtures: no API key, no model server, same answers every
// time. Prints the URL to open. Ctrl+C stops VS Code and the fake model and removes the copy.
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDependencies, root } from './deps.mjs';

const MODEL = 'demo (scripted replies)';
const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = values.port ? Number(values.port) : 8080;

function fail(message) {
  console.error(message);
  process.exit(1);
}

ensureDependencies();
const { build } = await import('./build.mjs');
await build();

// The build compiles test/fixtures to CommonJS under out/, as it does the tests that use the fake model.
const fakeServerModule = join(root, 'out', 'test', 'fixtures', 'fakeModelServer.js');
if (!existsSync(fakeServerModule)) fail(`${fakeServerModule} is missing: scripts/build.mjs must compile test/fixtures/*.ts.`);
const { startFakeModelServer, loadScenarioFile } = createRequire(import.meta.url)(fakeServerModule);
const model = await startFakeModelServer({
  models: [MODEL],
  scenarios: loadScenarioFile(join(root, 'test', 'fixtures', 'scenarios', 'demo.json')),
});

const { ensureTools, SetupError } = await import('../test/host/tools.mjs');
const { startCodeServer, copyOfSampleWorkspace } = await import('../test/host/workbench.mjs');
const folder = copyOfSampleWorkspace();
const cleanUp = async () => {
  await model.close();
  rmSync(folder, { recursive: true, force: true });
};

try {
  ensureTools({ needBrowser: false });
} catch (err) {
  await cleanUp();
  fail(err instanceof SetupError ? err.message : String(err));
}
const server = await startCodeServer({
  port,
  settings: { 'parley.baseUrl': model.url, 'parley.model': MODEL },
  log: () => {},
}).catch(async (err) => {
  await cleanUp();
  fail(`${err.message}. Is port ${port} taken? Try npm run demo -- --port 8123.`);
});

console.log(`\nParley's demo is running in VS Code at:\n\n  ${server.url({ folder })}\n`);
console.log(`demo model: scripted replies (a fake OpenAI-compatible server at ${model.url})`);
console.log(`Folder: ${folder} (a fresh copy of the sample project, removed when the demo stops)`);
console.log('Open the URL in a browser on this machine, click the Parley icon in the activity bar and ask');
console.log('"Why does parseRow drop the last field?" or "Can parseTable read tab-separated files?". Ctrl+C stops.\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\n[demo] stopping VS Code and the demo model…');
  await server.stop();
  server.cleanup();
  await cleanUp();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
