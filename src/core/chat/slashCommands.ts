// Slash commands typed at the start of the input: the built-in ones (/explain, /fix, /tests, /doc, /review, /new,
// /compact), backed by the refactor presets, and the project's prompt files (.github/prompts/*.prompt.md,
// .parley/prompts/*.md), whose body may hold ${selection}, ${file} and ${input:name} variables. Each says what it
// will send before it is sent. Plain data: the host finds the code and asks for inputs.
import { fuzzyFilter } from '../context/fuzzy';
import { parseFrontMatter, stringField } from '../context/frontMatter';
import type { RefactorScope } from '../refactor/presets';

export interface SlashCommand {
  /** Without the slash, e.g. "explain". */
  readonly name: string;
  readonly description: string;
  /** Set for a command that comes from a prompt file. */
  readonly prompt?: PromptFile;
}

export type BuiltInName = 'explain' | 'fix' | 'tests' | 'doc' | 'review' | 'new' | 'compact';

export const BUILT_IN_COMMANDS: readonly (SlashCommand & { readonly name: BuiltInName })[] = [
  { name: 'explain', description: 'Explain the selected code (or the function, or the file)' },
  { name: 'fix', description: 'Fix the problems in the selected code, as a proposal' },
  { name: 'tests', description: 'Write tests for the selected code, in a new file' },
  { name: 'doc', description: 'Add doc comments to the selected code, as a proposal' },
  { name: 'review', description: 'Review the selection, the file, or #changes' },
  { name: 'new', description: 'Start a new chat' },
  { name: 'compact', description: 'Summarize the earlier messages and continue' },
];

export const isBuiltIn = (name: string): name is BuiltInName => BUILT_IN_COMMANDS.some((c) => c.name === name);

/** `/name rest…` at the start of the input, or undefined when the input is no slash command. */
export function parseSlash(text: string): { readonly name: string; readonly args: string } | undefined {
  const match = /^\/([A-Za-z][\w.-]*)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  return { name: (match[1] ?? '').toLowerCase(), args: (match[2] ?? '').trim() };
}

/** The `/word` being typed at the start of the input, up to the cursor (the slash picker completes it). */
export function slashQueryAt(text: string, cursor: number): { readonly start: number; readonly query: string } | undefined {
  const match = /^\/([\w.-]*)$/.exec(text.slice(0, cursor));
  return match ? { start: 0, query: match[1] ?? '' } : undefined;
}

/** The commands whose names match what is typed: those starting with it first, then fuzzy matches. */
export function matchCommands(query: string, commands: readonly SlashCommand[]): { readonly command: SlashCommand; readonly positions: readonly number[] }[] {
  const typed = query.toLowerCase();
  if (typed === '') return commands.map((command) => ({ command, positions: [] }));
  const starts = commands.filter((c) => c.name.startsWith(typed)).map((command) => ({ command, positions: [...typed].map((_, i) => i + 1) }));
  const byName = new Map(commands.map((c) => [c.name, c]));
  const fuzzy = fuzzyFilter(commands.map((c) => c.name), typed, 20)
    .filter((m) => !m.path.startsWith(typed))
    .flatMap((m) => {
      const command = byName.get(m.path);
      return command ? [{ command, positions: m.positions.map((p) => p + 1) }] : [];
    });
  return [...starts, ...fuzzy];
}

export interface PromptFile {
  readonly name: string;
  /** Workspace-relative. */
  readonly path: string;
  readonly description: string;
  readonly body: string;
}

/** A prompt file as a command: its name from the file name, its description from the front matter. */
export function promptFileFrom(path: string, text: string): PromptFile | undefined {
  const file = path.split('/').pop() ?? path;
  const name = /^\.github\/prompts\/[^/]+\.prompt\.md$/.test(path)
    ? file.slice(0, -'.prompt.md'.length)
    : /^\.parley\/prompts\/[^/]+\.md$/.test(path)
      ? file.slice(0, -'.md'.length)
      : undefined;
  if (!name || !/^[A-Za-z][\w.-]*$/.test(name)) return undefined;
  const front = parseFrontMatter(text);
  const body = front.body.trim();
  if (body === '') return undefined;
  return { name: name.toLowerCase(), path, description: stringField(front, 'description') || `Prompt from ${path}`, body };
}

