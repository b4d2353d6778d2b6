// A correction example: what a decided proposal teaches. The messages that led to the model's answer, the answer,
// and the same answer with the person's accepted text in place of the model's (issue 7). A model learns best from
// its own output corrected, so the corrected answer keeps the model's words and format and changes only the code
// the person changed; when that cannot be done with certainty, it is rebuilt from the diff instead, and says so.
import { correctInPlace, editBlocksFor, proseOf } from './answer';
import type { FileOutcome } from './answer';
import { applyHunks, hunksOf, lineChanges, linesOf } from '../edits/hunks';
import { sameLines } from '../edits/layout';
import { parseEdits } from '../edits/parse';
import { planEdits } from '../edits/plan';
import { acceptedHunks } from '../edits/proposal';
import type { HunkStatus, ProposalFile } from '../edits/proposal';
import type { ChatMessage } from '../model/types';

/** One decided proposal as the host hands it over. */
export interface CorrectionSource {
  readonly proposalId: string;
  readonly createdAt: number;
  /** The messages exactly as sent for the answer (system first, then the conversation, the last one the question with its context), secrets already replaced. */
  readonly messages: readonly ChatMessage[];
  /** The model's whole answer (markdown with the edit blocks). */
  readonly answer: string;
  readonly files: readonly CorrectionSourceFile[];
}

export interface CorrectionSourceFile {
  readonly path: string;
  readonly languageId: string;
  readonly isNew: boolean;
  /** The text the edit was planned against ('' for a new file). */
  readonly base: string;
  /** The model's text for the whole file. */
  readonly modelText: string;
  /** The proposal after the person's corrections in the diff editor. */
  readonly proposed: string;
  /** Keyed by the ids of hunksOf(base, proposed); a hunk not listed was not accepted. */
  readonly status: Readonly<Record<string, HunkStatus>>;
}

export type CorrectionKind = 'corrected' | 'partial' | 'accepted' | 'rejected';

/** One stretch of the model's text next to what the person accepted for it, a few lines of context included. */
export interface CorrectionChange {
  readonly path: string;
  readonly model: string;
  readonly accepted: string;
}

export interface CorrectionExample {
  readonly version: 1;
  /** The proposal's id: one example per proposal. */
  readonly id: string;
  readonly createdAt: number;
  /**
   * corrected: the person changed text of hunks they accepted; partial: they accepted some hunks and not others;
   * accepted: everything as the model proposed it; rejected: nothing accepted.
   */
  readonly kind: CorrectionKind;
  readonly paths: readonly string[];
  /** The language of the first file that changed (else the first file). */
  readonly languageId: string;
  readonly messages: readonly ChatMessage[];
  readonly modelAnswer: string;
  /** The model's answer with the person's accepted text in place of the model's (unchanged for 'accepted'). */
  readonly correctedAnswer: string;
  /**
   * True when the person's text could not be put in place in the model's answer: correctedAnswer is then the
   * answer's prose followed by SEARCH/REPLACE blocks made from each file's base and accepted text.
   */
  readonly rebuilt: boolean;
  /** Per changed file, the model's text for the changed stretches and what the person accepted: short, for lessons and the view. */
  readonly changes: readonly CorrectionChange[];
}

/** Lines of context around each stretch in `changes`, and the most lines one side of a change keeps. */
const CHANGE_CONTEXT = 2;
const CHANGE_MAX_LINES = 40;

/**
 * The example a decided proposal makes, or undefined when there is nothing to learn from (no messages, no files).
 * Never throws: the source is assembled from several places in the host, and a bad record must not break accepting.
 */
export function buildExample(source: CorrectionSource): CorrectionExample | undefined {
  try {
    return build(source);
  } catch {
    return undefined;
  }
}

interface Outcome extends FileOutcome {
  readonly file: CorrectionSourceFile;
  readonly anyAccepted: boolean;
  readonly corrected: boolean;
}

