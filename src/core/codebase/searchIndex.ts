// The lexical index of the workspace's chunks: MiniSearch (BM25) over identifier words, with the path and the
// chunk's symbol names weighted above its body. It keeps, for each file, the mtime and size it was indexed at,
// so a reload re-reads only files that changed; the chunks keep only their lines, not their text (the text is
// read again from the file when it is sent, so what goes is current and the store stays small).
import MiniSearch from 'minisearch';
import { chunkText } from './chunk';
import { boostSymbols } from './rank';
import { identifierWords, indexTerm, queryTerms } from './terms';

/** Bumped when the chunking or the terms change: an older store is rebuilt rather than misread. */
export const STORE_VERSION = 1;

export interface FileStamp {
  readonly mtime: number;
  readonly size: number;
}

export interface ChunkHit {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly symbols: string;
  readonly score: number;
}

/** [id, startLine, endLine, symbols] */
type StoredChunk = [number, number, number, string];

interface StoredFile {
  readonly mtime: number;
  readonly size: number;
  readonly chunks: StoredChunk[];
}

interface Store {
  readonly version: number;
  readonly nextId: number;
  readonly files: Record<string, StoredFile>;
  readonly index: unknown;
}

interface Doc {
  readonly id: number;
  readonly path: string;
  readonly symbols: string;
  readonly text: string;
}

const OPTIONS = {
  fields: ['path', 'symbols', 'text'],
  storeFields: [] as string[],
  tokenize: identifierWords,
  processTerm: indexTerm,
  searchOptions: { boost: { path: 2, symbols: 3 }, combineWith: 'OR' as const },
};

export class SearchIndex {
  private files = new Map<string, StoredFile>();
  /** Chunk id → its file and lines. */
  private chunks = new Map<number, { readonly path: string; readonly chunk: StoredChunk }>();
  private nextId = 1;
  private search: MiniSearch<Doc> = new MiniSearch<Doc>(OPTIONS);

  get fileCount(): number {
    return this.files.size;
  }

  get chunkCount(): number {
    return this.chunks.size;
  }

  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  /** True when the file was indexed at this mtime and size (nothing to read again). */
  isCurrent(path: string, stamp: FileStamp): boolean {
    const file = this.files.get(path);
    return file !== undefined && file.mtime === stamp.mtime && file.size === stamp.size;
  }

  /** Indexes a file's text (replacing what it had). */
  setFile(path: string, stamp: FileStamp, text: string): void {
    this.removeFile(path);
    const lines = text.split(/\r?\n/);
    const stored: StoredChunk[] = [];
    const docs: Doc[] = [];
    for (const chunk of chunkText(text)) {
      const id = this.nextId++;
      const entry: StoredChunk = [id, chunk.startLine, chunk.endLine, chunk.symbols];
      stored.push(entry);
      this.chunks.set(id, { path, chunk: entry });
      docs.push({ id, path, symbols: chunk.symbols, text: lines.slice(chunk.startLine - 1, chunk.endLine).join('\n') });
    }
    this.files.set(path, { mtime: stamp.mtime, size: stamp.size, chunks: stored });
    this.search.addAll(docs);
  }

  /** Records a file that is not indexed (binary, too large): it is not read again until it changes. */
  skipFile(path: string, stamp: FileStamp): void {
    this.removeFile(path);
    this.files.set(path, { mtime: stamp.mtime, size: stamp.size, chunks: [] });
  }

  removeFile(path: string): void {
    const file = this.files.get(path);
    if (!file) return;
    for (const [id] of file.chunks) {
      this.search.discard(id);
      this.chunks.delete(id);
    }
    this.files.delete(path);
  }

  /**
   * The best chunks for a question, best first. `symbols` are places a language server named for the question's
   * words ({ path, 1-based line }); the chunks holding them are boosted.
   */
  query(question: string, limit: number, symbols: readonly { readonly path: string; readonly line: number }[] = []): ChunkHit[] {
    const terms = queryTerms(question);
    // The terms are already processed: asking again would stem them twice.
    const lexical = terms.length === 0 ? [] : this.search.search(terms.join(' '), { tokenize: (q) => q.split(' '), processTerm: (t) => t }).slice(0, Math.max(limit * 4, 50));
    const symbolIds = symbols.flatMap(({ path, line }) => {
      const hit = this.files.get(path)?.chunks.find(([, start, end]) => start <= line && line <= end);
      return hit ? [hit[0]] : [];
    });
    const ranked = boostSymbols(lexical.map((r) => ({ id: r.id as number, score: r.score })), symbolIds);
    const hits: ChunkHit[] = [];
    for (const { id, score } of ranked.slice(0, limit)) {
      const found = this.chunks.get(id);
      if (found) hits.push({ path: found.path, startLine: found.chunk[1], endLine: found.chunk[2], symbols: found.chunk[3], score });
    }
    return hits;
  }

  serialize(): string {
    const store: Store = { version: STORE_VERSION, nextId: this.nextId, files: Object.fromEntries(this.files), index: this.search.toJSON() };
    return JSON.stringify(store);
  }

  /** An index from a stored one; undefined when it is damaged or from another version (it is then rebuilt). */
  static load(json: string): SearchIndex | undefined {
    try {
      const store = JSON.parse(json) as Partial<Store>;
      if (store.version !== STORE_VERSION || typeof store.nextId !== 'number' || !store.files || !store.index) return undefined;
      const index = new SearchIndex();
      index.search = MiniSearch.loadJS<Doc>(store.index as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS);
      index.nextId = store.nextId;
      for (const [path, file] of Object.entries(store.files)) {
        index.files.set(path, file);
        for (const chunk of file.chunks) index.chunks.set(chunk[0], { path, chunk });
      }
      return index;
    } catch {
      return undefined;
    }
  }
}
