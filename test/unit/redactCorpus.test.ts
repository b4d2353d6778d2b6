import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findSecrets, redactSecrets } from '../../src/core/context/redact';

// The corpus in test/fixtures/secrets: files of several languages with planted fake secrets (listed in the
// manifest), and a negative set of look-alikes that must go out unchanged.
const root = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'secrets');

interface PlantedSecret {
  readonly file: string;
  readonly kind: string;
  readonly value: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')) as { secrets: PlantedSecret[] };
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const kindsOf = (secrets: readonly PlantedSecret[]) => new Set(secrets.map((s) => s.kind.replace(/^value of .*/, 'assigned value')));

describe('secret redaction: the planted corpus', () => {
  it('holds at least 60 planted secrets of 20 kinds, each in its file', () => {
    assert.ok(manifest.secrets.length >= 60, `${manifest.secrets.length} secrets`);
    assert.ok(kindsOf(manifest.secrets).size >= 20, `${kindsOf(manifest.secrets).size} kinds`);
    for (const s of manifest.secrets) assert.ok(read(s.file).includes(s.value), `${s.file} does not hold its ${s.kind}`);
  });

  it('removes every planted secret (recall 100%), and names each one\'s kind', async () => {
    const missed: string[] = [];
    const wrongKind: string[] = [];
    for (const file of new Set(manifest.secrets.map((s) => s.file))) {
      const { text, redactions } = await redactSecrets(read(file));
      const kinds = new Set(redactions.map((r) => r.kind));
      for (const s of manifest.secrets.filter((m) => m.file === file)) {
        if (text.includes(s.value)) missed.push(`${file}: ${s.kind}`);
        else if (!kinds.has(s.kind)) wrongKind.push(`${file}: ${s.kind} (found ${[...kinds].join(', ')})`);
      }
    }
    const found = manifest.secrets.length - missed.length;
    console.log(`      recall: ${found}/${manifest.secrets.length} planted secrets removed`);
    assert.deepEqual(missed, []);
    assert.deepEqual(wrongKind, []);
  });

  it('finds nothing in the look-alikes (lock-file hashes, UUIDs, git SHAs, base64 test data, placeholders)', async () => {
    const falsePositives: string[] = [];
    for (const file of fs.readdirSync(path.join(root, 'negative'))) {
      const text = read(path.join('negative', file));
      for (const s of await findSecrets(text)) falsePositives.push(`${file}: ${s.kind}: ${text.slice(s.start, s.end)}`);
    }
    console.log(`      false positives: ${falsePositives.length}`);
    assert.deepEqual(falsePositives, []);
  });
});
