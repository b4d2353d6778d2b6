import * as assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Conversation, Turn } from '../../src/core/chat/conversation';
import type { HistoryFileSystem } from '../../src/core/chat/historyStore';
import { HistoryStore } from '../../src/core/chat/historyStore';
import { isSafeId, newId } from '../../src/core/chat/ids';

// ---- builders ----

let turnCounter = 0;

function turn(overrides: Partial<Turn> = {}): Turn {
  turnCounter++;
  return {
    id: `t${turnCounter}`,
    role: turnCounter % 2 === 1 ? 'user' : 'assistant',
    text: `turn ${turnCounter}`,
    status: 'done',
    createdAt: 1_700_000_000_000 + turnCounter,
    ...overrides,
  };
}

function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    title: `Chat ${id}`,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    turns: [turn({ role: 'user', text: 'Why does parseRow drop the last field?' }), turn({ role: 'assistant' })],
    ...overrides,
  };
}

/** A realistic answer of about 1 KB: prose, a code block, a list. */
function realisticText(i: number): string {
  const code = Array.from({ length: 16 }, (_, l) => `  const field${l} = row.split(',')[${l}] ?? ''; // ${i}`).join('\n');
  return `Turn ${i}: the loop stops at \`i < n - 1\`, so the last field is never pushed.\n\n\`\`\`ts\n${code}\n\`\`\`\n\n- keep the bound at \`n\`\n- add a test for a trailing comma`;
}

// ---- helpers ----

let root = '';

beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'parley-history-'));
});

afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

function conversationsDir(): string {
  return path.join(root, 'conversations');
}

function fileOf(id: string): string {
  return path.join(conversationsDir(), `${id}.json`);
}

async function filesIn(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir)).sort();
}

async function writeRaw(id: string, text: string): Promise<void> {
  await fsp.mkdir(conversationsDir(), { recursive: true });
  await fsp.writeFile(fileOf(id), text);
}

function simulatedError(code: string): Error {
  return Object.assign(new Error(`simulated ${code}`), { code });
}

