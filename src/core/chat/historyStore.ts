// Saved conversations (DESIGN.md §7): one JSON file per conversation and an index of summaries, in a folder the
// host chooses (the workspace's storage). Every write goes to a temp file that is then renamed over the target,
// so a crash leaves either the old file or the new one, never half of one. A file that cannot be read is reported
// and left exactly as it is: the store never deletes or rewrites a file it could not understand.
//
// Layout:
//   <directory>/index.json                 summaries for the list (a cache: rebuilt from the files when in doubt)
//   <directory>/conversations/<id>.json    { "version": 1, "conversation": { ... } }
// Conversations live in their own folder so that no conversation id (say, "index") can collide with the index.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import type {
  Conversation,
  ConversationSummary,
  ErrorAction,
  ModelErrorKind,
  Turn,
  TurnError,
  TurnStatus,
} from './conversation';
import { isSafeId } from './ids';
import { errorCode, writeFileAtomically } from '../atomicFile';

/** The format this code writes. A file with a higher version is reported and kept, never rewritten. */
export const HISTORY_FORMAT_VERSION = 1;

/** A conversation file that could not be used: left out of the list and left untouched on disk. */
export interface HistoryProblem {
  /** Full path of the file. */
  readonly file: string;
  /** What is wrong, naming the file and saying it was kept, in words a person can act on. */
  readonly message: string;
}

export interface HistoryList {
  /** Newest first (by `updatedAt`). */
  readonly conversations: ConversationSummary[];
  /** Problems not reported before by this store. */
  readonly problems: HistoryProblem[];
}

/** The file operations the store uses, so a test can make one of them fail the way a crash or full disk would. */
export type HistoryFileSystem = Pick<typeof nodeFs, 'mkdir' | 'open' | 'readdir' | 'readFile' | 'rename' | 'rm' | 'stat'>;

export interface HistoryStoreOptions {
  readonly fs?: HistoryFileSystem;
}

const INDEX_FILE = 'index.json';
/** Which conversation was open last, so a window reload reopens it. */
const ACTIVE_FILE = 'active.json';
const CONVERSATIONS_FOLDER = 'conversations';
const CONVERSATION_FILE = /^[A-Za-z0-9_-]{1,64}\.json$/;
/** Files read at once while rebuilding the index: enough to overlap I/O, few enough to stay clear of EMFILE. */
const READ_CONCURRENCY = 16;

/** Size and modification time of a conversation file when the index entry was made; a change means "read it again". */
interface Fingerprint {
  readonly size: number;
  readonly mtimeMs: number;
}

/** One conversation file as the index knows it: its summary, or why it cannot be read (the reason only). */
type IndexEntry = Fingerprint & { readonly file: string } & (
    | { readonly summary: ConversationSummary }
    | { readonly problem: string }
  );

export class HistoryStore {
  private readonly fs: HistoryFileSystem;
  private readonly conversationsDir: string;
  private readonly indexFile: string;
  private readonly activeFile: string;
  /** `file + message` of every problem already returned by list(), so each is reported once. */
  private readonly reported = new Set<string>();
  /** Every write (and the index rebuild in list) runs in call order, so the last save of an id wins. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(directory: string, options: HistoryStoreOptions = {}) {
    this.fs = options.fs ?? nodeFs;
    this.conversationsDir = path.join(directory, CONVERSATIONS_FOLDER);
    this.indexFile = path.join(directory, INDEX_FILE);
    this.activeFile = path.join(directory, ACTIVE_FILE);
  }

  /** Remembers the open conversation (undefined: none), written atomically like everything else here. */
  async setActive(id: string | undefined): Promise<void> {
    if (id !== undefined) checkId(id);
    await this.serialize(async () => {
      await this.fs.mkdir(path.dirname(this.activeFile), { recursive: true });
      await this.writeAtomically(this.activeFile, JSON.stringify({ version: HISTORY_FORMAT_VERSION, id: id ?? null }));
    });
  }