function build(source: CorrectionSource): CorrectionExample | undefined {
  const messages = Array.isArray(source.messages) ? source.messages.filter(isMessage).map(({ role, content }) => ({ role, content })) : [];
  const files = Array.isArray(source.files) ? source.files.filter(isSourceFile) : [];
  if (messages.length === 0 || files.length === 0) return undefined;
  const answer = typeof source.answer === 'string' ? source.answer : '';
  const outcomes = files.map(outcomeOf);
  const kind = kindOf(outcomes);
  const { correctedAnswer, rebuilt } =
    kind === 'accepted' ? { correctedAnswer: answer, rebuilt: false } : corrected(answer, outcomes);
  const changedFile = outcomes.find((o) => !sameLines(o.modelText, o.finalText))?.file;
  return {
    version: 1,
    id: String(source.proposalId),
    createdAt: Number.isFinite(source.createdAt) ? source.createdAt : 0,
    kind,
    paths: files.map((f) => f.path),
    languageId: (changedFile ?? files[0])?.languageId ?? '',
    messages,
    modelAnswer: answer,
    correctedAnswer,
    rebuilt,
    changes: outcomes.flatMap(changeOf),
  };
}

function isMessage(value: unknown): value is ChatMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { role, content } = value as Record<string, unknown>;
  return (role === 'system' || role === 'user' || role === 'assistant') && typeof content === 'string';
}

function isSourceFile(value: unknown): value is CorrectionSourceFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Record<string, unknown>;
  const texts = [file['path'], file['base'], file['modelText'], file['proposed']];
  return texts.every((t) => typeof t === 'string') && typeof file['status'] === 'object' && file['status'] !== null;
}

/** What the person ended with for one file: the base with the accepted hunks of their (maybe corrected) proposal. */
function outcomeOf(file: CorrectionSourceFile): Outcome {
  const languageId = typeof file.languageId === 'string' ? file.languageId : '';
  const normal = { ...file, languageId, isNew: file.isNew === true };
  const hunks = hunksOf(file.base, file.proposed);
  const proposal: ProposalFile = { ...normal, hunks, status: file.status };
  const accepted = new Set(hunks.filter((h) => file.status[h.id] === 'accepted').map((h) => h.id));
  const corrected = acceptedHunks(proposal).some((h) => h.modelLines.join('\n') !== h.acceptedLines.join('\n'));
  return {
    file: normal,
    modelText: file.modelText,
    finalText: applyHunks(file.base, hunks, accepted),
    anyAccepted: accepted.size > 0,
    corrected,
  };
}

function kindOf(outcomes: readonly Outcome[]): CorrectionKind {
  if (!outcomes.some((o) => o.anyAccepted)) return 'rejected';
  if (outcomes.some((o) => o.corrected)) return 'corrected';
  return outcomes.every((o) => sameLines(o.modelText, o.finalText)) ? 'accepted' : 'partial';
}

/**
 * The answer corrected in place when every change can be placed and, where the answer can be replayed (its blocks
 * name their files and give the model's text), replaying the corrected answer gives exactly what the person
 * accepted; else the rebuilt answer.
 */
function corrected(answer: string, outcomes: readonly Outcome[]): { correctedAnswer: string; rebuilt: boolean } {
  const inPlace = correctInPlace(answer, outcomes);
  if (inPlace !== undefined && replaysCorrected(inPlace, answer, outcomes)) return { correctedAnswer: inPlace, rebuilt: false };
  return { correctedAnswer: rebuiltAnswer(answer, outcomes), rebuilt: true };
}

/**
 * Whether planning the corrected answer against the bases gives what the person accepted. An answer that cannot be
 * replayed (a snippet meant for the selection, paths the host resolved differently) is checked only when the
 * model's own answer replays to the model's text: otherwise replaying says nothing about the correction.
 */
