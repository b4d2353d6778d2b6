// What the review of a proposal needs beyond the hunks: which targets deserve a second look, which blocks of an
// answer a clicked code block stands for, the message that asks the model to fix what could not be applied, and
// the proposal as the chat view shows it.
import type { EditBlock, Refusal } from './types';
import type { Proposal, ProposalFile } from './proposal';
import { statusOf } from './proposal';
import type { ProposalView } from '../protocol';

/**
 * Why accepting an edit of this file needs an explicit yes, or undefined. Editor and CI configuration runs code,
 * `.git/` is Git's own, package.json scripts run on install, `.env` files hold secrets, and a file outside the
 * workspace is not the project's.
 */
export function cautionOf(file: Pick<ProposalFile, 'path' | 'base' | 'proposed'>, outside: boolean): string | undefined {
  const path = file.path.replace(/\\/g, '/').replace(/^\.\//, '');
  const segments = path.split('/');
  const name = segments[segments.length - 1] ?? path;
  if (outside) return `${path} is outside the workspace`;
  if (segments.includes('.git')) return `${path} is inside .git, Git's own folder`;
  if (segments[0] === '.vscode') return `${path} is VS Code configuration (tasks and launch settings can run commands)`;
  if (segments[0] === '.github') return `${path} is GitHub configuration (workflows run code on GitHub)`;
  if (/^\.env/.test(name)) return `${path} usually holds secrets`;
  if (name === 'package.json' && scriptsOf(file.base) !== scriptsOf(file.proposed)) return `the change edits the scripts of ${path}, which npm runs`;
  return undefined;
}

/** The "scripts" object of a package.json, as text to compare, or '' when there is none or it is not JSON. */
function scriptsOf(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return '';
    return JSON.stringify((parsed as Record<string, unknown>)['scripts'] ?? '');
  } catch {
    // A package.json the edit leaves unparseable is not quietly safe: compare the raw "scripts" stretch instead.
    return /"scripts"\s*:\s*\{[^}]*\}/.exec(text)?.[0] ?? '';
  }
}

/** The answer's blocks that a code block the person clicked Apply on stands for (its text contains theirs). */
export function blocksInCode(blocks: readonly EditBlock[], code: string, path: string | undefined): EditBlock[] {
  const inCode = (text: string): boolean => text.trim() === '' || code.includes(text.trim());
  return blocks.filter((block) => {
    if (path !== undefined && 'path' in block && block.path !== undefined && block.path !== path) return false;
    switch (block.kind) {
      case 'searchReplace':
        return inCode(block.search) && inCode(block.replace);
      case 'unifiedDiff':
        return block.hunks.every((h) => h.lines.every((line) => code.includes(line)));
      default:
        return block.text.trim() !== '' && code.trim() === block.text.trim();
    }
  });
}

const percent = (similarity: number): string => `${Math.round(similarity * 100)}%`;

/**
 * The message that asks the model to correct the blocks that could not be applied: which block, why, and what
 * the file has instead, so a small model can answer with blocks that anchor.
 */
export function fixRequest(refused: readonly Refusal[]): string {
  const parts = refused.map((r, i) => {
    const which = r.path ? `The edit for ${r.path}` : 'An edit';
    const found = r.nearest
      ? `\nThe closest text in the file is lines ${r.nearest.startLine}–${r.nearest.endLine} (${percent(r.nearest.similarity)} similar):\n\`\`\`\n${r.nearest.text}\n\`\`\``
      : '';
    return `${i + 1}. ${which} could not be applied: ${r.reason}${found}`;
  });
  return [
    `${refused.length === 1 ? 'One of your edits' : `${refused.length} of your edits`} could not be applied:`,
    '',
    ...parts,
    '',
    'Please send corrected SEARCH/REPLACE blocks for these only. Copy the SEARCH text exactly from the file as it is now, and write out every line in REPLACE (no placeholders such as "... existing code ...").',
  ].join('\n');
}

/** The first non-blank line of a hunk's side, without indentation: enough to show what the change is on the card. */
function previewOf(lines: readonly string[]): string {
  return (lines.find((l) => l.trim() !== '') ?? '').trim().slice(0, 200);
}

export function proposalView(
  proposal: Proposal,
  cautions: ReadonlyMap<string, string | undefined>,
  note: ProposalView['note'],
): ProposalView {
  return {
    id: proposal.id,
    turnId: proposal.turnId,
    files: proposal.files.map((file) => ({
      path: file.path,
      isNew: file.isNew,
      caution: cautions.get(file.path),
      hunks: file.hunks.map((h) => ({
        id: h.id,
        line: h.baseStart + 1,
        added: h.added,
        removed: h.removed,
        status: statusOf(file, h.id),
        preview: previewOf(h.proposedLines),
        removedPreview: previewOf(h.baseLines),
      })),
    })),
    refused: proposal.refused.map((r) => ({
      path: r.path,
      reason: r.reason,
      nearest: r.nearest ? { startLine: r.nearest.startLine, endLine: r.nearest.endLine, similarity: r.nearest.similarity } : undefined,
    })),
    note,
  };
}
