// The clarifying-question convention: when the model needs the person to choose, it ends its answer with one line
// `Options: A | B | C`, and the view shows those as buttons instead of the line. The prompt's wording and the
// parser live together so that they cannot drift apart.

/** The sentence the system prompt uses to ask for the convention parseQuickReplies reads. */
export const QUICK_REPLY_INSTRUCTION =
  'When you ask a clarifying question with a few likely answers, end your reply with one last line ' +
  '"Options: first | second | third" (2 to 5 short options, separated by " | ").';

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 5;
const MAX_OPTION_LENGTH = 80;

export interface QuickReplies {
  /** The answer without its options line (and without the blank lines before it). */
  readonly body: string;
  /** The options in order; empty when the answer offers none. */
  readonly options: string[];
}

// `Options:`, `**Options:**`, `**Options**:`, `*Options:*`, `__Options:__`, `**Options: A | B**`, optionally as a
// list item `- …`. Groups: the opening emphasis, one before and one after the colon, and the list.
const OPTIONS_LINE = /^[ \t]*(?:[-*+][ \t]+)?(\*\*|__|\*|_)?options(\*\*|__|\*|_)?:(\*\*|__|\*|_)?[ \t]*(.*?)[ \t]*$/i;
const FENCE = /^[ \t]*(`{3,}|~{3,})(.*)$/;

/** Whether a fenced code block is still open after these lines: a line after them would be code. */
function endsInFence(lines: readonly string[]): boolean {
  let open: { char: string; length: number } | undefined;
  for (const line of lines) {
    const match = FENCE.exec(line);
    const marker = match?.[1];
    if (marker === undefined) continue;
    if (open) {
      if (marker[0] === open.char && marker.length >= open.length && match?.[2]?.trim() === '') open = undefined;
    } else if (!(marker[0] === '`' && match?.[2]?.includes('`'))) {
      open = { char: marker[0] ?? '`', length: marker.length };
    }
  }
  return open !== undefined;
}

/** The list after `Options:`, with the label's emphasis closed wherever it was; undefined when it is unbalanced. */
function withoutEmphasis(
  open: string | undefined,
  beforeColon: string | undefined,
  afterColon: string | undefined,
  list: string,
): string | undefined {
  if (open === undefined) return beforeColon === undefined && afterColon === undefined ? list : undefined;
  const closedAtColon =
    (beforeColon === open && afterColon === undefined) || (afterColon === open && beforeColon === undefined);
  if (closedAtColon) return list;
  if (beforeColon === undefined && afterColon === undefined && list.endsWith(open)) return list.slice(0, -open.length);
  return undefined;
}

function parseOptions(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const options = list.replace(/\.$/, '').split('|').map((option) => option.trim());
  const valid =
    options.length >= MIN_OPTIONS &&
    options.length <= MAX_OPTIONS &&
    options.every((option) => option.length >= 1 && option.length <= MAX_OPTION_LENGTH);
  return valid ? options : undefined;
}

/** Splits an answer into its body and the quick replies offered by a final `Options: A | B | C` line. */
export function parseQuickReplies(text: string): QuickReplies {
  const none = { body: text, options: [] };
  const trimmed = text.trimEnd();
  const start = Math.max(trimmed.lastIndexOf('\n'), trimmed.lastIndexOf('\r')) + 1;
  const match = OPTIONS_LINE.exec(trimmed.slice(start));
  if (!match) return none;
  const options = parseOptions(withoutEmphasis(match[1], match[2], match[3], match[4] ?? ''));
  if (options === undefined) return none;
  const body = trimmed.slice(0, start);
  if (endsInFence(body.split(/\r\n|\r|\n/))) return none;
  return { body: body.trimEnd(), options };
}
