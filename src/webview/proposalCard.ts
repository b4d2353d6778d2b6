// The proposal card under an answer: the files the model's edit changes, each hunk with its +/− counts and
// Accept / Reject, the whole proposal's Open diff, Accept all and Reject all, the blocks that could not be placed
// (with the closest text found and Ask to fix), and what happened after applying (new problems, Undo).
import type { ProposalAction, ProposalFileView, ProposalHunkView, ProposalView } from '../core/protocol';
import { h, icon } from './dom';

const STATUS_LABELS: Record<ProposalHunkView['status'], string> = {
  pending: '',
  accepted: 'Accepted',
  rejected: 'Rejected',
  conflict: 'Conflicts with your edits',
};

const ACTION_LABELS: Record<ProposalAction, { readonly label: string; readonly icon: string }> = {
  'fix-problems': { label: 'Ask to fix', icon: 'sparkle' },
  undo: { label: 'Undo', icon: 'discard' },
};

/**
 * A small button carrying what the click means in data attributes (main.ts reads them). `text`, when given, is a
 * shorter word for the button face; `label` stays its name for screen readers and its tooltip.
 */
function action(label: string, iconName: string, data: Record<string, string | undefined>, kind: 'primary' | 'secondary' | 'link' = 'link', text?: string): HTMLButtonElement {
  const attributes: Record<string, string | undefined> = { type: 'button', class: `button ${kind}`, title: label, ...(text ? { 'aria-label': label } : {}) };
  for (const [key, value] of Object.entries(data)) attributes[`data-${key}`] = value;
  return h('button', attributes, icon(iconName), ` ${text ?? label}`);
}

/** An icon-only button for the hunk rows, where space is short; its label is its tooltip and accessible name. */
function iconAction(label: string, iconName: string, data: Record<string, string | undefined>): HTMLButtonElement {
  const attributes: Record<string, string | undefined> = { type: 'button', class: 'icon-button', title: label, 'aria-label': label };
  for (const [key, value] of Object.entries(data)) attributes[`data-${key}`] = value;
  return h('button', attributes, icon(iconName));
}

function counts(added: number, removed: number): HTMLElement {
  return h('span', { class: 'proposal-counts' }, h('span', { class: 'added' }, `+${added}`), ' ', h('span', { class: 'removed' }, `−${removed}`));
}

/** The line a change removes and the one it adds, each on its own line, wrapping rather than cut short. */
function hunkLines(hunk: ProposalHunkView): HTMLElement {
  const lines = h('div', { class: 'hunk-lines' });
  if (hunk.removedPreview !== '') lines.append(h('code', { class: 'hunk-removed', title: hunk.removedPreview }, h('span', { class: 'hunk-sign', 'aria-label': 'removed:' }, '−'), hunk.removedPreview));
  if (hunk.preview !== '') lines.append(h('code', { class: 'hunk-added', title: hunk.preview }, h('span', { class: 'hunk-sign', 'aria-label': 'added:' }, '+'), hunk.preview));
  return lines;
}

function hunkRow(proposal: ProposalView, file: ProposalFileView, hunk: ProposalHunkView): HTMLElement {
  const summary = `Line ${hunk.line}: ${hunk.added} added, ${hunk.removed} removed${hunk.status === 'pending' ? '' : `, ${STATUS_LABELS[hunk.status].toLowerCase()}`}`;
  const head = h('div', { class: 'hunk-head' }, h('span', { class: 'hunk-line' }, `L${hunk.line}`), counts(hunk.added, hunk.removed));
  if (hunk.status !== 'pending') head.append(h('span', { class: 'hunk-status' }, STATUS_LABELS[hunk.status]));
  if (hunk.status === 'pending' || hunk.status === 'conflict') {
    const where = { proposal: proposal.id, path: file.path, hunk: hunk.id };
    head.append(
      h(
        'span',
        { class: 'hunk-actions' },
        iconAction(hunk.status === 'conflict' ? `Try line ${hunk.line} again` : `Accept the change at line ${hunk.line}`, 'check', { 'proposal-action': 'accept', ...where }),
        iconAction(`Reject the change at line ${hunk.line}`, 'close', { 'proposal-action': 'reject', ...where }),
      ),
    );
  }
  // The row itself takes focus (card → rows → buttons); Enter on it opens the diff.
  return h(
    'li',
    { class: `proposal-hunk hunk-${hunk.status}`, tabindex: '0', 'aria-label': summary, 'data-proposal-action': 'open', 'data-proposal': proposal.id, 'data-path': file.path },
    head,
    hunkLines(hunk),
  );
}

