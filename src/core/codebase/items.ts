// What #codebase adds: one chip per chunk it found (file, lines, tokens), each removable before the question
// goes, and the chip that says why nothing was added (still indexing, nothing matched). Plain data in and out.
import { estimateTokens } from '../chat/prompt';
import { baseName, exclusionOf, fenced, numbered, withheld } from '../context/items';
import type { ContextItem, ExclusionList } from '../context/items';
import { withinBudget } from './rank';

/** At most this many chunks go with one question, however small. */
export const MAX_CHUNKS = 8;
/** Tokens #codebase may use of the context window (an estimate; the chips then show the real counts). */
export const CHUNK_BUDGET_TOKENS = 6000;

export interface FoundChunk {
  readonly path: string;
  readonly languageId: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The names of the symbols in it ('' when none). */
  readonly symbols: string;
  /** The file's lines now (read again when the chip is made, so they are current). */
  readonly lines: readonly string[];
}

/** The chunk as a chip, or undefined when its file is excluded now or its lines are gone. */
export function chunkItem(chunk: FoundChunk, question: string, exclusions?: readonly ExclusionList[]): ContextItem | undefined {
  if (exclusionOf(chunk.path, exclusions)) return undefined;
  const endLine = Math.min(chunk.endLine, chunk.lines.length);
  if (chunk.startLine > endLine) return undefined;
  const span = `L${chunk.startLine}–${endLine}`;
  const what = chunk.symbols ? ` (${chunk.symbols.split(' ').slice(0, 3).join(', ')})` : '';
  return {
    id: `#codebase:${chunk.path}:${chunk.startLine}-${endLine}`,
    kind: chunk.symbols ? 'symbol' : 'selection',
    explicit: true,
    label: `${baseName(chunk.path)} ${span}`,
    detail: `Lines ${chunk.startLine}–${endLine} of ${chunk.path}${what}, found by #codebase for "${shorten(question)}".`,
    text: `From ${chunk.path}, lines ${chunk.startLine}–${endLine} (found by searching the workspace):\n${fenced(chunk.languageId, numbered(chunk.lines.slice(chunk.startLine - 1, endLine), chunk.startLine))}`,
    excluded: undefined,
    secret: false,
  };
}

/** The chips to add, best first, within the budget; overlapping chunks of one file are sent once. */
export function codebaseItems(ranked: readonly FoundChunk[], question: string, exclusions?: readonly ExclusionList[], budget = CHUNK_BUDGET_TOKENS): ContextItem[] {
  const candidates = ranked.flatMap((chunk) => {
    const item = chunkItem(chunk, question, exclusions);
    return item ? [{ path: chunk.path, startLine: chunk.startLine, endLine: chunk.endLine, tokens: estimateTokens(item.text), item }] : [];
  });
  return withinBudget(candidates, budget, MAX_CHUNKS).map((c) => c.item);
}

/** The chip shown when #codebase could add nothing, saying why (still indexing, nothing matched). */
export function codebaseNote(reason: string): ContextItem {
  return withheld('#codebase', 'workspace', 'codebase: nothing added', reason, false, true);
}

/** True when the question asks for #codebase by name (typed, not picked). */
export const asksForCodebase = (question: string): boolean => /(^|\s)#codebase\b/i.test(question);

/** The question without its `#codebase`, for the search. */
export const withoutCodebaseTag = (question: string): string => question.replace(/(^|\s)#codebase\b/gi, ' ').trim();

const shorten = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}…` : text);
