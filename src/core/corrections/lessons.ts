// Lessons: the few recent corrections most like the code being asked about, put into the prompt as short
// before/after examples (issue 7), so the model sees what this person changed in its earlier proposals. Only
// corrections teach here (a plain accept says nothing new, a plain reject not what to do instead); relevance is
// the same language first, then the nearest path, then the newest, within a small token budget.
import type { CorrectionExample } from './example';
import { estimateTokens } from '../chat/prompt';
import { fenced } from '../context/items';

export interface LessonQuery {
  /** The language of the file being asked about. */
  readonly languageId: string;
  /** Its workspace-relative path. */
  readonly path: string;
  /** Now, in ms since the epoch (as Date.now()). */
  readonly now: number;
  /** At most this many lessons (3). */
  readonly limit?: number;
  /** The lessons' text stays within this many tokens by estimateTokens (600). */
  readonly maxTokens?: number;
  /** Corrections older than this many days are not used: the code they were about has likely moved on (90). */
  readonly maxAgeDays?: number;
}

const HEADING = 'Corrections this person made to earlier proposals:';
/** Lines one side of a lesson may show, and characters of the question it recalls. */
const LESSON_MAX_LINES = 12;
const QUESTION_MAX_CHARS = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The corrections to show as lessons, most relevant first. */
export function selectLessons(examples: readonly CorrectionExample[], query: LessonQuery): CorrectionExample[] {
  const { limit = 3, maxTokens = 600, maxAgeDays = 90 } = query;
  const oldest = query.now - maxAgeDays * DAY_MS;
  const here = segments(query.path);
  const ranked = examples
    .filter((e) => (e.kind === 'corrected' || e.kind === 'partial') && e.changes.length > 0 && e.createdAt >= oldest)
    .map((example) => ({
      example,
      sameLanguage: example.languageId === query.languageId,
      nearness: Math.max(0, ...example.paths.map((p) => shared(here, segments(p)))),
    }))
    .sort((a, b) => Number(b.sameLanguage) - Number(a.sameLanguage) || b.nearness - a.nearness || b.example.createdAt - a.example.createdAt);
  const chosen: CorrectionExample[] = [];
  for (const { example } of ranked) {
    if (chosen.length >= limit) break;
    // A long lesson that does not fit leaves room for a shorter, less relevant one.
    if (estimateTokens(lessonText([...chosen, example])) <= maxTokens) chosen.push(example);
  }
  return chosen;
}

function segments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

/** How many leading path segments two paths share; the file itself counts, so the same file beats its folder. */
function shared(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[count] === b[count]) count++;
  return count;
}

/** The lessons as one section of the prompt: for each, what was asked, the model's lines and the person's. '' for none. */
export function lessonText(examples: readonly CorrectionExample[]): string {
  if (examples.length === 0) return '';
  const parts = examples.map((example, index) => {
    const asked = questionOf(example);
    const head = `${index + 1}.${asked === '' ? '' : ` Asked: "${asked}"`}`;
    const changes = example.changes.map(
      (change) =>
        `In ${change.path} the model proposed:\n${fenced(example.languageId, clipped(change.model))}\n` +
        (change.accepted.trim() === ''
          ? 'The person kept none of it.'
          : `The person accepted instead:\n${fenced(example.languageId, clipped(change.accepted))}`),
    );
    return [head, ...changes].join('\n');
  });
  return [HEADING, ...parts].join('\n\n');
}

/** The question the person asked, without the context sent with it, on one short line. */
function questionOf(example: CorrectionExample): string {
  const last = [...example.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const marker = last.lastIndexOf('Question:\n');
  const question = marker >= 0 ? last.slice(marker + 'Question:\n'.length) : last;
  const line = question.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > QUESTION_MAX_CHARS ? `${line.slice(0, QUESTION_MAX_CHARS - 1)}…` : line;
}

function clipped(text: string): string {
  const lines = text.split('\n');
  if (lines.length <= LESSON_MAX_LINES) return text;
  return [...lines.slice(0, LESSON_MAX_LINES), `… (${lines.length - LESSON_MAX_LINES} more lines)`].join('\n');
}
