// The `#` picker's matching: the letters typed must appear in order in a workspace path, the way VS Code's
// Quick Open matches. Matches in the file name, at the start of a word and in a run rank higher. Runs in the
// webview on every keystroke, over lists of tens of thousands of paths, so it does no allocation per path
// that does not match.

export interface FuzzyMatch {
  readonly path: string;
  readonly score: number;
  /** Offsets in the path of the matched characters, to highlight them. */
  readonly positions: readonly number[];
}

const isSeparator = (code: number): boolean =>
  code === 47 /* / */ || code === 92 /* \ */ || code === 95 /* _ */ || code === 45 /* - */ || code === 46 /* . */ || code === 32;

/**
 * Scores one path against a lowercased query, or returns -1 when the query's characters are not all in it in
 * order. Greedy from the file name backwards would miss some better alignments; the small gain is not worth a
 * dynamic programme per path at 20,000 paths a keystroke.
 */
function score(path: string, lower: string, query: string, positions: number[] | undefined): number {
  const nameStart = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
  // Prefer matching inside the file name: try there first, and fall back to the whole path.
  let total = scoreFrom(path, lower, query, nameStart, positions);
  if (total >= 0) return total + 40;
  if (positions) positions.length = 0;
  total = scoreFrom(path, lower, query, 0, positions);
  return total;
}

function scoreFrom(path: string, lower: string, query: string, start: number, positions: number[] | undefined): number {
  let total = 0;
  let at = start;
  let previous = -2;
  for (let q = 0; q < query.length; q++) {
    const found = lower.indexOf(query[q]!, at);
    if (found < 0) return -1;
    let points = 1;
    if (found === previous + 1) points += 5;
    if (found === 0 || isSeparator(path.charCodeAt(found - 1))) points += 8;
    else if (path.charCodeAt(found) !== lower.charCodeAt(found)) points += 4; // camelCase hump
    total += points;
    positions?.push(found);
    previous = found;
    at = found + 1;
  }
  // Shorter paths win ties: `src/csv.ts` over `src/vendor/old/csv-parser-test.ts`.
  return total * 100 - path.length;
}

/** The best `limit` paths for the query, best first; an empty query lists the first paths as given. */
export function fuzzyFilter(paths: readonly string[], query: string, limit = 50): FuzzyMatch[] {
  const needle = query.trim().toLowerCase().replace(/\s+/g, '');
  if (needle === '') return paths.slice(0, limit).map((path) => ({ path, score: 0, positions: [] }));
  const best: { path: string; score: number }[] = [];
  let floor = -Infinity;
  for (const path of paths) {
    if (path.length < needle.length) continue;
    const s = score(path, path.toLowerCase(), needle, undefined);
    if (s < 0 || (best.length >= limit && s <= floor)) continue;
    best.push({ path, score: s });
    if (best.length > limit * 4) {
      best.sort((a, b) => b.score - a.score);
      best.length = limit;
      floor = best[limit - 1]!.score;
    }
  }
  best.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
  return best.slice(0, limit).map(({ path, score: s }) => {
    const positions: number[] = [];
    score(path, path.toLowerCase(), needle, positions);
    return { path, score: s, positions };
  });
}
