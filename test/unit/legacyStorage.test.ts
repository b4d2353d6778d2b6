import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeLegacyRecords } from '../../src/core/legacyStorage';

describe('records left in storage by earlier versions', () => {
  let storage: string;

  beforeEach(async () => {
    storage = await mkdtemp(join(tmpdir(), 'parley-storage-'));
  });

  afterEach(async () => {
    await rm(storage, { recursive: true, force: true });
  });

  it('the proposal records are deleted, and the history and corrections beside them stay', async () => {
    for (const folder of ['proposals', 'history', 'corrections']) await mkdir(join(storage, folder));
    await writeFile(join(storage, 'proposals', 'abc.json'), '{"files":[{"base":"API_KEY=raw"}]}');
    await writeFile(join(storage, 'history', 'index.json'), '[]');
    await writeFile(join(storage, 'corrections', 'c1.json'), '{}');
    assert.deepEqual(await removeLegacyRecords([storage]), [join(storage, 'proposals')]);
    assert.deepEqual((await readdir(storage)).sort(), ['corrections', 'history']);
    assert.deepEqual(await readdir(join(storage, 'history')), ['index.json']);
  });

  it('with nothing left to delete it does nothing, so every activation after the first is a no-op', async () => {
    await mkdir(join(storage, 'proposals'));
    await removeLegacyRecords([storage, storage]);
    assert.deepEqual(await removeLegacyRecords([storage, join(storage, 'missing')]), []);
  });
});