  /** The conversation that was open last, if one was and its id is sound. */
  async getActive(): Promise<string | undefined> {
    try {
      const value: unknown = JSON.parse(await this.fs.readFile(this.activeFile, 'utf8'));
      const id = isRecord(value) ? value['id'] : undefined;
      return typeof id === 'string' && CONVERSATION_FILE.test(`${id}.json`) ? id : undefined;
    } catch {
      return undefined;
    }
  }

  /** Summaries of every readable saved conversation, newest first, and the files that could not be read. */
  list(): Promise<HistoryList> {
    return this.serialize(async () => {
      const entries = await this.reconcileIndex();
      const conversations: ConversationSummary[] = [];
      const problems: HistoryProblem[] = [];
      for (const entry of entries) {
        if ('summary' in entry) {
          conversations.push(entry.summary);
          continue;
        }
        const file = path.join(this.conversationsDir, entry.file);
        const problem = { file, message: problemMessage(file, entry.problem) };
        const key = `${problem.file}\n${problem.message}`;
        if (this.reported.has(key)) continue;
        this.reported.add(key);
        problems.push(problem);
      }
      conversations.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      return { conversations, problems };
    });
  }

  /** The saved conversation, or undefined when there is none. Throws (keeping the file) when it cannot be read. */
  async load(id: string): Promise<Conversation | undefined> {
    checkId(id);
    const file = this.fileFor(id);
    let text: string;
    try {
      text = await this.fs.readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw new Error(problemMessage(file, `it could not be read (${reasonOf(error)})`));
    }
    const parsed = parseConversationFile(text, id);
    if (typeof parsed === 'string') throw new Error(problemMessage(file, parsed));
    return parsed;
  }

  /** Writes the conversation atomically, then its index entry. Concurrent saves of one id: the last call wins. */
  async save(conversation: Conversation): Promise<void> {
    checkId(conversation.id);
    // Serialized now, so the file holds the conversation as it was at this call even if the write waits its turn.
    const text = serializeConversation(conversation);
    await this.serialize(() => this.write(summarize(conversation), text));
  }

  /** Gives a saved conversation a new title (keeping its place in the list). */
  async rename(id: string, title: string): Promise<void> {
    checkId(id);
    const clean = title.replace(/\s+/g, ' ').trim();
    if (clean === '') throw new Error('A conversation title cannot be empty.');
    await this.serialize(async () => {
      const conversation = await this.load(id);
      if (conversation === undefined) throw new Error(`There is no saved conversation "${id}" to rename.`);
      const renamed = { ...conversation, title: clean };
      await this.write(summarize(renamed), serializeConversation(renamed));
    });
  }

  /** Removes the conversation's file and its index entry. Deleting a conversation that is not there does nothing. */
  async delete(id: string): Promise<void> {
    checkId(id);
    await this.serialize(async () => {
      const file = this.fileFor(id);
      await this.fs.rm(file, { force: true });
      for (const key of this.reported) if (key.startsWith(`${file}\n`)) this.reported.delete(key);
      await this.updateIndex((entries) => entries.filter((entry) => entry.file !== path.basename(file)));
    });
  }

