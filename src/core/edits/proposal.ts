// A proposal: the model's edit of one or more files, as hunks a person accepts or rejects one by one. It keeps the
// text each file was planned against (base), the model's text, and the proposal as the person may have corrected
// it. Accepting applies the hunks' change onto the live text with a 3-way merge, so nothing the person typed since
// is lost: a hunk that collides with their edits becomes a conflict and is not applied. Plain data and pure
// functions: the host reads the live text and writes what comes back.
import { applyHunks, hunksOf, linesOf } from './hunks';
import type { Hunk } from './hunks';
import { rebase } from './rebase';
import { detectLineBreak } from './layout';
import type { Refusal } from './types';

export type HunkStatus = 'pending' | 'accepted' | 'rejected' | 'conflict';

export interface ProposalFile {
  readonly path: string;
  readonly isNew: boolean;
  /** The text the edit was planned against ('' for a new file). */
  readonly base: string;
  /** The model's text for the whole file. */
  readonly modelText: string;
  /** The proposal now: the model's text as the person corrected it. */
  readonly proposed: string;
  readonly hunks: readonly Hunk[];
  /** By hunk id; a hunk not listed is pending. */
  readonly status: Readonly<Record<string, HunkStatus>>;
}

export interface Proposal {
  readonly id: string;
  /** The answer it came from. */
  readonly turnId: string;
  readonly createdAt: number;
  readonly files: readonly ProposalFile[];
  readonly refused: readonly Refusal[];
}

/** What a person accepted, next to what the model proposed for the same lines: the raw material of corrections. */
export interface AcceptedHunk {
  readonly path: string;
  /** 0-based line of the base. */
  readonly baseStart: number;
  readonly baseLines: readonly string[];
  readonly modelLines: readonly string[];
  readonly acceptedLines: readonly string[];
}

export function proposalFile(path: string, base: string, modelText: string, isNew: boolean): ProposalFile {
  return { path, isNew, base, modelText, proposed: modelText, hunks: hunksOf(base, modelText), status: {} };
}

export const statusOf = (file: ProposalFile, hunkId: string): HunkStatus => file.status[hunkId] ?? 'pending';

export const pendingHunks = (file: ProposalFile): Hunk[] => file.hunks.filter((h) => statusOf(file, h.id) === 'pending');

export const isSettled = (proposal: Proposal): boolean => proposal.files.every((f) => pendingHunks(f).length === 0);

/** Where a hunk's base lines are, so a hunk keeps its decision when the person edits another one. */
const baseKey = (hunk: Hunk): string => `${hunk.baseStart}:${hunk.baseLines.length}`;

/**
 * The person edited the proposal side. Hunks are worked out again; each keeps its decision when its base lines and
 * its text are what they were, and a decided hunk whose text changed is pending again (unless already applied:
 * what is in the document stays decided, and a further change shows as a new pending hunk).
 */
export function withProposedText(file: ProposalFile, proposed: string): ProposalFile {
  if (proposed === file.proposed) return file;
  const before = new Map(file.hunks.map((h) => [baseKey(h), h]));
  const hunks = hunksOf(file.base, proposed);
  const status: Record<string, HunkStatus> = {};
  for (const hunk of hunks) {
    const old = before.get(baseKey(hunk));
    if (!old) continue;
    const kept = statusOf(file, old.id);
    const sameText = old.proposedLines.join('\n') === hunk.proposedLines.join('\n');
    if (kept !== 'pending' && (sameText || kept === 'rejected')) status[hunk.id] = sameText ? kept : 'pending';
  }
  return { ...file, proposed, hunks, status };
}

export interface Decision {
  readonly file: ProposalFile;
  /** The new live text to write, or undefined when nothing changes in the document. */
  readonly text: string | undefined;
  /** Hunks that collided with the person's own edits: not applied, marked as conflicts. */
  readonly conflicts: readonly string[];
}

/**
 * Accepts hunks of a file onto its live text (undefined for a file that does not exist yet). The change these hunks
 * make to what is already applied is merged into the live text; where the person's edits collide with a hunk, that
 * hunk is not applied and is marked as a conflict, and everything else goes in.
 */