function fileSection(proposal: ProposalView, file: ProposalFileView): HTMLElement {
  const added = file.hunks.reduce((n, x) => n + x.added, 0);
  const removed = file.hunks.reduce((n, x) => n + x.removed, 0);
  const pending = file.hunks.some((x) => x.status === 'pending');
  const header = h(
    'div',
    { class: 'proposal-file-header' },
    action(file.path, file.isNew ? 'new-file' : 'file', { 'proposal-action': 'open', proposal: proposal.id, path: file.path }),
    file.isNew ? h('span', { class: 'proposal-tag' }, 'new') : '',
    counts(added, removed),
  );
  if (pending && proposal.files.length > 1) {
    header.append(
      h(
        'span',
        { class: 'hunk-actions' },
        action('Accept file', 'check-all', { 'proposal-action': 'accept', proposal: proposal.id, path: file.path }),
        action('Reject file', 'close-all', { 'proposal-action': 'reject', proposal: proposal.id, path: file.path }),
      ),
    );
  }
  const section = h('section', { class: 'proposal-file' }, header);
  if (file.caution) section.append(h('p', { class: 'proposal-caution' }, icon('shield'), ` ${file.caution}: accepting asks first.`));
  section.append(h('ul', { class: 'proposal-hunks', 'aria-label': `Changes to ${file.path}` }, ...file.hunks.map((x) => hunkRow(proposal, file, x))));
  return section;
}

export function proposalCard(proposal: ProposalView): HTMLElement {
  const files = proposal.files.length;
  const hunks = proposal.files.flatMap((f) => f.hunks);
  const pending = hunks.some((x) => x.status === 'pending');
  const title = files === 0 ? 'Proposal: nothing could be applied' : `Proposal: ${files} file${files === 1 ? '' : 's'}, ${hunks.length} change${hunks.length === 1 ? '' : 's'}`;
  const card = h(
    'div',
    { class: 'proposal', 'data-proposal': proposal.id, role: 'group', 'aria-label': title, tabindex: '-1' },
    h('div', { class: 'proposal-header' }, h('span', { class: 'proposal-title' }, icon('git-pull-request'), ` ${title}`)),
    ...proposal.files.map((f) => fileSection(proposal, f)),
  );
  if (proposal.refused.length > 0) {
    const list = h(
      'ul',
      { class: 'proposal-refused' },
      ...proposal.refused.map((r) =>
        h(
          'li',
          {},
          icon('warning'),
          ` ${r.reason}`,
          r.nearest ? h('span', { class: 'refused-nearest' }, ` Closest: lines ${r.nearest.startLine}–${r.nearest.endLine}, ${Math.round(r.nearest.similarity * 100)}% similar.`) : '',
        ),
      ),
    );
    card.append(list);
  }
  if (proposal.note) {
    const note = h('p', { class: `proposal-note${proposal.note.warning ? ' warning' : ''}`, role: 'status' }, icon(proposal.note.warning ? 'warning' : 'pass'), ` ${proposal.note.text} `);
    for (const a of proposal.note.actions) note.append(action(ACTION_LABELS[a].label, ACTION_LABELS[a].icon, { 'proposal-action': a, proposal: proposal.id }));
    card.append(note);
  }
  // The decisions come last, after the rows they decide: the order Tab reaches them in.
  const toolbar = h('div', { class: 'proposal-toolbar' });
  if (pending) {
    toolbar.append(
      action('Accept all', 'check-all', { 'proposal-action': 'accept', proposal: proposal.id }, 'primary'),
      action('Reject all', 'close-all', { 'proposal-action': 'reject', proposal: proposal.id }, 'secondary'),
    );
  }
  if (files > 0) toolbar.append(action('Open diff', 'diff', { 'proposal-action': 'open', proposal: proposal.id }, 'secondary', 'Diff'));
  if (proposal.refused.length > 0) toolbar.append(action('Ask to fix', 'sparkle', { 'proposal-action': 'fix', proposal: proposal.id }, 'secondary'));
  if (toolbar.childElementCount > 0) card.append(toolbar);
  return card;
}