  private fileFor(id: string): string {
    return path.join(this.conversationsDir, `${id}.json`);
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.tail.then(operation);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async write(summary: ConversationSummary, text: string): Promise<void> {
    const file = this.fileFor(summary.id);
    await this.fs.mkdir(this.conversationsDir, { recursive: true });
    await this.writeAtomically(file, text);
    const fingerprint = await this.fingerprint(file);
    if (fingerprint === undefined) return;
    const entry: IndexEntry = { file: path.basename(file), ...fingerprint, summary };
    await this.updateIndex((entries) => [...entries.filter((e) => e.file !== entry.file), entry]);
  }

  private writeAtomically(target: string, text: string): Promise<void> {
    return writeFileAtomically(this.fs, target, text);
  }

  private async fingerprint(file: string): Promise<Fingerprint | undefined> {
    try {
      const stats = await this.fs.stat(file);
      return { size: stats.size, mtimeMs: stats.mtimeMs };
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * The index, brought in line with the files present: entries whose file is gone are dropped, and files that are
   * new or changed since their entry (size or mtime differ) are read again. Without a usable index every file is
   * read. Corrupt files get a problem entry, so they are not re-read on every list and are never written to.
   */
  private async reconcileIndex(): Promise<IndexEntry[]> {
    const names = await this.conversationFileNames();
    const stored = await this.readIndex();
    const known = new Map((stored ?? []).map((entry) => [entry.file, entry]));
    const present = new Set(names);
    let changed = stored === undefined ? names.length > 0 : stored.some((entry) => !present.has(entry.file));
    const toRead: { name: string; fingerprint: Fingerprint }[] = [];
    const entries: IndexEntry[] = [];
    for (const [name, fingerprint] of await Promise.all(
      names.map(async (name) => [name, await this.fingerprint(path.join(this.conversationsDir, name))] as const),
    )) {
      if (fingerprint === undefined) continue; // deleted since readdir
      const prior = known.get(name);
      if (prior !== undefined && prior.size === fingerprint.size && prior.mtimeMs === fingerprint.mtimeMs) {
        entries.push(prior);
      } else {
        toRead.push({ name, fingerprint });
      }
    }
    for (let i = 0; i < toRead.length; i += READ_CONCURRENCY) {
      const batch = toRead.slice(i, i + READ_CONCURRENCY);
      entries.push(...(await Promise.all(batch.map(({ name, fingerprint }) => this.readEntry(name, fingerprint)))));
      changed = true;
    }
    if (changed) await this.writeIndex(entries);
    return entries;
  }

  private async conversationFileNames(): Promise<string[]> {
    try {
      return (await this.fs.readdir(this.conversationsDir)).filter((name) => CONVERSATION_FILE.test(name)).sort();
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  /**
   * The fingerprint is taken before reading: if the file changes in between, the next list sees a newer
   * fingerprint and reads it again, instead of trusting a stale summary.
   */
  private async readEntry(name: string, fingerprint: Fingerprint): Promise<IndexEntry> {
    const file = path.join(this.conversationsDir, name);
    let text: string;
    try {
      text = await this.fs.readFile(file, 'utf8');
    } catch (error) {
      return { file: name, ...fingerprint, problem: `it could not be read (${reasonOf(error)})` };
    }
    const parsed = parseConversationFile(text, name.slice(0, -'.json'.length));
    if (typeof parsed === 'string') return { file: name, ...fingerprint, problem: parsed };
    return { file: name, ...fingerprint, summary: summarize(parsed) };
  }

  /** The stored index, or undefined when it is missing, unreadable or not in a shape this code wrote. */
  private async readIndex(): Promise<IndexEntry[] | undefined> {
    let value: unknown;
    try {
      value = JSON.parse(await this.fs.readFile(this.indexFile, 'utf8'));
    } catch {
      return undefined;
    }
    if (!isRecord(value) || value['version'] !== HISTORY_FORMAT_VERSION || !Array.isArray(value['entries'])) {
      return undefined;
    }
    const entries: IndexEntry[] = [];
    for (const entry of value['entries']) {
      const parsed = parseIndexEntry(entry);
      if (parsed === undefined) return undefined;
      entries.push(parsed);
    }
    return entries;
  }

  private async updateIndex(change: (entries: IndexEntry[]) => IndexEntry[]): Promise<void> {
    // A missing or unreadable index starts empty here; the next list() reads the files the index lacks.
    await this.writeIndex(change((await this.readIndex()) ?? []));
  }

  /**
   * The index is only a cache of what the conversation files say, so failing to write it must not fail a save
   * that already reached disk: the next list() sees the mismatch and reads the files again.
   */
  private async writeIndex(entries: readonly IndexEntry[]): Promise<void> {
    try {
      await this.fs.mkdir(path.dirname(this.indexFile), { recursive: true });
      await this.writeAtomically(this.indexFile, JSON.stringify({ version: HISTORY_FORMAT_VERSION, entries }));
    } catch {
      return;
    }
  }
}

function checkId(id: string): void {
  if (!isSafeId(id)) {
    throw new Error(`"${id.slice(0, 80)}" is not a usable conversation id (letters, digits, _ and -, at most 64).`);
  }
}

function problemMessage(file: string, reason: string): string {
  return `The saved conversation ${file} cannot be opened: ${reason}. The file was kept as it is.`;
}

function summarize(conversation: Conversation): ConversationSummary {
  const { id, title, updatedAt, turns } = conversation;
  return { id, title, updatedAt, turnCount: turns.length };
}

/**
 * The file's text. It is checked with the same parser that reads it back, so the store never writes a file it
 * would later call corrupt (a NaN time, say, turns into null in JSON).
 */
function serializeConversation(conversation: Conversation): string {
  const text = JSON.stringify({ version: HISTORY_FORMAT_VERSION, conversation });
  const parsed = parseConversationFile(text, conversation.id);
  if (typeof parsed === 'string') throw new Error(`Conversation ${conversation.id} cannot be saved: ${parsed}.`);
  return text;
}

// ---- Reading files back: JSON from disk is untrusted until every field has been checked. ----

class FormatError extends Error {}

function fail(reason: string): never {
  throw new FormatError(reason);
}

/** The conversation in a file's text, or why it is not one. */
function parseConversationFile(text: string, id: string): Conversation | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `it is not valid JSON (${reasonOf(error)})`;
  }
  try {
    if (!isRecord(value)) fail('it is not a Parley conversation file');
    const version = value['version'];
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      fail('it is not a Parley conversation file (no format version)');
    }
    if (version > HISTORY_FORMAT_VERSION) fail(`it was saved by a newer version of Parley (format ${version})`);
    const conversation = parseConversation(value['conversation']);
    if (conversation.id !== id) fail(`its id "${conversation.id}" does not match its file name`);
    return conversation;
  } catch (error) {
    if (error instanceof FormatError) return error.message;
    throw error;
  }
}

function parseConversation(value: unknown): Conversation {
  const record = expectRecord(value, 'conversation');
  const turns = record['turns'];
  if (!Array.isArray(turns)) fail('conversation.turns is not a list');
  return {
    id: expectString(record['id'], 'conversation.id'),
    title: expectString(record['title'], 'conversation.title'),
    createdAt: expectTime(record['createdAt'], 'conversation.createdAt'),
    updatedAt: expectTime(record['updatedAt'], 'conversation.updatedAt'),
    turns: turns.map((turn: unknown, i) => parseTurn(turn, `turns[${i}]`)),
  };
}

const TURN_STATUSES = { streaming: true, done: true, stopped: true, error: true } satisfies Record<TurnStatus, true>;
const ERROR_KINDS = {
  auth: true,
  'model-not-found': true,
  'rate-limit': true,
  server: true,
  connection: true,
  idle: true,
  timeout: true,
  'bad-response': true,
  'not-configured': true,
  unknown: true,
} satisfies Record<ModelErrorKind, true>;
const ERROR_ACTIONS = { 'set-key': true, 'pick-model': true, retry: true, 'open-settings': true } satisfies Record<
  ErrorAction,
  true
>;

function parseTurn(value: unknown, where: string): Turn {
  const record = expectRecord(value, where);
  const role = record['role'];
  if (role !== 'user' && role !== 'assistant') fail(`${where}.role is not "user" or "assistant"`);
  const status = record['status'];
  if (typeof status !== 'string' || !isKeyOf(TURN_STATUSES, status)) fail(`${where}.status is not a known status`);
  const model = record['model'] === undefined ? undefined : expectString(record['model'], `${where}.model`);
  const error = record['error'] === undefined ? undefined : parseTurnError(record['error'], `${where}.error`);
  const redactions = Array.isArray(record['redactions'])
    ? record['redactions'].flatMap((r: unknown) =>
        isRecord(r) && typeof r['line'] === 'number' && typeof r['kind'] === 'string' ? [{ line: r['line'], kind: r['kind'] }] : [],
      )
    : [];
  return {
    id: expectString(record['id'], `${where}.id`),
    role,
    text: expectString(record['text'], `${where}.text`),
    status,
    createdAt: expectTime(record['createdAt'], `${where}.createdAt`),
    ...(model === undefined ? {} : { model }),
    ...(error === undefined ? {} : { error }),
    ...(redactions.length > 0 ? { redactions } : {}),
    ...answerFacts(record),
  };
}

/**
 * The optional facts of an answer (reasoning, usage, time, cost, summary). They only add to what is shown, so a
 * malformed one is dropped rather than failing the file.
 */
function answerFacts(record: Record<string, unknown>): Partial<Turn> {
  const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  const facts: { -readonly [K in keyof Turn]?: Turn[K] } = {};
  const reasoning = record['reasoning'];
  if (isRecord(reasoning) && typeof reasoning['text'] === 'string') {
    const ms = num(reasoning['ms']);
    facts.reasoning = { text: reasoning['text'], ...(ms === undefined ? {} : { ms }) };
  }
  const usage = record['usage'];
  if (isRecord(usage)) {
    const prompt = num(usage['prompt']);
    const completion = num(usage['completion']);
    const cached = num(usage['cached']);
    const thought = num(usage['reasoning']);
    if (prompt !== undefined && completion !== undefined) {
      facts.usage = { prompt, completion, ...(cached === undefined ? {} : { cached }), ...(thought === undefined ? {} : { reasoning: thought }) };
    }
  }
  const elapsedMs = num(record['elapsedMs']);
  if (elapsedMs !== undefined) facts.elapsedMs = elapsedMs;
  const cost = num(record['cost']);
  if (cost !== undefined) facts.cost = cost;
  const summaryOf = record['summaryOf'];
  if (isRecord(summaryOf) && num(summaryOf['turns']) !== undefined) facts.summaryOf = { turns: num(summaryOf['turns']) ?? 0 };
  return facts;
}

/** A kind or action this version does not know (a newer Parley may add some) degrades instead of failing the file. */
function parseTurnError(value: unknown, where: string): TurnError {
  const record = expectRecord(value, where);
  const kind = expectString(record['kind'], `${where}.kind`);
  const action = record['action'] === undefined ? undefined : expectString(record['action'], `${where}.action`);
  return {
    kind: isKeyOf(ERROR_KINDS, kind) ? kind : 'unknown',
    message: expectString(record['message'], `${where}.message`),
    action: action !== undefined && isKeyOf(ERROR_ACTIONS, action) ? action : undefined,
  };
}

function parseIndexEntry(value: unknown): IndexEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { file, size, mtimeMs, summary, problem } = value;
  if (typeof file !== 'string' || !CONVERSATION_FILE.test(file)) return undefined;
  if (typeof size !== 'number' || typeof mtimeMs !== 'number') return undefined;
  if (typeof problem === 'string') return { file, size, mtimeMs, problem };
  if (
    !isRecord(summary) ||
    summary['id'] !== file.slice(0, -'.json'.length) ||
    typeof summary['title'] !== 'string' ||
    typeof summary['updatedAt'] !== 'number' ||
    typeof summary['turnCount'] !== 'number'
  ) {
    return undefined;
  }
  const parsed = { id: summary['id'], title: summary['title'], updatedAt: summary['updatedAt'], turnCount: summary['turnCount'] };
  return { file, size, mtimeMs, summary: parsed };
}

function isKeyOf<T extends object>(table: T, value: string): value is Extract<keyof T, string> {
  return Object.hasOwn(table, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectRecord(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) fail(`${where} is missing or not an object`);
  return value;
}

function expectString(value: unknown, where: string): string {
  if (typeof value !== 'string') fail(`${where} is missing or not text`);
  return value;
}

function expectTime(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} is missing or not a time`);
  return value;
}

function reasonOf(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
}
