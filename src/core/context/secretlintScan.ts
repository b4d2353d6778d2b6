// Secretlint's findings as exact spans of the text given. A rule's `range` cannot be spliced as it stands: the AWS
// secret-key and .npmrc rules report the start of the whole match (the variable name) with the length of the value,
// so the placeholder lands on the name and most of the secret is left; URL and connection-string rules report the
// whole URL where only the password is secret; and secretlint drops a leading BOM, moving every offset by one.
// So each finding is placed again from the secret the rule names in its message data.
import { lintSource } from '@secretlint/core';
import { rules as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { isPlaceholderValue } from './secretPatterns';
import type { SecretSpan } from './secretPatterns';

type Finding = Awaited<ReturnType<typeof lintSource>>['messages'][number];

const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';

// The recommended preset's rules one by one, because secretlint ignores `disabled` for a rule inside a preset, and
// a `secretlint-disable` comment in someone's file must not let a secret out of this machine. AWS access key ids
// are off by default in secretlint (they are "only" ids), but one is half of a credential.
const CONFIG = {
  rules: recommended
    .filter((rule) => rule.meta.id !== FILTER_COMMENTS)
    .map((rule) => ({ id: rule.meta.id, rule, ...(rule.meta.id === '@secretlint/secretlint-rule-aws' ? { options: { enableIDScanRule: true } } : {}) })),
};

/** Secretlint's message ids, in the words the chip and the placeholder use. */
const KINDS: Readonly<Record<string, string>> = {
  AWSAccessKeyID: 'AWS Access Key ID',
  AWSSecretAccessKey: 'AWS Secret Access Key',
  AWSAccountID: 'AWS Account ID',
  GITHUB_TOKEN: 'GitHub Token',
  NPM_ACCESS_TOKEN: 'npm Access Token',
  Npmrc_authToken: 'npm auth token',
  SLACK_TOKEN: 'Slack Token',
  IncomingWebhook: 'Slack Webhook URL',
  BasicAuth: 'password in a URL',
  OPENAI_TOKEN: 'OpenAI API Key',
  ANTHROPIC_API_KEY: 'Anthropic API Key',
  LINEAR_API_TOKEN: 'Linear API Key',
  PrivateKey: 'Private Key',
  SENDGRID_KEY: 'SendGrid API Key',
  SHOPIFY_KEY: 'Shopify Token',
  OPS_TOKEN: '1Password Service Account Token',
  MongoDBConnection: 'MongoDB password',
  MySQLConnection: 'MySQL password',
  PostgreSQLConnection: 'PostgreSQL password',
};

/** Rules that report a whole URL: only the password in it is secret (the host and user help the model). */
const URL_RULES = new Set(['BasicAuth', 'MongoDBConnection', 'MySQLConnection', 'PostgreSQLConnection']);

/** `scheme://user:password@`: group 1 is the password. */
const USERINFO = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/i;

export async function scanWithSecretlint(text: string): Promise<SecretSpan[]> {
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const content = text.slice(shift);
  const result = await lintSource({
    source: { content, filePath: '/parley/message.txt', ext: '.txt', contentType: 'text' },
    options: { config: CONFIG, maskSecrets: false },
  });
  return result.messages.flatMap((m) => {
    const span = exactSpan(content, m);
    return span ? [{ start: span.start + shift, end: span.end + shift, kind: span.kind }] : [];
  });
}

function exactSpan(content: string, m: Finding): SecretSpan | undefined {
  const [from, to] = m.range;
  if (!(to > from)) return undefined;
  const id = m.messageId ?? '';
  const kind = KINDS[id] ?? kindOf(m.ruleId, m.message);
  // Where the rule's match starts; the secret lies in it or just after (a rule that got the length right
  // but the start wrong reports a range as long as the secret, which starts later).
  const value = secretOf(m);
  let start = from;
  let end = to;
  if (value !== undefined) {
    const at = content.indexOf(value, from);
    if (at >= 0 && at <= to) {
      start = at;
      end = at + value.length;
    }
  }
  if (URL_RULES.has(id)) {
    const password = USERINFO.exec(content.slice(start, end));
    if (!password?.[1]) return { start, end, kind };
    if (isPlaceholderValue(password[1])) return undefined;
    const at = start + password.index + password[0].length - 1 - password[1].length;
    return { start: at, end: at + password[1].length, kind };
  }
  if (id === 'AWSAccountID') {
    // The rule reports the assignment; the id is its twelve digits.
    const digits = /\d{4}-?\d{4}-?\d{4}/.exec(content.slice(start, end));
    if (digits) return { start: start + digits.index, end: start + digits.index + digits[0].length, kind };
  }
  return { start, end, kind };
}

/** The secret a rule quotes in its message data: the longest string there (not the type name some rules add). */
function secretOf(m: Finding): string | undefined {
  const data = m.data;
  if (!data || typeof data !== 'object') return undefined;
  let best: string | undefined;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === 'typeName' || key === 'FILE_NAME' || typeof value !== 'string' || value === '') continue;
    if (!best || value.length > best.length) best = value;
  }
  return best;
}

/** "found GitHub Token(GitHub personal access tokens): ghp_…" → "GitHub Token": the kind, never the secret. */
function kindOf(ruleId: string, message: string): string {
  const named = /^found ([^(:]+)/i.exec(message)?.[1]?.trim();
  if (named) return named;
  return ruleId.replace(/^@secretlint\/secretlint-rule-/, '').replace(/-/g, ' ');
}