function replaysCorrected(corrected: string, original: string, outcomes: readonly Outcome[]): boolean {
  if (!replays(original, outcomes, (o) => o.modelText)) return true;
  return replays(corrected, outcomes, (o) => o.finalText);
}

function replays(answer: string, outcomes: readonly Outcome[], want: (o: Outcome) => string): boolean {
  const blocks = parseEdits(answer);
  if (blocks.some((b) => b.kind === 'snippet')) return false;
  const byPath = new Map(outcomes.map((o) => [o.file.path, o.file]));
  const plan = planEdits(blocks, (path) => {
    const file = byPath.get(path);
    return file === undefined || file.isNew ? undefined : file.base;
  }, {});
  return outcomes.every((o) => {
    const edit = plan.files.find((f) => f.path === o.file.path);
    const expected = want(o);
    if (sameLines(expected, o.file.base)) return edit === undefined || sameLines(edit.proposed, o.file.base);
    return edit !== undefined && sameLines(edit.proposed, expected);
  });
}

/** The answer's explanation, then one block per file that changed, from its base to what the person accepted. */
function rebuiltAnswer(answer: string, outcomes: readonly Outcome[]): string {
  const blocks = outcomes
    .map((o) => editBlocksFor(o.file.path, o.file.languageId, o.file.isNew ? '' : o.file.base, o.finalText))
    .filter((block) => block !== '');
  return [proseOf(answer), ...blocks].filter((part) => part !== '').join('\n\n');
}

/** The model's changed stretches of one file and the person's lines for them, with a little context. */
function changeOf(outcome: Outcome): CorrectionChange[] {
  const model = linesOf(outcome.modelText).lines;
  const final = linesOf(outcome.finalText).lines;
  const windows: { from: number; to: number; finalFrom: number; finalTo: number }[] = [];
  for (const change of lineChanges(model, final)) {
    const before = Math.min(CHANGE_CONTEXT, change.baseStart);
    const after = Math.min(CHANGE_CONTEXT, model.length - change.baseEnd);
    const window = {
      from: change.baseStart - before,
      to: change.baseEnd + after,
      finalFrom: change.otherStart - before,
      finalTo: change.otherEnd + after,
    };
    // Context lines are the same on both sides, so windows that overlap in the model overlap in the final text.
    const last = windows.at(-1);
    if (last && window.from <= last.to) {
      last.to = window.to;
      last.finalTo = window.finalTo;
    } else windows.push(window);
  }
  if (windows.length === 0) return [];
  const side = (lines: readonly string[], pick: (w: (typeof windows)[number]) => [number, number]): string =>
    shortened(windows.flatMap((w, i) => [...(i > 0 ? ['…'] : []), ...lines.slice(...pick(w))]));
  return [
    {
      path: outcome.file.path,
      model: side(model, (w) => [w.from, w.to]),
      accepted: side(final, (w) => [w.finalFrom, w.finalTo]),
    },
  ];
}

function shortened(lines: readonly string[]): string {
  const kept = lines.length > CHANGE_MAX_LINES ? [...lines.slice(0, CHANGE_MAX_LINES), `… (${lines.length - CHANGE_MAX_LINES} more lines)`] : lines;
  return kept.join('\n');
}

/** Whether a value read back from disk is an example this version understands. */
export function isCorrectionExample(value: unknown): value is CorrectionExample {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    e['version'] === 1 &&
    typeof e['id'] === 'string' &&
    typeof e['createdAt'] === 'number' &&
    ['corrected', 'partial', 'accepted', 'rejected'].includes(String(e['kind'])) &&
    Array.isArray(e['paths']) &&
    typeof e['languageId'] === 'string' &&
    Array.isArray(e['messages']) &&
    e['messages'].every(isMessage) &&
    typeof e['modelAnswer'] === 'string' &&
    typeof e['correctedAnswer'] === 'string' &&
    Array.isArray(e['changes'])
  );
}