describe('history store', () => {
  it('loads a saved conversation exactly as it was saved', async () => {
    const store = new HistoryStore(root);
    const saved = conversation('a1', {
      turns: [
        turn({ role: 'user', text: 'Refactor this?\n\n```ts\nconst x = 1;\n```' }),
        turn({ role: 'assistant', text: 'Sure', model: 'gpt-4o-mini' }),
        turn({ role: 'assistant', text: 'Partial', status: 'stopped' }),
        turn({
          role: 'assistant',
          text: '',
          status: 'error',
          error: { kind: 'rate-limit', message: 'Too many requests.', action: 'retry' },
        }),
        turn({ role: 'assistant', text: '', status: 'error', error: { kind: 'auth', message: 'Key rejected.', action: undefined } }),
      ],
    });
    await store.save(saved);
    assert.deepStrictEqual(await store.load('a1'), saved);
    assert.deepStrictEqual(await new HistoryStore(root).load('a1'), saved, 'a fresh store reads the same');
  });

  it('writes a format version into every file', async () => {
    await new HistoryStore(root).save(conversation('v1'));
    const onDisk: unknown = JSON.parse(await fsp.readFile(fileOf('v1'), 'utf8'));
    assert.equal((onDisk as { version: unknown }).version, 1);
  });

  it('loads nothing for an id that was never saved', async () => {
    assert.equal(await new HistoryStore(root).load('missing'), undefined);
  });

  it('lists nothing, and creates no folder, before the first save', async () => {
    const dir = path.join(root, 'not-yet');
    const list = await new HistoryStore(dir).list();
    assert.deepEqual(list, { conversations: [], problems: [] });
    await assert.rejects(fsp.stat(dir), { code: 'ENOENT' });
  });

  it('lists summaries newest first, with titles and turn counts', async () => {
    const store = new HistoryStore(root);
    await store.save(conversation('old', { title: 'Old chat', updatedAt: 1000 }));
    await store.save(conversation('new', { title: 'New chat', updatedAt: 3000, turns: [turn()] }));
    await store.save(conversation('mid', { title: 'Middle chat', updatedAt: 2000 }));
    const { conversations, problems } = await store.list();
    assert.deepEqual(conversations, [
      { id: 'new', title: 'New chat', updatedAt: 3000, turnCount: 1 },
      { id: 'mid', title: 'Middle chat', updatedAt: 2000, turnCount: 2 },
      { id: 'old', title: 'Old chat', updatedAt: 1000, turnCount: 2 },
    ]);
    assert.deepEqual(problems, []);
  });

  it('saving again replaces the conversation and moves it up the list', async () => {
    const store = new HistoryStore(root);
    await store.save(conversation('a', { updatedAt: 1000 }));
    await store.save(conversation('b', { updatedAt: 2000 }));
    await store.save(conversation('a', { updatedAt: 3000, turns: [turn(), turn(), turn()] }));
    const { conversations } = await store.list();
    assert.deepEqual(
      conversations.map((c) => [c.id, c.turnCount]),
      [
        ['a', 3],
        ['b', 2],
      ],
    );
  });

  it('renames a conversation without moving it in the list', async () => {
    const store = new HistoryStore(root);
    await store.save(conversation('a', { updatedAt: 2000 }));
    await store.save(conversation('b', { updatedAt: 1000 }));
    await store.rename('b', '  CSV parser\nbug  ');
    assert.equal((await store.load('b'))?.title, 'CSV parser bug');
    assert.equal((await store.load('b'))?.updatedAt, 1000);
    const { conversations } = await new HistoryStore(root).list();
    assert.deepEqual(
      conversations.map((c) => [c.id, c.title]),
      [
        ['a', 'Chat a'],
        ['b', 'CSV parser bug'],
      ],
    );
  });

  it('refuses to rename to an empty title or rename a conversation that is not there', async () => {
    const store = new HistoryStore(root);
    await store.save(conversation('a'));
    await assert.rejects(store.rename('a', '   '), /empty/);
    await assert.rejects(store.rename('nope', 'Title'), /no saved conversation "nope"/);
    assert.equal((await store.load('a'))?.title, 'Chat a');
  });

  it('deletes the file and its entry in the list', async () => {
    const store = new HistoryStore(root);
    await store.save(conversation('keep'));
    await store.save(conversation('gone'));
    await store.delete('gone');
    assert.equal(await store.load('gone'), undefined);
    assert.deepEqual(await filesIn(conversationsDir()), ['keep.json']);
    assert.deepEqual(
      (await store.list()).conversations.map((c) => c.id),
      ['keep'],
    );
    const index = await fsp.readFile(path.join(root, 'index.json'), 'utf8');
    assert.ok(!index.includes('gone'), 'the index entry is removed too');
    await store.delete('gone'); // deleting twice is harmless
  });

  it('keeps conversation files apart from the index, so an id named "index" is just a conversation', async () => {
    const store = new HistoryStore(root);
    await store.save(conversation('index', { title: 'Called index' }));
    assert.deepEqual(
      (await new HistoryStore(root).list()).conversations.map((c) => c.title),
      ['Called index'],
    );
    assert.equal((await store.load('index'))?.title, 'Called index');
  });

  describe('atomic writes', () => {
    it('ignores a leftover complete temp file and a half-written one', async () => {
      const store = new HistoryStore(root);
      await store.save(conversation('a', { title: 'Saved' }));
      const newer = JSON.stringify({ version: 1, conversation: conversation('a', { title: 'Never renamed' }) });
      await fsp.writeFile(`${fileOf('a')}.tmp-1a2b3c`, newer);
      await fsp.writeFile(`${fileOf('b')}.tmp-4d5e6f`, newer.slice(0, newer.length / 2));
      const fresh = new HistoryStore(root);
      const list = await fresh.list();
      assert.deepEqual(
        list.conversations.map((c) => c.title),
        ['Saved'],
      );
      assert.deepEqual(list.problems, []);
      assert.equal((await fresh.load('a'))?.title, 'Saved');
      assert.equal(await fresh.load('b'), undefined);
    });

    it('a rename that fails leaves the old file intact and no temp file behind', async () => {
      await new HistoryStore(root).save(conversation('a', { title: 'Before' }));
      const before = await fsp.readFile(fileOf('a'));
      const crashingFs: HistoryFileSystem = {
        ...fsp,
        rename: () => Promise.reject(simulatedError('EIO')),
      };
      const store = new HistoryStore(root, { fs: crashingFs });
      await assert.rejects(store.save(conversation('a', { title: 'After' })), /simulated EIO/);
      assert.deepEqual(await fsp.readFile(fileOf('a')), before);
      assert.deepEqual(await filesIn(conversationsDir()), ['a.json']);
      assert.equal((await new HistoryStore(root).load('a'))?.title, 'Before');
    });

    it('a write that dies halfway (disk full) leaves the old file intact and no temp file behind', async () => {
      await new HistoryStore(root).save(conversation('a', { title: 'Before' }));
      const before = await fsp.readFile(fileOf('a'));
      const fullDiskFs: HistoryFileSystem = {
        ...fsp,
        open: async (file, flags) => {
          const handle = await fsp.open(file, flags);
          const halfThenFail = async (data: string): Promise<void> => {
            await handle.writeFile(data.slice(0, data.length / 2));
            throw simulatedError('ENOSPC');
          };
          return Object.assign(Object.create(handle) as FileHandle, { writeFile: halfThenFail });
        },
      };
      await assert.rejects(new HistoryStore(root, { fs: fullDiskFs }).save(conversation('a', { title: 'After' })), /ENOSPC/);
      assert.deepEqual(await fsp.readFile(fileOf('a')), before);
      assert.deepEqual(await filesIn(conversationsDir()), ['a.json']);
    });

    it('a real rename failure (the target is a folder) is reported and cleaned up', async () => {
      await fsp.mkdir(fileOf('a'), { recursive: true });
      const store = new HistoryStore(root);
      await assert.rejects(store.save(conversation('a')));
      assert.deepEqual(await filesIn(conversationsDir()), ['a.json']);
      assert.ok((await fsp.stat(fileOf('a'))).isDirectory(), 'the folder is left alone');
      const { problems } = await store.list();
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.file, fileOf('a'));
    });

    it('a save whose index update fails still counts, and the list catches up later', async () => {
      const noIndexFs: HistoryFileSystem = {
        ...fsp,
        rename: (from, to) =>
          String(to).endsWith('index.json') ? Promise.reject(simulatedError('EACCES')) : fsp.rename(from, to),
      };
      await new HistoryStore(root, { fs: noIndexFs }).save(conversation('a', { title: 'Saved without index' }));
      assert.deepEqual(
        (await new HistoryStore(root).list()).conversations.map((c) => c.title),
        ['Saved without index'],
      );
    });
  });

  describe('corrupt files', () => {
    const invalidJson = '{"version":1,"conversation":{"id":"bad1","title":"Trunc';
    const wrongShape = JSON.stringify({ version: 1, conversation: { id: 'bad2', title: 'No turns', createdAt: 1, updatedAt: 1 } });

    it('are skipped, reported once, and left byte for byte as they were', async () => {
      const store = new HistoryStore(root);
      await store.save(conversation('good'));
      await writeRaw('bad1', invalidJson);
      await writeRaw('bad2', wrongShape);
      const mtimeBefore = (await fsp.stat(fileOf('bad1'))).mtimeMs;

      const first = await store.list();
      assert.deepEqual(
        first.conversations.map((c) => c.id),
        ['good'],
      );
      assert.deepEqual(
        first.problems.map((p) => p.file),
        [fileOf('bad1'), fileOf('bad2')],
      );
      assert.match(first.problems[0]?.message ?? '', /bad1\.json.*not valid JSON.*kept/s);
      assert.match(first.problems[1]?.message ?? '', /bad2\.json.*turns is not a list.*kept/s);

      await store.save(conversation('another'));
      const second = await store.list();
      assert.deepEqual(second.problems, [], 'the same problems are not reported again');
      assert.deepEqual(
        second.conversations.map((c) => c.id).sort(),
        ['another', 'good'],
      );

      assert.equal(await fsp.readFile(fileOf('bad1'), 'utf8'), invalidJson);
      assert.equal(await fsp.readFile(fileOf('bad2'), 'utf8'), wrongShape);
      assert.equal((await fsp.stat(fileOf('bad1'))).mtimeMs, mtimeBefore);
    });

    it('are reported again by a new store (a new window), still without being touched', async () => {
      await writeRaw('bad1', invalidJson);
      assert.equal((await new HistoryStore(root).list()).problems.length, 1);
      assert.equal((await new HistoryStore(root).list()).problems.length, 1);
      assert.equal(await fsp.readFile(fileOf('bad1'), 'utf8'), invalidJson);
    });

    it('make load throw an error that names the file and says it was kept', async () => {
      await writeRaw('bad1', invalidJson);
      await writeRaw('bad2', wrongShape);
      const store = new HistoryStore(root);
      await assert.rejects(store.load('bad1'), (error: Error) => {
        assert.ok(error.message.includes(fileOf('bad1')), error.message);
        assert.match(error.message, /kept/);
        return true;
      });
      await assert.rejects(store.load('bad2'), /bad2\.json.*kept/s);
      assert.equal(await fsp.readFile(fileOf('bad1'), 'utf8'), invalidJson);
    });

    it('include files whose fields have the wrong type, a stranger id, or a newer format', async () => {
      const good = conversation('x');
      const cases: Record<string, unknown> = {
        badrole: { version: 1, conversation: { ...good, id: 'badrole', turns: [{ ...good.turns[0], role: 'system' }] } },
        badtime: { version: 1, conversation: { ...good, id: 'badtime', updatedAt: 'yesterday' } },
        noversion: { conversation: { ...good, id: 'noversion' } },
        array: [1, 2, 3],
        otherid: { version: 1, conversation: { ...good, id: 'someone-else' } },
        newer: { version: 2, conversation: { ...good, id: 'newer' } },
      };
      for (const [id, value] of Object.entries(cases)) await writeRaw(id, JSON.stringify(value));
      const { conversations, problems } = await new HistoryStore(root).list();
      assert.deepEqual(conversations, []);
      const messages = new Map(problems.map((p) => [path.basename(p.file, '.json'), p.message]));
      assert.equal(messages.size, Object.keys(cases).length);
      assert.match(messages.get('badrole') ?? '', /turns\[0\]\.role/);
      assert.match(messages.get('badtime') ?? '', /updatedAt/);
      assert.match(messages.get('otherid') ?? '', /does not match its file name/);
      assert.match(messages.get('newer') ?? '', /newer version of Parley/);
    });

    it('show up in the list once repaired', async () => {
      await writeRaw('bad1', invalidJson);
      const store = new HistoryStore(root);
      assert.equal((await store.list()).conversations.length, 0);
      await writeRaw('bad1', JSON.stringify({ version: 1, conversation: conversation('bad1', { title: 'Repaired' }) }));
      assert.deepEqual(
        (await store.list()).conversations.map((c) => c.title),
        ['Repaired'],
      );
    });

    it('a conversation that would not read back is refused before anything is written', async () => {
      const store = new HistoryStore(root);
      await assert.rejects(store.save(conversation('nan', { updatedAt: Number.NaN })), /cannot be saved.*updatedAt/);
      assert.equal(await store.load('nan'), undefined);
    });
  });

  describe('the index', () => {
    async function threeSaved(): Promise<void> {
      const store = new HistoryStore(root);
      await store.save(conversation('a', { updatedAt: 1 }));
      await store.save(conversation('b', { updatedAt: 2 }));
      await store.save(conversation('c', { updatedAt: 3 }));
    }

    it('is rebuilt from the files when missing', async () => {
      await threeSaved();
      await fsp.rm(path.join(root, 'index.json'));
      const { conversations, problems } = await new HistoryStore(root).list();
      assert.deepEqual(
        conversations.map((c) => c.id),
        ['c', 'b', 'a'],
      );
      assert.deepEqual(problems, []);
      assert.ok((await fsp.readFile(path.join(root, 'index.json'), 'utf8')).includes('"c.json"'));
    });

    it('is rebuilt from the files when corrupt, and reports nothing lost', async () => {
      await threeSaved();
      await fsp.writeFile(path.join(root, 'index.json'), '{"version":1,"entries":[{"file":');
      const { conversations, problems } = await new HistoryStore(root).list();
      assert.deepEqual(
        conversations.map((c) => c.id),
        ['c', 'b', 'a'],
      );
      assert.deepEqual(problems, []);
    });

    it('is what the list reads: conversation files are not opened when it matches them', async () => {
      await threeSaved();
      const opened: string[] = [];
      const watchingFs: HistoryFileSystem = {
        ...fsp,
        readFile: ((file: Parameters<typeof fsp.readFile>[0], options: Parameters<typeof fsp.readFile>[1]) => {
          opened.push(path.basename(String(file)));
          return fsp.readFile(file, options);
        }) as typeof fsp.readFile,
      };
      assert.equal((await new HistoryStore(root, { fs: watchingFs }).list()).conversations.length, 3);
      assert.deepEqual(opened, ['index.json']);
    });

    it('catches up with files added, changed or removed behind its back', async () => {
      await threeSaved();
      const elsewhere = await fsp.mkdtemp(path.join(os.tmpdir(), 'parley-history-other-'));
      try {
        const other = new HistoryStore(elsewhere);
        await other.save(conversation('d', { title: 'Copied in', updatedAt: 4 }));
        await other.save(conversation('b', { title: 'Changed elsewhere', updatedAt: 2, turns: [turn()] }));
        await fsp.copyFile(path.join(elsewhere, 'conversations', 'd.json'), fileOf('d'));
        await fsp.copyFile(path.join(elsewhere, 'conversations', 'b.json'), fileOf('b'));
      } finally {
        await fsp.rm(elsewhere, { recursive: true, force: true });
      }
      await fsp.rm(fileOf('a'));
      const { conversations } = await new HistoryStore(root).list();
      assert.deepEqual(
        conversations.map((c) => [c.id, c.title, c.turnCount]),
        [
          ['d', 'Copied in', 2],
          ['c', 'Chat c', 2],
          ['b', 'Changed elsewhere', 1],
        ],
      );
    });
  });

  it('concurrent saves of one id: the last call wins and no temp file is left', async () => {
    const store = new HistoryStore(root);
    const saves = Array.from({ length: 25 }, (_, i) =>
      store.save(conversation('busy', { title: `Version ${i}`, updatedAt: 1000 + i })),
    );
    const listed = store.list();
    await Promise.all([...saves, listed]);
    assert.equal((await store.load('busy'))?.title, 'Version 24');
    assert.deepEqual(await filesIn(conversationsDir()), ['busy.json']);
    assert.deepEqual(await filesIn(root), ['conversations', 'index.json']);
    assert.deepEqual(
      (await new HistoryStore(root).list()).conversations.map((c) => c.title),
      ['Version 24'],
    );
  });

  it('concurrent saves of different ids all land in the list', async () => {
    const store = new HistoryStore(root);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.save(conversation(`c${i}`, { updatedAt: i }))));
    const { conversations } = await store.list();
    assert.deepEqual(
      conversations.map((c) => c.id),
      ['c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1', 'c0'],
    );
  });

  it('rejects ids that are not safe file names, touching nothing', async () => {
    const store = new HistoryStore(path.join(root, 'store'));
    for (const id of ['', '../escape', 'a/b', 'a\\b', 'a.b', 'with space', 'é', 'x'.repeat(65), '..']) {
      await assert.rejects(store.save(conversation(id)), /not a usable conversation id/, JSON.stringify(id));
      await assert.rejects(store.load(id), /not a usable conversation id/);
      await assert.rejects(store.rename(id, 'T'), /not a usable conversation id/);
      await assert.rejects(store.delete(id), /not a usable conversation id/);
    }
    assert.deepEqual(await filesIn(root), []);
  });

  it('opens a 500-turn conversation of realistic size quickly (time printed)', async () => {
    const store = new HistoryStore(root);
    const turns = Array.from({ length: 500 }, (_, i) =>
      turn({ role: i % 2 === 0 ? 'user' : 'assistant', text: realisticText(i), ...(i % 2 ? { model: 'gpt-4o-mini' } : {}) }),
    );
    const big = conversation('big', { turns });
    const saveStart = performance.now();
    await store.save(big);
    const saveMs = performance.now() - saveStart;
    const bytes = (await fsp.stat(fileOf('big'))).size;
    const times: number[] = [];
    let loaded: Conversation | undefined;
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      loaded = await store.load('big');
      times.push(performance.now() - start);
    }
    assert.deepStrictEqual(loaded, big);
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `      500 turns, ${(bytes / 1024).toFixed(0)} KB: load median ${sorted[3]?.toFixed(2)} ms ` +
        `(first ${times[0]?.toFixed(2)} ms), save ${saveMs.toFixed(2)} ms`,
    );
  });
});

describe('conversation ids', () => {
  it('are safe file names', () => {
    for (let i = 0; i < 100; i++) assert.ok(isSafeId(newId()));
  });

  it('sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('history store: the open conversation', () => {
  it('remembers which conversation is open across store instances, and forgets it on request', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'parley-active-'));
    try {
      assert.equal(await new HistoryStore(dir).getActive(), undefined);
      await new HistoryStore(dir).setActive('abc-123');
      assert.equal(await new HistoryStore(dir).getActive(), 'abc-123');
      await new HistoryStore(dir).setActive(undefined);
      assert.equal(await new HistoryStore(dir).getActive(), undefined);
      await assert.rejects(new HistoryStore(dir).setActive('../escape'), /not a usable conversation id/);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
