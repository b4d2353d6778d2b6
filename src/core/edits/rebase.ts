// Puts an accepted proposal onto the document as it is now, without losing what the person typed meanwhile.
// A 3-way merge over lines: base is the text the proposal was made against, live the document now, target the base
// with the accepted hunks applied. Where only one side changed a stretch, that change is taken; where both changed
// the same stretch (or stretches that touch) differently, the live lines stay and a Conflict says so, so the UI can
// offer the proposal's lines for that spot instead. The region logic is diff3's (node-diff3's diff3MergeRegions),
// but on jsdiff's Myers diffs: node-diff3's own LCS took about 4 s on a 5,000-line file full of repeated lines
// ('}', blank) and cannot be bounded by a timeout.
import { joinLines, lineChanges, linesOf } from './hunks';
import type { LineChange } from './hunks';
import { detectLineBreak } from './layout';

export interface Conflict {
  /** 0-based line of the merged text where the conflict region (the person's live lines) starts. */
  readonly liveStart: number;
  /** How many lines of the merged text the region spans: ours.length (0 when the person deleted the stretch). */
  readonly lines: number;
  /** The person's live lines, kept in the merged text. */
  readonly ours: readonly string[];
  /** The proposal's lines for the same stretch, not applied. */
  readonly theirs: readonly string[];
  /** The lines both started from. */
  readonly base: readonly string[];
}

export interface Rebased {
  readonly text: string;
  readonly conflicts: readonly Conflict[];
  readonly clean: boolean;
}

type Side = 'live' | 'target';

interface SideChange extends LineChange {
  readonly side: Side;
}

/** Merges the proposal (`target`, made from `base`) into `live`. Live's line breaks are kept. */
export function rebase(base: string, live: string, target: string): Rebased {
  if (live === base) return { text: target, conflicts: [], clean: true };
  if (target === base || target === live) return { text: live, conflicts: [], clean: true };

  const original = linesOf(base).lines;
  const ours = linesOf(live);
  const theirs = linesOf(target).lines;
  const tagged = (changes: LineChange[], side: Side): SideChange[] => changes.map((change) => ({ ...change, side }));
  const changes = [...tagged(lineChanges(original, ours.lines), 'live'), ...tagged(lineChanges(original, theirs), 'target')].sort(
    (x, y) => x.baseStart - y.baseStart,
  );

  const lines: string[] = [];
  const breaks: (string | undefined)[] = [];
  const conflicts: Conflict[] = [];
  const keepLive = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      lines.push(ours.lines[i] ?? '');
      breaks.push(ours.breaks[i]);
    }
  };

  // `at` walks the base; `li` and `ti` are the matching lines of live and target.
  let at = 0;
  let li = 0;
  let ti = 0;
  for (const region of regionsOf(changes)) {
    keepLive(li, li + region.start - at);
    li += region.start - at;
    ti += region.start - at;
    const liveEnd = sideEnd(region, 'live', li);
    const targetEnd = sideEnd(region, 'target', ti);
    if (!region.changes.some((change) => change.side === 'live')) {
      for (const line of theirs.slice(ti, targetEnd)) {
        lines.push(line);
        breaks.push(undefined);
      }
    } else {
      const mine = ours.lines.slice(li, liveEnd);
      const proposed = theirs.slice(ti, targetEnd);
      const bothChanged = region.changes.some((change) => change.side === 'target');
      if (bothChanged && !equalLines(mine, proposed)) {
        conflicts.push({ liveStart: lines.length, lines: mine.length, ours: mine, theirs: proposed, base: original.slice(region.start, region.end) });
      }
      keepLive(li, liveEnd);
    }
    li = liveEnd;
    ti = targetEnd;
    at = region.end;
  }
  keepLive(li, ours.lines.length);

  // Lines from the proposal get the document's usual line break; a document the person cut down to one line has
  // none, and then the one it had before is the best guess.
  const withBreaks = [live, base, target].find((text) => /[\r\n]/.test(text)) ?? live;
  return { text: joinLines(lines, breaks, detectLineBreak(withBreaks)), conflicts, clean: conflicts.length === 0 };
}

/** Base lines [start, end) and the changes of either side in them. */
interface Region {
  start: number;
  end: number;
  readonly changes: SideChange[];
}

/** Groups changes (sorted by baseStart) that overlap or touch in the base, as diff3 does. */
function regionsOf(changes: readonly SideChange[]): Region[] {
  const regions: Region[] = [];
  for (const change of changes) {
    const open = regions.at(-1);
    if (open && change.baseStart <= open.end) {
      open.end = Math.max(open.end, change.baseEnd);
      open.changes.push(change);
    } else {
      regions.push({ start: change.baseStart, end: change.baseEnd, changes: [change] });
    }
  }
  return regions;
}

/**
 * Where one side's text for the region ends, given where it starts (`from`, matching region.start). Base lines the
 * side did not change map one to one, so past its last change in the region the side runs as long as the base.
 */
function sideEnd(region: Region, side: Side, from: number): number {
  let lastChange: SideChange | undefined;
  for (const change of region.changes) if (change.side === side) lastChange = change;
  if (!lastChange) return from + region.end - region.start;
  return lastChange.otherEnd + region.end - lastChange.baseEnd;
}

function equalLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}
