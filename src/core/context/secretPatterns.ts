// Secrets secretlint 11 has no rule for (GitLab, Stripe, Google, JWTs, newer OpenAI keys, passwords in any URL or
// connection string, .npmrc tokens outside a file named .npmrc), and random-looking values assigned to names such
// as `password`, `token`, `apiKey`. Each pattern marks the secret itself (the `secret` group, or the whole match),
// so the name and quotes around it stay. Offsets are UTF-16 code units, the units `String#slice` splices.

export interface SecretSpan {
  readonly start: number;
  readonly end: number;
  /** In words, for the placeholder and the chip (e.g. "GitHub Token"); never the secret itself. */
  readonly kind: string;
}

interface Pattern {
  readonly kind: string;
  /** With the `d` flag, so the `secret` group's offsets are known. */
  readonly regex: RegExp;
}

// Token shapes: a fixed prefix and a length, bounded on both sides so a longer word is not cut in two.
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';
const PATTERNS: readonly Pattern[] = [
  { kind: 'GitLab Token', regex: new RegExp(`${B}gl(?:pat|dt|ptt|rt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}(?:\\.[A-Za-z0-9_-]{2,})*${E}`, 'dg') },
  { kind: 'Stripe Secret Key', regex: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}${E}`, 'dg') },
  { kind: 'Stripe Webhook Secret', regex: new RegExp(`${B}whsec_[A-Za-z0-9]{24,}${E}`, 'dg') },
  { kind: 'Google API Key', regex: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'dg') },
  { kind: 'Google OAuth Client Secret', regex: new RegExp(`${B}GOCSPX-[A-Za-z0-9_-]{28}${E}`, 'dg') },
  { kind: 'JSON Web Token', regex: new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}${E}`, 'dg') },
  { kind: 'OpenAI API Key', regex: new RegExp(`${B}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}${E}`, 'dg') },
  { kind: 'Anthropic API Key', regex: new RegExp(`${B}sk-ant-(?:api|admin)\\d\\d-[A-Za-z0-9_-]{32,}${E}`, 'dg') },
  { kind: 'Hugging Face Token', regex: new RegExp(`${B}hf_[A-Za-z0-9]{34,}${E}`, 'dg') },
  { kind: 'DigitalOcean Token', regex: new RegExp(`${B}do[opr]_v1_[a-f0-9]{64}${E}`, 'dg') },
  { kind: 'Databricks Token', regex: new RegExp(`${B}dapi[a-f0-9]{32}(?:-\\d)?${E}`, 'dg') },
  { kind: 'Telegram Bot Token', regex: new RegExp(`${B}\\d{8,10}:AA[A-Za-z0-9_-]{33}${E}`, 'dg') },
  // Any PEM private key: secretlint's rule wants a long body and misses short (EC, Ed25519) keys.
  { kind: 'Private Key', regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[^]{16,20000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/dg },
  { kind: 'npm auth token', regex: /(?:_authToken|_auth|_password)\s*=\s*["']?(?<secret>[^\s"']{8,})/dg },
  { kind: 'password in a URL', regex: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,20}:\/\/[^\s/:@"'`]{0,100}:(?<secret>[^\s/@"'`]{1,200})@/dgi },
  { kind: 'password in a connection string', regex: /[;"'][ \t]*(?:password|pwd)[ \t]*=(?![=>])[ \t]*(?<secret>[^;"'\s]+)/dgi },
  { kind: 'Azure Storage Account Key', regex: /\b(?:AccountKey|SharedAccessKey)\s*=\s*(?<secret>[A-Za-z0-9+/]{40,}={0,2})/dg },
  { kind: 'Bearer token', regex: /\bBearer\s+(?<secret>[A-Za-z0-9._~+/-]{20,}=*)/dg },
];

/** A value that stands for a secret rather than being one: `${DB_PASSWORD}`, `{password}`, `<token>`, `PASSWORD`, `****`, `%s`. */
export function isPlaceholderValue(value: string): boolean {
  return /[{}]|^\$|^<.*>$|^%\(?\w*\)?[sd]$|^[*x.…]+$/i.test(value) || /^[A-Z_]+$/.test(value);
}

const UNNAMED_AWS_KEY = 'unnamed AWS-style secret key';

/** Kinds found from where a value stands rather than from its shape; a token's own kind says more. */
export function isGenericKind(kind: string): boolean {
  return kind === UNNAMED_AWS_KEY || kind === 'password in a URL' || kind === 'password in a connection string' || kind === 'Bearer token' || kind.startsWith('value of ');
}

export function findPatternSecrets(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  for (const { kind, regex } of PATTERNS) {
    for (const m of text.matchAll(regex)) {
      const at = m.indices?.groups?.['secret'] ?? m.indices?.[0];
      if (!at) continue;
      const value = text.slice(at[0], at[1]);
      if (m.groups?.['secret'] !== undefined && (isPlaceholderValue(value) || (kind === 'Bearer token' && characterClasses(value) < 3 && entropy(value) < 3.5))) continue;
      out.push({ start: at[0], end: at[1], kind });
    }
  }
  return [...out, ...findAwsSecretShapes(text), ...findAssignedSecrets(text)];
}

/**
 * A pasted AWS secret access key has no name beside it: forty base64 characters on their own, random-looking
 * (mixed case and digits, which git SHAs and hex digests are not).
 */
function findAwsSecretShapes(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g)) {
    const value = m[0];
    if (characterClasses(value) >= 3 && entropy(value) >= 4 && randomLooking(value)) out.push({ start: m.index, end: m.index + 40, kind: UNNAMED_AWS_KEY });
  }
  return out;
}

// `name = "value"` in code of most languages (with an optional type: `apiKey: string = "…"`), and bare
// `NAME=value` / `name: value` lines as in .env, .ini, .properties and YAML files.
const QUOTED = /(?<![A-Za-z0-9_.-])(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,80})(?<![.-])["'\]]*[ \t]*(?::[ \t]*[A-Za-z][\w<>[\]|]*[ \t]*)?(?::=|=>|=|:)[ \t]*(?<q>["'`])(?<secret>[^"'`\s\\]{8,300})\k<q>/dg;
const BARE = /^[ \t]*(?:export[ \t]+)?(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,80})(?<![.-])[ \t]*[=:][ \t]*(?<secret>[^\s"'`#;,]{8,300})[ \t]*(?:#.*)?\r?$/dgm;

/** Names whose values are secrets (compared without case, `_`, `-` and `.`, at the end of the name). */
const STRONG_NAMES = /(?:secret|password|passwd|pwd|passphrase|token|apikey|accesskey|secretkey|privatekey|authkey|signingkey|encryptionkey|masterkey|credentials?)$/;
/** Token names whose values are not credentials. */
const NOT_SECRET_NAMES = /(?:pagetoken|nexttoken|continuationtoken|cursortoken|tokentype|public\w*|pub(?:lic)?key)$/;

function findAssignedSecrets(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  for (const regex of [QUOTED, BARE]) {
    for (const m of text.matchAll(regex)) {
      const name = m.groups?.['name'] ?? '';
      const at = m.indices?.groups?.['secret'];
      if (!at) continue;
      if (looksSecret(name, text.slice(at[0], at[1]))) out.push({ start: at[0], end: at[1], kind: `value of ${name}` });
    }
  }
  return out;
}

/** Whether a value assigned to this name is a credential rather than an identifier, a hash, or a placeholder. */
export function looksSecret(name: string, value: string): boolean {
  const key = name.toLowerCase().replace(/[_.-]/g, '');
  if (NOT_SECRET_NAMES.test(key) || key.startsWith('public')) return false;
  const strong = STRONG_NAMES.test(key);
  if (!strong && !key.endsWith('key')) return false;
  if (isPlaceholderValue(value) || /example|placeholder|changeme|your[_-]|redacted|dummy/i.test(value)) return false;
  // Ordinary values with secret-sounding names: UUIDs (ids), `sha512-…` integrity hashes, URLs, numbers.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return false;
  if (/^(?:sha\d+|md5)[-:]/i.test(value) || /^[a-z]+:\/\//i.test(value) || /^[\d.]+$/.test(value)) return false;
  const classes = characterClasses(value);
  if (strong) {
    // A password needs no randomness to be one; two classes of characters could be a name, three are not.
    if (classes >= 3) return true;
    if (/^[0-9a-f]{32,}$/i.test(value)) return /\d/.test(value) && /[a-f]/i.test(value);
    return value.length >= 16 && classes >= 2 && entropy(value) >= 3.5 && randomLooking(value);
  }
  // A bare `…Key` is as often a cache key or a React key as a credential: only random-looking values count.
  return value.length >= 16 && classes >= 3 && entropy(value) >= 3.5 && randomLooking(value);
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9_.-]/].filter((r) => r.test(value)).length;
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/**
 * Generated keys break into short runs of letters ("k9Xw2mPq" → k, Xw, m, Pq); names and words do not
 * ("AuthService.v2" → Auth, Service, v). The average length of those runs tells the two apart.
 */
function randomLooking(value: string): boolean {
  const words = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  if (words.length === 0) return value.length >= 16;
  const letters = words.reduce((n, w) => n + w.length, 0);
  return letters / words.length < 3.5;
}
