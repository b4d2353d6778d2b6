// The project's instruction files, the ones coding assistants agree on: AGENTS.md (the root's, and the one nearest
// to the active file), .github/copilot-instructions.md, .github/instructions/*.instructions.md (by their `applyTo`
// globs), Cursor's .cursor/rules/*.mdc (`alwaysApply`, `globs`), .clinerules (a file or a folder), CLAUDE.md and
// Parley's own .parley/instructions.md. Which of them apply to the active file is decided here, from paths and
// texts; the host finds and reads the files. They travel as one "instructions" item, sent with the system prompt.
import { parseFrontMatter, globsField, stringField } from './frontMatter';
import { anyGlobMatches } from './glob';
import { baseName, withheld } from './items';
import type { ContextItem } from './items';

export type InstructionSource =
  | 'AGENTS.md'
  | '.github/copilot-instructions.md'
  | '.github/instructions'
  | '.cursor/rules'
  | '.clinerules'
  | 'CLAUDE.md'
  | '.parley/instructions.md';

/** Every source, in the order their texts are sent (the most general first, Parley's own last). */
export const INSTRUCTION_SOURCES: readonly InstructionSource[] = [
  'AGENTS.md',
  '.github/copilot-instructions.md',
  '.github/instructions',
  '.cursor/rules',
  '.clinerules',
  'CLAUDE.md',
  '.parley/instructions.md',
];

/**
 * Every file Parley reads from the project for itself, relative to the workspace folder: the instruction files
 * and the prompt files (slash commands). One pattern, so one search and one file watcher cover them all.
 */
export const PROJECT_FILES_GLOB =
  '{**/AGENTS.md,CLAUDE.md,.github/copilot-instructions.md,.github/instructions/*.instructions.md,.cursor/rules/*.mdc,.clinerules,.clinerules/**,.parley/instructions.md,.github/prompts/*.prompt.md,.parley/prompts/*.md}';

/**
 * The folders those files live in: a folder created or deleted with files in it may be reported as the folder
 * alone, so the list of files is searched again when one of these comes or goes.
 */
export const PROJECT_FOLDERS_GLOB = '{.cursor,.cursor/rules,.github,.github/instructions,.github/prompts,.clinerules,.parley,.parley/prompts}';

/** Beyond this the instructions are cut (they go with every question, so they must leave room for it). */
export const MAX_INSTRUCTION_CHARS = 32_000;

/** The source a workspace-relative path belongs to, or undefined when it is no instruction file. */
export function sourceOf(path: string): InstructionSource | undefined {
  if (path === 'AGENTS.md' || path.endsWith('/AGENTS.md')) return 'AGENTS.md';
  if (path === '.github/copilot-instructions.md') return '.github/copilot-instructions.md';
  if (/^\.github\/instructions\/[^/]+\.instructions\.md$/.test(path)) return '.github/instructions';
  if (/^\.cursor\/rules\/[^/]+\.mdc$/.test(path)) return '.cursor/rules';
  if (path === '.clinerules' || path.startsWith('.clinerules/')) return '.clinerules';
  if (path === 'CLAUDE.md') return 'CLAUDE.md';
  if (path === '.parley/instructions.md') return '.parley/instructions.md';
  return undefined;
}

/** The `parley.instructions.sources` setting: the sources it names (all of them when it is not a list). */
export function parseSources(setting: unknown): InstructionSource[] {
  if (!Array.isArray(setting)) return [...INSTRUCTION_SOURCES];
  return INSTRUCTION_SOURCES.filter((source) => setting.includes(source));
}

export interface InstructionCandidate {
  readonly path: string;
  readonly source: InstructionSource;
}

/**
 * The instruction files to read for a question about `activePath` (workspace-relative; undefined when no file of
 * the workspace is active): of every AGENTS.md only the root's and the nearest to the file; every file of the
 * other enabled sources. In the order they are sent.
 */
export function instructionCandidates(paths: Iterable<string>, activePath: string | undefined, sources: readonly InstructionSource[]): InstructionCandidate[] {
  const enabled = new Set(sources);
  const bySource = new Map<InstructionSource, string[]>();
  const agents = new Set<string>();
  for (const path of paths) {
    const source = sourceOf(path);
    if (!source || !enabled.has(source)) continue;
    if (source === 'AGENTS.md') agents.add(path);
    else bySource.set(source, [...(bySource.get(source) ?? []), path]);
  }
  const out: InstructionCandidate[] = [];
  for (const source of INSTRUCTION_SOURCES) {
    if (source === 'AGENTS.md') {
      for (const path of agentsFor(agents, activePath)) out.push({ path, source });
      continue;
    }
    for (const path of (bySource.get(source) ?? []).sort()) out.push({ path, source });
  }
  return out;
}