export function acceptHunks(file: ProposalFile, hunkIds: readonly string[], live: string | undefined): Decision {
  const wanted = hunkIds.filter((id) => file.hunks.some((h) => h.id === id) && statusOf(file, id) !== 'accepted');
  if (wanted.length === 0) return { file, text: undefined, conflicts: [] };
  const lineBreak = detectLineBreak(live ?? file.base);
  const accepted = new Set(file.hunks.filter((h) => statusOf(file, h.id) === 'accepted').map((h) => h.id));
  const status: Record<string, HunkStatus> = { ...file.status };
  const conflicts: string[] = [];
  let text = live ?? file.base;
  // All at once when nothing collides (the common case, and one merge instead of one per hunk)...
  const before = applyHunks(file.base, file.hunks, accepted, lineBreak);
  const all = rebase(before, text, applyHunks(file.base, file.hunks, new Set([...accepted, ...wanted]), lineBreak));
  if (all.clean) {
    for (const id of wanted) status[id] = 'accepted';
    const changed = live === undefined || all.text !== live;
    return { file: { ...file, status }, text: changed ? all.text : undefined, conflicts };
  }
  // ...else one hunk at a time, so a collision blocks only the hunk that collides.
  for (const id of wanted) {
    const before = applyHunks(file.base, file.hunks, accepted, lineBreak);
    const after = applyHunks(file.base, file.hunks, new Set([...accepted, id]), lineBreak);
    const merged = rebase(before, text, after);
    if (!merged.clean) {
      status[id] = 'conflict';
      conflicts.push(id);
      continue;
    }
    text = merged.text;
    accepted.add(id);
    status[id] = 'accepted';
  }
  const changed = live === undefined ? accepted.size > 0 : text !== live;
  return { file: { ...file, status }, text: changed ? text : undefined, conflicts };
}

export function rejectHunks(file: ProposalFile, hunkIds: readonly string[]): ProposalFile {
  const status: Record<string, HunkStatus> = { ...file.status };
  for (const id of hunkIds) if (statusOf(file, id) !== 'accepted') status[id] = 'rejected';
  return { ...file, status };
}

/**
 * Each accepted hunk with the model's lines for the same stretch of the base, so a later feature can learn from
 * what the person changed. The model's lines come from the model's own hunk over the same base lines, or, when
 * the person's edit reshaped the hunks, from the model's text between the same unchanged neighbours.
 */
export function acceptedHunks(file: ProposalFile): AcceptedHunk[] {
  const modelHunks = hunksOf(file.base, file.modelText);
  const modelLines = linesOf(file.modelText).lines;
  return file.hunks
    .filter((h) => statusOf(file, h.id) === 'accepted')
    .map((hunk) => {
      const same = modelHunks.find((m) => m.baseStart === hunk.baseStart && m.baseLines.length === hunk.baseLines.length);
      return {
        path: file.path,
        baseStart: hunk.baseStart,
        baseLines: hunk.baseLines,
        modelLines: same ? same.proposedLines : modelStretch(modelHunks, modelLines, hunk),
        acceptedLines: hunk.proposedLines,
      };
    });
}

/**
 * The model's lines for the base lines [baseStart, baseStart + baseLines.length) of a hunk: where those base lines
 * begin and end in the model's text. A model hunk that straddles either edge is taken whole; a model insertion
 * right at the start belongs to the stretch, one right at the end only when the stretch itself is an insertion.
 */
function modelStretch(modelHunks: readonly Hunk[], modelLines: readonly string[], hunk: Hunk): string[] {
  const start = hunk.baseStart;
  const end = start + hunk.baseLines.length;
  const insertion = hunk.baseLines.length === 0;
  let from: number | undefined;
  let to: number | undefined;
  let shift = 0;
  for (const m of modelHunks) {
    const mEnd = m.baseStart + m.baseLines.length;
    const delta = m.proposedLines.length - m.baseLines.length;
    if (from === undefined) {
      if (m.baseStart === start && m.baseLines.length === 0) from = m.proposedStart;
      else if (m.baseStart <= start && start < mEnd) from = m.proposedStart;
      else if (m.baseStart >= start) from = start + shift;
    }
    if (to === undefined) {
      if (m.baseStart < end && end < mEnd) to = m.proposedStart + m.proposedLines.length;
      else if (m.baseStart === end && m.baseLines.length === 0 && insertion) to = m.proposedStart + m.proposedLines.length;
      else if (m.baseStart >= end) to = end + shift;
    }
    shift += delta;
  }
  from ??= start + shift;
  to ??= end + shift;
  return modelLines.slice(from, Math.max(from, to));
}
