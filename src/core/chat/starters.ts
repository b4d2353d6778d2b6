// What the empty chat offers to ask, drawn from what is open: a click sends it. Short, concrete questions about the
// file and the function at the cursor read like what a person would type, which generic tips do not.

export interface StarterContext {
  /** The active file's name (not its path: the chip already says where it is). */
  readonly fileName?: string;
  /** The function, method or class around the cursor. */
  readonly symbol?: string;
  /** Lines of a non-empty selection, 1-based. */
  readonly selection?: { readonly start: number; readonly end: number };
}

/** At most three prompts, most specific first; with nothing open, ones about the workspace. */
export function starterPrompts(context: StarterContext): string[] {
  const { fileName, symbol, selection } = context;
  if (fileName === undefined) return ['Explain how this project is organized', 'Where should I start reading this code?'];
  const prompts: string[] = [];
  if (selection) {
    const lines = selection.start === selection.end ? `line ${selection.start}` : `lines ${selection.start}–${selection.end}`;
    prompts.push(`Explain ${lines} of ${fileName}`);
  } else {
    prompts.push(`Explain ${fileName}`);
  }
  prompts.push(`Find bugs in ${symbol ?? fileName}`);
  prompts.push(`Write tests for ${symbol ?? fileName}`);
  return prompts;
}
