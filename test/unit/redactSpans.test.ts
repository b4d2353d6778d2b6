import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { findSecrets, placeholder, redactSecrets } from '../../src/core/context/redact';
import { filler, patternKinds, secretlintKinds } from './redactKinds';
import type { Planted } from './redactKinds';

// Built at run time so this file holds no token-shaped string for scanners to flag.
const awsId = () => ['AKIA', 'Q7W2E9R4T1Y6U3I8'].join('');
const awsSecret = () => ['k9Xw2mPq7Rt4Zv8N', 'b3Lc6Hd1Fy5Gj0Ks', 'Te4uWa9q'].join('');
const githubToken = () => `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;

/** Each planted secret, surrounded by filler, and the text that must come out: the same with only the secrets replaced. */
function planted(kinds: Record<string, fc.Arbitrary<Planted>>): fc.Arbitrary<{ input: string; expected: string; secrets: string[] }> {
  const one = fc.tuple(fc.oneof(...Object.values(kinds)), fc.constantFrom(' ', '\n', '\r\n', ' = ', ', '), filler);
  return fc.tuple(filler, fc.array(one, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([head, items, bom]) => {
    let input = (bom ? '\uFEFF' : '') + head + ' ';
    let expected = input;
    for (const [p, sep, tail] of items) {
      input += p.before + p.secret + p.after + sep + tail + ' ';
      expected += p.before + placeholder(p.kind) + p.after + sep + tail + ' ';
    }
    return { input, expected, secrets: items.map(([p]) => p.secret) };
  });
}

describe('secret redaction: exact spans', () => {
  it('replaces an AWS secret access key and nothing else: the name, the quotes and the code around stay', async () => {
    const input = `const AWS_SECRET_ACCESS_KEY = "${awsSecret()}";\nconst region = "eu-west-1";\n`;
    const { text } = await redactSecrets(input);
    assert.equal(text, `const AWS_SECRET_ACCESS_KEY = "${placeholder('AWS Secret Access Key')}";\nconst region = "eu-west-1";\n`);
  });

  it('finds an AWS access key id, and says so', async () => {
    const { text, redactions } = await redactSecrets(`AWS_ACCESS_KEY_ID=${awsId()}\n`);
    assert.equal(text, `AWS_ACCESS_KEY_ID=${placeholder('AWS Access Key ID')}\n`);
    assert.deepEqual(redactions, [{ line: 1, kind: 'AWS Access Key ID' }]);
  });

  it('replaces several secrets on one line, after non-ASCII text, in a CRLF file with a BOM', async () => {
    const input = `\uFEFF// café ☕ 中文 😀\r\nkeys = ["${awsId()}", "${githubToken()}"]; aws_secret_access_key: '${awsSecret()}'\r\n`;
    const { text, redactions } = await redactSecrets(input);
    assert.equal(
      text,
      `\uFEFF// café ☕ 中文 😀\r\nkeys = ["${placeholder('AWS Access Key ID')}", "${placeholder('GitHub Token')}"]; aws_secret_access_key: '${placeholder('AWS Secret Access Key')}'\r\n`,
    );
    assert.deepEqual(redactions.map((r) => r.line), [2, 2, 2]);
  });

  it('keeps the host of a connection string and removes its password', async () => {
    const { text } = await redactSecrets('DATABASE_URL=postgres://app:Zx81qTr0pLm@db.internal:5432/shop\n');
    assert.equal(text, `DATABASE_URL=postgres://app:${placeholder('PostgreSQL password')}@db.internal:5432/shop\n`);
  });

  it('removes a secret found once wherever else it appears in the text', async () => {
    const secret = awsSecret();
    const { text } = await redactSecrets(`AWS_SECRET_ACCESS_KEY="${secret}"\nlog("using ${secret}")\n`);
    assert.ok(!text.includes(secret), text);
    assert.ok(text.includes(`log("using ${placeholder('AWS Secret Access Key')}")`), text);
  });

  it('removes an AWS secret access key pasted on its own, but not a git SHA or a hex digest of the same length', async () => {
    const sha = 'e83c5163316f89bfbde7d9ab23ca2e25604af290';
    const { text } = await redactSecrets(`is ${awsSecret()} still valid? it was added in ${sha}`);
    assert.equal(text, `is ${placeholder('unnamed AWS-style secret key')} still valid? it was added in ${sha}`);
  });

  it('merges overlapping findings into one replacement', async () => {
    // The fine-grained GitHub rule and the repeat of the classic token inside it would overlap.
    const inner = githubToken();
    const spans = await findSecrets(`a ${inner} b ${inner}x`);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i]!.start >= spans[i - 1]!.end, JSON.stringify(spans));
  });

  it('is not switched off by a secretlint-disable comment in the file', async () => {
    const { text } = await redactSecrets(`// secretlint-disable\nconst t = "${githubToken()}";\n`);
    assert.ok(!text.includes(githubToken()), text);
  });

  it('scans long texts in linear time (a scheme pattern once took seconds on a long word)', async () => {
    const started = Date.now();
    for (const text of ['a'.repeat(200_000), 'ab://'.repeat(40_000), 'key = "'.repeat(30_000)]) await redactSecrets(text);
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  });

  it('property: random text with planted secrets of every kind comes out with exactly the secrets replaced', async () => {
    await fc.assert(
      fc.asyncProperty(planted({ ...secretlintKinds(), ...patternKinds() }), async ({ input, expected, secrets }) => {
        const { text } = await redactSecrets(input);
        for (const s of secrets) assert.ok(!text.includes(s), `a secret is left in ${JSON.stringify(text)}`);
        assert.equal(text, expected);
      }),
      { numRuns: 300 },
    );
  });
});
