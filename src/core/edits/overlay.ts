// Where a pending proposal shows in the file it changes: for each undecided hunk, the live lines it replaces and
// the lines it would add. The hunks are made against the text the proposal was planned on; the person may have
// typed since, so their positions are carried over to the live text through the changes between the two. A hunk
// whose lines the person has edited is still shown, at the start of their edit, marked as touched.
import { lineChanges, linesOf } from './hunks';
import type { LineChange } from './hunks';
import { pendingHunks } from './proposal';
import type { ProposalFile } from './proposal';

export interface HunkOverlay {
  readonly hunkId: string;
  /** 0-based live lines [start, end) the hunk replaces; start === end for a pure insertion before line `start`. */
  readonly start: number;
  readonly end: number;
  readonly added: readonly string[];
  readonly removed: number;
  /** The person changed some of these lines after the proposal was made: accepting may be a conflict. */
  readonly touched: boolean;
}

/** The pending hunks of `file` placed in `live`, in file order. */
export function overlayOf(file: ProposalFile, live: string): HunkOverlay[] {
  const pending = pendingHunks(file);
  if (pending.length === 0) return [];
  const changes = live === file.base ? [] : lineChanges(linesOf(file.base).lines, linesOf(live).lines);
  return pending.map((hunk) => {
    const from = toLive(changes, hunk.baseStart, 'start');
    const to = toLive(changes, hunk.baseStart + hunk.baseLines.length, 'end');
    const touched = changes.some((c) => c.baseStart < hunk.baseStart + Math.max(1, hunk.baseLines.length) && c.baseEnd > hunk.baseStart - (hunk.baseLines.length === 0 ? 1 : 0));
    return { hunkId: hunk.id, start: from, end: Math.max(from, to), added: hunk.proposedLines, removed: hunk.baseLines.length, touched };
  });
}

/**
 * The live line that base line `line` became: shifted by the changes above it. A line inside a change maps to the
 * change's start (or, for the end of a region, its end); lines the person inserted right at `line` come before a
 * region's start and after its end.
 */
function toLive(changes: readonly LineChange[], line: number, side: 'start' | 'end'): number {
  let shift = 0;
  for (const change of changes) {
    const inserted = change.baseStart === change.baseEnd;
    const above = change.baseEnd < line || (change.baseEnd === line && (!inserted || side === 'start'));
    if (above) shift += change.otherEnd - change.otherStart - (change.baseEnd - change.baseStart);
    else if (change.baseStart < line) return side === 'start' ? change.otherStart : change.otherEnd;
    else break;
  }
  return line + shift;
}
