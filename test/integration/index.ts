// The tests module VS Code's extension host loads (extensionTestsPath): runs every *.test.js beside it with mocha
// and writes the counts to $PARLEY_TEST_RESULTS for the runner outside. Works the same under code-server and
// under @vscode/test-electron. Suites named *.untrusted.test.js need a window in Restricted Mode, so they run only
// when the runner opened one ($PARLEY_TEST_WINDOW=untrusted), and then alone.
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  if (process.env['PARLEY_TEST_GREP']) mocha.grep(process.env['PARLEY_TEST_GREP']);
  const untrusted = process.env['PARLEY_TEST_WINDOW'] === 'untrusted';
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js') && file.endsWith('.untrusted.test.js') === untrusted) mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failed) => {
      const passed = runner.stats?.passes ?? 0;
      const resultsFile = process.env['PARLEY_TEST_RESULTS'];
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed, failed, vscodeVersion: vscode.version }));
      if (failed > 0) reject(new Error(`${failed} integration test(s) failed.`));
      else resolve();
    });
  });
}
