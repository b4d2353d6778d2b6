// Secrets never leave the machine: everything Parley sends is scanned, and each secret found is replaced by a
// placeholder that names what it was. The person's own text (in the view and in the history on their disk) is
// kept as typed; only the request carries the placeholder. A replacement covers exactly the secret's characters,
// so the code around it reaches the model as it is and no part of the secret goes with it.
import type { Redaction } from '../chat/conversation';
import { scanWithSecretlint } from './secretlintScan';
import { findPatternSecrets, isGenericKind } from './secretPatterns';
import type { SecretSpan } from './secretPatterns';

export interface Redacted {
  readonly text: string;
  readonly redactions: readonly Redaction[];
}

/** Shorter values are not searched for elsewhere in the text: they would match ordinary words. */
const MIN_REPEATED = 8;

export function placeholder(kind: string): string {
  return `[secret removed by Parley: ${kind}]`;
}

/** Every secret in the text, once each, in order; overlapping findings are one span (no part survives between). */
export async function findSecrets(text: string): Promise<SecretSpan[]> {
  if (text.trim() === '') return [];
  // In order of trust: where two find the same secret, the first names its kind (a GitLab token in a URL is
  // a GitLab token before it is a password in a URL).
  const all = [...(await scanWithSecretlint(text)), ...findPatternSecrets(text)];
  const specific = all.filter((s) => !isGenericKind(s.kind));
  return merge([...specific, ...repeats(text, all), ...all.filter((s) => isGenericKind(s.kind))]);
}

export async function redactSecrets(text: string): Promise<Redacted> {
  const spans = await findSecrets(text);
  if (spans.length === 0) return { text, redactions: [] };
  let redacted = '';
  let from = 0;
  for (const s of spans) {
    redacted += text.slice(from, s.start) + placeholder(s.kind);
    from = s.end;
  }
  redacted += text.slice(from);
  return { text: redacted, redactions: spans.map((s) => ({ line: lineAt(text, s.start), kind: s.kind })) };
}

/** A secret found once is removed wherever else it appears, even where no rule would recognise it. */
function repeats(text: string, found: readonly SecretSpan[]): SecretSpan[] {
  const out: SecretSpan[] = [];
  const seen = new Set<string>();
  for (const f of found) {
    const value = text.slice(f.start, f.end);
    if (value.length < MIN_REPEATED || seen.has(value)) continue;
    seen.add(value);
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
      if (at !== f.start) out.push({ start: at, end: at + value.length, kind: f.kind });
    }
  }
  return out;
}

/** Sorted, overlapping spans joined; a joined span keeps the kind of the most trusted finding in it. */
function merge(spans: readonly SecretSpan[]): SecretSpan[] {
  const sorted = spans.map((s, rank) => ({ ...s, rank })).sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
  const merged: { start: number; end: number; kind: string; rank: number }[] = [];
  for (const s of sorted) {
    const last = merged.at(-1);
    if (!last || s.start >= last.end) merged.push({ ...s });
    else {
      last.end = Math.max(last.end, s.end);
      if (s.rank < last.rank) Object.assign(last, { kind: s.kind, rank: s.rank });
    }
  }
  return merged.map(({ start, end, kind }) => ({ start, end, kind }));
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
