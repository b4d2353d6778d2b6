// Secrets never leave the machine: everything Parley sends is scanned with secretlint's recommended rules, and
// each secret found is replaced by a placeholder that names what it was. The person's own text (in the view and
// in the history on their disk) is kept as typed; only the request carries the placeholder.
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import type { Redaction } from '../chat/conversation';

export interface Redacted {
  readonly text: string;
  readonly redactions: readonly Redaction[];
}

const CONFIG = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };

export function placeholder(kind: string): string {
  return `[secret removed by Parley: ${kind}]`;
}

/** "found GitHub Token(GitHub personal access tokens): ghp_…" → "GitHub Token": the kind, never the secret. */
function kindOf(ruleId: string, message: string): string {
  const named = /^found ([^(:]+)/i.exec(message)?.[1]?.trim();
  if (named) return named;
  return ruleId.replace(/^@secretlint\/secretlint-rule-/, '').replace(/-/g, ' ');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export async function redactSecrets(text: string): Promise<Redacted> {
  if (text.trim() === '') return { text, redactions: [] };
  const result = await lintSource({
    source: { content: text, filePath: '/parley/message.txt', ext: '.txt', contentType: 'text' },
    options: { config: CONFIG, maskSecrets: false },
  });
  const found = result.messages
    .filter((m) => Array.isArray(m.range) && m.range[1] > m.range[0])
    .map((m) => ({ start: m.range[0], end: m.range[1], kind: kindOf(m.ruleId, m.message) }))
    .sort((a, b) => a.start - b.start);
  if (found.length === 0) return { text, redactions: [] };
  // Overlapping findings (two rules on one secret) are merged, so no part of a secret survives between them.
  const merged: { start: number; end: number; kind: string }[] = [];
  for (const f of found) {
    const last = merged.at(-1);
    if (last && f.start < last.end) last.end = Math.max(last.end, f.end);
    else merged.push({ ...f });
  }
  let redacted = '';
  let from = 0;
  for (const m of merged) {
    redacted += text.slice(from, m.start) + placeholder(m.kind);
    from = m.end;
  }
  redacted += text.slice(from);
  return { text: redacted, redactions: merged.map((m) => ({ line: lineAt(text, m.start), kind: m.kind })) };
}