/** The root's AGENTS.md, then the nearest one in a folder above the active file (when that is another). */
function agentsFor(agents: ReadonlySet<string>, activePath: string | undefined): string[] {
  const out = agents.has('AGENTS.md') ? ['AGENTS.md'] : [];
  if (activePath === undefined || activePath.startsWith('/') || activePath.startsWith('..')) return out;
  const parts = activePath.split('/').slice(0, -1);
  for (let depth = parts.length; depth > 0; depth--) {
    const candidate = `${parts.slice(0, depth).join('/')}/AGENTS.md`;
    if (agents.has(candidate)) {
      out.push(candidate);
      break;
    }
  }
  return out;
}

/** An instruction file as the host found it. */
export interface InstructionFile extends InstructionCandidate {
  /** Its text; undefined when it could not be read. */
  readonly text: string | undefined;
  /** Why its text is never sent (the exclusions cover it): it is then not read at all. */
  readonly excluded: string | undefined;
}

/** What became of one file for this question. */
export interface AppliedInstruction {
  readonly path: string;
  readonly source: InstructionSource;
  /** The text sent (front matter removed); '' when not sent. */
  readonly body: string;
  /** Why it is not sent, when it is not. */
  readonly skipped: string | undefined;
}

/** Decides, file by file, whether it applies to the active file, by its front matter. */
export function applyInstructions(files: readonly InstructionFile[], activePath: string | undefined): AppliedInstruction[] {
  return files.map((file) => {
    const { path, source } = file;
    if (file.excluded !== undefined) return { path, source, body: '', skipped: 'excluded' };
    if (file.text === undefined) return { path, source, body: '', skipped: 'could not be read' };
    const front = parseFrontMatter(file.text);
    const body = front.body.trim();
    const skip = (skipped: string): AppliedInstruction => ({ path, source, body: '', skipped });
    if (body === '') return skip('empty');
    if (source === '.github/instructions') {
      const applyTo = globsField(front, 'applyTo');
      if (applyTo.length === 0) return skip('no applyTo');
      if (activePath === undefined || !anyGlobMatches(applyTo, activePath)) return skip(`applyTo ${applyTo.join(', ')} does not match ${activePath ? baseName(activePath) : 'an open file'}`);
    }
    if (source === '.cursor/rules' && front.fields.get('alwaysApply') !== true) {
      const globs = globsField(front, 'globs');
      if (globs.length === 0) {
        const description = stringField(front, 'description');
        return skip(description ? `applies when asked for: ${description}` : 'applies only when mentioned');
      }
      if (activePath === undefined || !anyGlobMatches(globs, activePath)) return skip(`globs ${globs.join(', ')} do not match ${activePath ? baseName(activePath) : 'an open file'}`);
    }
    return { path, source, body, skipped: undefined };
  });
}

/**
 * The "instructions" item: every file that applies, each under its path, in the order given. undefined when the
 * project has no instruction file; a withheld item when it has some but none can be sent.
 */
export function instructionsItem(files: readonly InstructionFile[], activePath: string | undefined, maxChars = MAX_INSTRUCTION_CHARS): ContextItem | undefined {
  if (files.length === 0) return undefined;
  const applied = applyInstructions(files, activePath);
  const sent = applied.filter((a) => a.skipped === undefined);
  const skipped = applied.filter((a) => a.skipped !== undefined).map((a) => `${a.path} (${a.skipped})`);
  const notSent = skipped.length > 0 ? ` Not sent: ${skipped.join('; ')}.` : '';
  if (sent.length === 0) {
    // Rules that merely do not match this file need no chip; one that cannot be sent says why.
    if (!applied.some((a) => a.skipped === 'excluded' || a.skipped === 'could not be read')) return undefined;
    const secret = applied.some((a) => a.skipped === 'excluded');
    return withheld('instructions', 'instructions', 'instructions', `No project instructions can be sent here.${notSent}`, secret);
  }
  let text = 'The project has instructions for coding assistants; follow them unless the person asks otherwise.\n';
  let cut = false;
  for (const { path, body } of sent) {
    const section = `\n## ${path}\n\n${body}\n`;
    if (text.length + section.length > maxChars) {
      text += section.slice(0, Math.max(0, maxChars - text.length));
      text += `\n(The instructions are cut here: they are longer than ${maxChars} characters.)\n`;
      cut = true;
      break;
    }
    text += section;
  }
  return {
    id: 'instructions',
    kind: 'instructions',
    explicit: false,
    label: 'instructions',
    detail: `Project instructions, sent with the system prompt: ${sent.map((a) => a.path).join(', ')}.${cut ? ' Cut to fit.' : ''}${notSent}`,
    text: text.trimEnd(),
    excluded: undefined,
    secret: false,
  };
}
