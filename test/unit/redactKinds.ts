// Random fake secrets of every kind the scanner knows, for the property tests: each with the text a person
// would have around it (a variable name, quotes) and the exact characters that are secret. Values are built
// at run time, so no file here holds a token-shaped string for other scanners to flag.
import * as crypto from 'node:crypto';
import * as fc from 'fast-check';

export interface Planted {
  /** Text before the secret that stays (e.g. `AWS_SECRET_ACCESS_KEY = "`). */
  readonly before: string;
  readonly secret: string;
  readonly after: string;
  /** The kind the placeholder must name. */
  readonly kind: string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const ALNUM = UPPER + LOWER + DIGIT;

/** `n` characters of the alphabet (or between `n` and `max`). */
export function chars(alphabet: string, n: number, max = n): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: max }).map((a) => a.join(''));
}

/** Random-looking: at least one of each of upper, lower and digit, as generated keys have. */
function mixed(n: number, extra = ''): fc.Arbitrary<string> {
  return fc
    .tuple(chars(UPPER, 1), chars(LOWER, 1), chars(DIGIT, 1), chars(ALNUM + extra, n - 4), chars(ALNUM, 1))
    .map(([u, l, d, rest, last]) => u + rest + l + d + last);
}

const bare = (kind: string, secret: fc.Arbitrary<string>): fc.Arbitrary<Planted> =>
  fc.tuple(secret, fc.constantFrom('', '"', "'", '`')).map(([s, q]) => ({ before: q, secret: s, after: q, kind }));

/** A 1Password service account token is base64 of a JSON object; the rule decodes it to check. */
function onePasswordBody(key: string, srpX: string): string {
  let json = JSON.stringify({ email: 'ci@1passwordserviceaccounts.com', secretKey: key, srpX, signInAddress: 'my.1password.com' });
  while (json.length % 3 !== 1) json = json.replace('{', '{ ');
  return Buffer.from(json).toString('base64');
}

function pemKeys(): string[] {
  const ec = (format: 'pkcs8' | 'sec1') =>
    crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: format, format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return [ec('pkcs8'), rsa].map((k) => k.trimEnd());
}

/** The kinds secretlint's recommended rules find (with the AWS id rule on). */
export function secretlintKinds(): Record<string, fc.Arbitrary<Planted>> {
  const keys = pemKeys();
  return {
    awsAccessKeyId: bare('AWS Access Key ID', fc.tuple(fc.constantFrom('AKIA', 'ASIA'), chars(UPPER + DIGIT, 16)).map(([p, s]) => p + s)),
    awsSecretAccessKey: fc
      .tuple(fc.constantFrom('AWS_SECRET_ACCESS_KEY', 'aws_secret_access_key', 'SecretAccessKey'), fc.constantFrom(' = ', '=', ': ', ' => '), fc.constantFrom('"', "'"), mixed(40, '/+'))
      .map(([name, op, q, s]) => ({ before: `${name}${op}${q}`, secret: s, after: q, kind: 'AWS Secret Access Key' })),
    awsAccountId: fc
      .tuple(chars(DIGIT, 4), chars(DIGIT, 4), chars(DIGIT, 4), fc.constantFrom('-', ''))
      .map(([a, b, c, d]) => ({ before: 'AWS_ACCOUNT_ID = "', secret: [a, b, c].join(d), after: '"', kind: 'AWS Account ID' })),
    githubClassic: bare('GitHub Token', fc.tuple(fc.constantFrom('ghp', 'gho', 'ghu', 'ghs', 'ghr'), mixed(36)).map(([p, s]) => `${p}_${s}`)),
    githubFineGrained: bare('GitHub Token', fc.tuple(mixed(22), mixed(59)).map(([a, b]) => `github_pat_${a}_${b}`)),
    npmToken: bare('npm Access Token', mixed(36).map((s) => `npm_${s}`)),
    slackToken: bare('Slack Token', fc.tuple(fc.constantFrom('xoxb', 'xoxp'), chars(DIGIT, 10, 13), chars(DIGIT, 10, 13), mixed(24)).map((p) => p.join('-'))),
    slackWebhook: bare('Slack Webhook URL', fc.tuple(chars(UPPER + DIGIT, 8), chars(UPPER + DIGIT, 8), mixed(24)).map(([t, b, s]) => `https://hooks.slack.com/services/T${t}/B${b}/${s}`)),
    basicAuthUrl: fc
      .tuple(fc.constantFrom('https', 'http', 'ftp'), chars(LOWER, 3, 8), mixed(12, '_-'))
      .map(([scheme, user, pass]) => ({ before: `"${scheme}://${user}:`, secret: pass, after: '@build.example.com/repo"', kind: 'password in a URL' })),
    openaiLegacy: bare('OpenAI API Key', fc.tuple(mixed(20), mixed(20)).map(([a, b]) => `sk-${a}T3BlbkFJ${b}`)),
    anthropic: bare('Anthropic API Key', mixed(93, '_-').map((s) => `sk-ant-api03-${s}AA`)),
    linear: bare('Linear API Key', mixed(40).map((s) => `lin_api_${s}`)),
    privateKey: fc
      .tuple(fc.constantFrom(...keys), fc.constantFrom('\n', '\r\n'))
      .map(([k, eol]) => ({ before: '\n', secret: k.replace(/\n/g, eol), after: eol, kind: 'Private Key' })),
    sendgrid: bare('SendGrid API Key', fc.tuple(mixed(22), mixed(43)).map(([a, b]) => `SG.${a}.${b}`)),
    shopify: bare('Shopify Token', fc.tuple(fc.constantFrom('shpat', 'shpss', 'shpca'), mixed(32)).map(([p, s]) => `${p}_${s}`)),
    onePassword: bare('1Password Service Account Token', fc.tuple(mixed(40), mixed(44)).map(([k, x]) => `ops_${onePasswordBody(k, x)}`)),
    mongodb: fc
      .tuple(chars(LOWER, 3, 8), mixed(14, '_-'))
      .map(([u, p]) => ({ before: `"mongodb+srv://${u}:`, secret: p, after: '@cluster0.example.net/app?retryWrites=true"', kind: 'MongoDB password' })),
    mysql: fc
      .tuple(chars(LOWER, 3, 8), mixed(14, '_-'))
      .map(([u, p]) => ({ before: `mysql://${u}:`, secret: p, after: '@db.internal:3306/shop', kind: 'MySQL password' })),
    postgres: fc
      .tuple(fc.constantFrom('postgres', 'postgresql'), chars(LOWER, 3, 8), mixed(14, '_-'))
      .map(([s, u, p]) => ({ before: `${s}://${u}:`, secret: p, after: '@localhost:5432/app', kind: 'PostgreSQL password' })),
  };
}