const VARIABLE = /\$\{(selection|selectedText|file|input:([\w.-]+)(?::([^}]*))?)\}/g;

/** The `${input:name}` (or `${input:name:placeholder}`) variables of a body, each once, in order. */
export function promptInputs(body: string): { readonly name: string; readonly placeholder: string }[] {
  const seen = new Map<string, string>();
  for (const match of body.matchAll(VARIABLE)) {
    const name = match[2];
    if (name !== undefined && !seen.has(name)) seen.set(name, match[3] ?? '');
  }
  return [...seen].map(([name, placeholder]) => ({ name, placeholder }));
}

export function usesSelection(body: string): boolean {
  return /\$\{(selection|selectedText)\}/.test(body);
}

/** The body with its variables filled in; an unknown input is left empty. */
export function expandPrompt(body: string, values: { readonly selection: string; readonly file: string; readonly inputs: ReadonlyMap<string, string> }): string {
  return body.replace(VARIABLE, (_, what: string, input: string | undefined) =>
    input !== undefined ? (values.inputs.get(input) ?? '') : what === 'file' ? values.file : values.selection,
  );
}

/** The question behind /review: findings the person can act on, not a rewrite. */
export function reviewQuestion(what: string): string {
  return [
    `Review ${what}, shown in the context.`,
    'List what you find, most important first: bugs, edge cases it gets wrong, unclear or risky code, missing error handling or tests. Name the line of each and say why it matters in a sentence. Do not rewrite the code unless asked; say plainly if it looks fine.',
  ].join('\n');
}

/** What a command works on, as the line under the input says it. */
export type SlashTarget =
  | { readonly kind: 'code'; readonly scope: RefactorScope; readonly selection: boolean }
  | { readonly kind: 'changes' }
  | { readonly kind: 'none' };

/** "the selection in csv.ts, lines 10–24", "the function parseRow in csv.ts, lines 2–19", "the uncommitted changes". */
export function targetPhrase(target: SlashTarget): string {
  if (target.kind === 'changes') return 'the uncommitted changes (#changes)';
  if (target.kind === 'none') return 'nothing: open a file or select some code first';
  const { scope, selection } = target;
  const file = scope.path.split('/').pop() ?? scope.path;
  const lines = scope.startLine === scope.endLine ? `line ${scope.startLine}` : `lines ${scope.startLine}–${scope.endLine}`;
  return `${selection ? 'the selection' : scope.what} in ${file}, ${lines}`;
}

/** The line under the input for a command about to be sent: "/explain · the selection in csv.ts, lines 10–24". */
export function sendsLine(command: SlashCommand, target: SlashTarget, extra: { readonly compactable?: boolean; readonly inputs?: readonly string[] } = {}): string {
  const head = `/${command.name} · `;
  if (command.prompt) {
    const asks = extra.inputs?.length ? `, asking for ${extra.inputs.join(', ')}` : '';
    const about = target.kind === 'code' && usesSelection(command.prompt.body) ? ` with ${targetPhrase(target)}` : '';
    return `${head}${command.prompt.path}${about}${asks}`;
  }
  switch (command.name) {
    case 'new':
      return `${head}starts a new chat (nothing is sent)`;
    case 'compact':
      return `${head}${extra.compactable ? 'asks the model to summarize the earlier messages' : 'not enough earlier messages to summarize yet'}`;
    case 'fix':
    case 'doc':
      return `${head}${targetPhrase(target)}${target.kind === 'code' ? ', as a proposal' : ''}`;
    case 'tests':
      return `${head}${targetPhrase(target)}${target.kind === 'code' ? ', tests in a new file' : ''}`;
    default:
      return `${head}${targetPhrase(target)}`;
  }
}
