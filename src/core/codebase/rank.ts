// Putting rankings together and choosing what #codebase sends. The lexical rank (BM25 over identifier words) is
// the base; a chunk a language server names as a symbol matching the question gets a boost (it may not even be
// among the lexical hits); the ranks from embeddings, when there are any, are fused by reciprocal rank, which
// needs no common scale between BM25 scores and cosine similarities.

export interface Scored<Id> {
  readonly id: Id;
  readonly score: number;
}

/**
 * Adds `weight` × the best lexical score to each chunk the symbol search found (once per chunk), best first.
 * Chunks found only by symbol come in with the boost alone.
 */
export function boostSymbols<Id>(lexical: readonly Scored<Id>[], symbolHits: readonly Id[], weight = 0.5): Scored<Id>[] {
  const top = lexical[0]?.score ?? 1;
  const scores = new Map<Id, number>(lexical.map((s) => [s.id, s.score]));
  for (const id of new Set(symbolHits)) scores.set(id, (scores.get(id) ?? 0) + weight * top);
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/** Reciprocal rank fusion: Σ 1/(k + rank) over the lists a chunk is in (rank from 1), best first. */
export function fuseRanks<Id>(lists: readonly (readonly Id[])[], k = 60): Scored<Id>[] {
  const scores = new Map<Id, number>();
  for (const list of lists) list.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1)));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

export interface Candidate {
  readonly path: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly tokens: number;
}

/**
 * The candidates to send, best first: as many as fit `budget` tokens, at most `limit`, none overlapping another
 * already chosen from the same file (overlapping windows would send the same lines twice).
 */
export function withinBudget<C extends Candidate>(ranked: readonly C[], budget: number, limit: number): C[] {
  const chosen: C[] = [];
  let used = 0;
  for (const c of ranked) {
    if (chosen.length >= limit) break;
    if (used + c.tokens > budget) continue;
    if (chosen.some((o) => o.path === c.path && o.startLine <= c.endLine && c.startLine <= o.endLine)) continue;
    chosen.push(c);
    used += c.tokens;
  }
  return chosen;
}