/** Ordinary text around the secrets: words, code punctuation, non-ASCII, and both line endings. */
export const filler: fc.Arbitrary<string> = fc
  .array(fc.constantFrom('const', 'value', 'return', 'café', 'naïve', '😀', '中文', 'Ω', '\t', ' ', ' ', '\n', '\r\n', ';', '(', ')', '{', '}', '=', '.', ',', '// note', '42', 'x'), { maxLength: 30 })
  .map((a) => a.join(''));

/** The kinds Parley's own patterns find, where secretlint 11 has no rule. */
export function patternKinds(): Record<string, fc.Arbitrary<Planted>> {
  const HEX = '0123456789abcdef';
  const hex = (n: number) => fc.tuple(chars(DIGIT, 1), chars('abcdef', 1), chars(HEX, n - 2)).map(([d, l, r]) => d + l + r);
  const ed25519 = crypto.generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey.trimEnd();
  const sec1 = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey.trimEnd();
  const b64url = (n: number) => mixed(n, '_-');
  return {
    gitlab: bare('GitLab Token', mixed(20, '_-').map((s) => `glpat-${s}`)),
    stripe: bare('Stripe Secret Key', fc.tuple(fc.constantFrom('sk', 'rk'), fc.constantFrom('live', 'test'), mixed(24)).map(([a, b, s]) => `${a}_${b}_${s}`)),
    stripeWebhook: bare('Stripe Webhook Secret', mixed(32).map((s) => `whsec_${s}`)),
    googleApiKey: bare('Google API Key', b64url(35).map((s) => `AIza${s}`)),
    googleClientSecret: bare('Google OAuth Client Secret', b64url(28).map((s) => `GOCSPX-${s}`)),
    jwt: bare('JSON Web Token', fc.tuple(b64url(20), b64url(40), b64url(43)).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`)),
    openaiProject: bare('OpenAI API Key', b64url(48).map((s) => `sk-proj-${s}`)),
    huggingFace: bare('Hugging Face Token', mixed(34).map((s) => `hf_${s}`)),
    digitalOcean: bare('DigitalOcean Token', hex(64).map((s) => `dop_v1_${s}`)),
    databricks: bare('Databricks Token', hex(32).map((s) => `dapi${s}`)),
    telegram: bare('Telegram Bot Token', fc.tuple(chars(DIGIT, 9), b64url(33)).map(([id, s]) => `${id}:AA${s}`)),
    shortPrivateKey: fc
      .tuple(fc.constantFrom(ed25519, sec1), fc.constantFrom('\n', '\r\n'))
      .map(([k, eol]) => ({ before: '\n', secret: k.replace(/\n/g, eol), after: eol, kind: 'Private Key' })),
    npmrc: mixed(36, '-').map((s) => ({ before: '//registry.npmjs.org/:_authToken=', secret: s, after: '\n', kind: 'npm auth token' })),
    urlPassword: fc
      .tuple(fc.constantFrom('redis', 'amqp', 'mssql', 'smtp'), chars(LOWER, 0, 6), mixed(16, '_-!~'))
      .map(([scheme, user, pass]) => ({ before: `"${scheme}://${user}:`, secret: pass, after: '@queue.internal:5672"', kind: 'password in a URL' })),
    adoPassword: mixed(14, '!#@')
      .map((p) => ({ before: '"Server=db;Database=shop;User Id=sa;Password=', secret: p, after: ';Encrypt=true"', kind: 'password in a connection string' })),
    azureAccountKey: mixed(86, '+/')
      .map((k) => ({ before: '"DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=', secret: `${k}==`, after: ';EndpointSuffix=core.windows.net"', kind: 'Azure Storage Account Key' })),
    bearer: mixed(32, '-_.').map((t) => ({ before: '"Authorization": "Bearer ', secret: t, after: '"', kind: 'Bearer token' })),
    assigned: fc
      .tuple(fc.constantFrom('password', 'DB_PASSWORD', 'clientSecret', 'api_key', 'authToken', 'SIGNING_KEY', 'secret'), fc.constantFrom(' = ', '=', ': ', ' := ', ' => '), fc.constantFrom('"', "'"), mixed(24, '!@#%^&*+/='))
      .map(([name, op, q, s]) => ({ before: `${name}${op}${q}`, secret: s, after: q, kind: `value of ${name}` })),
    envLine: fc
      .tuple(fc.constantFrom('API_TOKEN', 'SESSION_SECRET', 'SMTP_PASSWORD', 'ENCRYPTION_KEY'), fc.constantFrom('=', ': '), mixed(32))
      .map(([name, op, s]) => ({ before: `\n${name}${op}`, secret: s, after: '\n', kind: `value of ${name}` })),
  };
}
