import * as assert from 'node:assert/strict';
import { placeholder, redactSecrets } from '../../src/core/context/redact';

// Built at run time so this file holds no token-shaped string for scanners to flag.
const githubToken = () => `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
const slackToken = () => ['xoxb', '1234567890', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');

describe('secret redaction', () => {
  it('replaces a token with a placeholder that names its kind, and says on which line it was', async () => {
    const token = githubToken();
    const { text, redactions } = await redactSecrets(`Why does this fail?\nconst token = "${token}";\n`);
    assert.ok(!text.includes(token), text);
    assert.match(text, /const token = "\[secret removed by Parley: GitHub Token\]";/);
    assert.deepEqual(redactions, [{ line: 2, kind: 'GitHub Token' }]);
  });

  it('removes every secret in the text, of different kinds', async () => {
    const input = `a ${githubToken()}\nb ${slackToken()}\nc ${githubToken()}`;
    const { text, redactions } = await redactSecrets(input);
    assert.ok(!text.includes('ghp_') && !text.includes('xoxb-'), text);
    assert.equal(redactions.length, 3);
    assert.deepEqual(redactions.map((r) => r.line), [1, 2, 3]);
  });

  it('leaves text without secrets exactly as it was', async () => {
    const code = 'function parseRow(line: string) {\n  return line.split(",");\n}\n';
    assert.deepEqual(await redactSecrets(code), { text: code, redactions: [] });
    assert.deepEqual(await redactSecrets(''), { text: '', redactions: [] });
  });

  it('never puts the secret into the placeholder', () => {
    assert.equal(placeholder('GitHub Token'), '[secret removed by Parley: GitHub Token]');
  });
});
