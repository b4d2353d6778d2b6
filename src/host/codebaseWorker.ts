// Runs in a worker thread (dist/codebase.js): reads, chunks and indexes the workspace's files for #codebase, and
// answers queries, so neither the reading nor MiniSearch's work ever holds up the extension host's thread. It is
// handed only the files the host has judged indexable (an excluded or ignored file is never named to it, so never
// read), and keeps its store in the extension's workspace storage: after a reload only changed files are read.
import { open, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { writeFileAtomically } from '../core/atomicFile';
import { decodeText, MAX_READ_BYTES } from '../core/context/explicit';
import { SearchIndex } from '../core/codebase/searchIndex';
import type { ChunkHit } from '../core/codebase/searchIndex';

export interface IndexedPath {
  /** Workspace-relative, as the picker and the chips name it. */
  readonly path: string;
  readonly fsPath: string;
}

export type CodebaseRequest =
  /** The whole list: what is not in it is dropped, what changed (mtime or size) is read again. */
  | { readonly type: 'sync'; readonly id: number; readonly store: string | undefined; readonly files: readonly IndexedPath[] }
  | { readonly type: 'update'; readonly id: number; readonly changed: readonly IndexedPath[]; readonly removed: readonly string[] }
  | { readonly type: 'query'; readonly id: number; readonly question: string; readonly limit: number; readonly symbols: readonly { readonly path: string; readonly line: number }[] }
  | { readonly type: 'cancel' };

export type CodebaseReply =
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: 'synced'; readonly id: number; readonly files: number; readonly chunks: number; readonly read: number; readonly cancelled: boolean }
  | { readonly type: 'hits'; readonly id: number; readonly hits: readonly ChunkHit[] }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** Files read at once: enough to keep the disk busy, few enough to keep memory flat. */
const BATCH = 64;
/** A burst of edits is written to the store once. */
const SAVE_DELAY_MS = 2000;

let index = new SearchIndex();
let storePath: string | undefined;
let cancelled = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Syncs and updates run one at a time, in order; queries answer at once from what is indexed so far. */
let queue: Promise<void> = Promise.resolve();

const post = (reply: CodebaseReply) => parentPort?.postMessage(reply);

async function loadStore(path: string): Promise<void> {
  storePath = path;
  try {
    index = SearchIndex.load(await readFile(path, 'utf8')) ?? new SearchIndex();
  } catch {
    index = new SearchIndex();
  }
}

async function save(): Promise<void> {
  if (!storePath) return;
  await mkdir(dirname(storePath), { recursive: true });
  await writeFileAtomically({ open, rename, rm }, storePath, index.serialize());
}

function saveSoon(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void save().catch(() => undefined), SAVE_DELAY_MS);
}

/** Reads and indexes one file unless its mtime and size are those it was indexed at; true when it was read. */
async function indexFile(file: IndexedPath): Promise<boolean> {
  let info;
  try {
    info = await stat(file.fsPath);
  } catch {
    index.removeFile(file.path);
    return false;
  }
  const stamp = { mtime: info.mtimeMs, size: info.size };
  if (!info.isFile() || index.isCurrent(file.path, stamp)) return false;
  if (info.size > MAX_READ_BYTES) {
    index.skipFile(file.path, stamp);
    return false;
  }
  const bytes = await readFile(file.fsPath).catch(() => undefined);
  const decoded = bytes ? decodeText({ bytes, size: info.size }) : undefined;
  if (!decoded || 'problem' in decoded) index.skipFile(file.path, stamp);
  else index.setFile(file.path, stamp, decoded.text);
  return true;
}

async function indexAll(id: number, files: readonly IndexedPath[]): Promise<{ read: number; cancelled: boolean }> {
  let read = 0;
  let lastReport = 0;
  for (let i = 0; i < files.length; i += BATCH) {
    if (cancelled) return { read, cancelled: true };
    const results = await Promise.all(files.slice(i, i + BATCH).map(indexFile));
    read += results.filter(Boolean).length;
    const done = Math.min(files.length, i + BATCH);
    if (Date.now() - lastReport > 100 || done === files.length) {
      lastReport = Date.now();
      post({ type: 'progress', id, done, total: files.length });
    }
  }
  return { read, cancelled: false };
}

async function sync(request: Extract<CodebaseRequest, { type: 'sync' }>): Promise<void> {
  cancelled = false;
  if (request.store !== storePath) {
    if (request.store) await loadStore(request.store);
    else storePath = undefined;
  }
  const listed = new Set(request.files.map((f) => f.path));
  for (const path of [...index.paths()]) if (!listed.has(path)) index.removeFile(path);
  const { read, cancelled: stopped } = await indexAll(request.id, request.files);
  if (read > 0 || !stopped) await save();
  post({ type: 'synced', id: request.id, files: index.fileCount, chunks: index.chunkCount, read, cancelled: stopped });
}

async function update(request: Extract<CodebaseRequest, { type: 'update' }>): Promise<void> {
  for (const path of request.removed) index.removeFile(path);
  const read = (await Promise.all(request.changed.map(indexFile))).filter(Boolean).length;
  saveSoon();
  post({ type: 'synced', id: request.id, files: index.fileCount, chunks: index.chunkCount, read, cancelled: false });
}

parentPort?.on('message', (request: CodebaseRequest) => {
  if (request.type === 'cancel') {
    cancelled = true;
    return;
  }
  if (request.type === 'query') {
    try {
      post({ type: 'hits', id: request.id, hits: index.query(request.question, request.limit, request.symbols) });
    } catch (err) {
      post({ type: 'error', id: request.id, message: err instanceof Error ? err.message : String(err) });
    }
    return;
  }
  const run = request.type === 'sync' ? () => sync(request) : () => update(request);
  queue = queue.then(run).catch((err: unknown) => post({ type: 'error', id: request.id, message: err instanceof Error ? err.message : String(err) }));
});
