// Recall of the lexical index over a fixture repo (test/fixtures/codebase): for each question of the table, is
// the file that answers it among the files of the five best chunks? The floor is what the lexical rank alone
// must reach: 0.8 leaves room for questions put wholly in other words ("money back" for a refund), which
// embeddings are for; a language server's symbols and embeddings only add to it in the editor.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ignore from 'ignore';
import { SearchIndex } from '../../src/core/codebase/searchIndex';
import { exclusionOf } from '../../src/core/context/items';

const ROOT = join(process.cwd(), 'test', 'fixtures', 'codebase');

/** Question → the file that answers it. */
const QUESTIONS: readonly (readonly [string, string])[] = [
  ['how long do we wait before retrying a failed request', 'shop/http/retry.ts'],
  ['which status codes are retried', 'shop/http/retry.ts'],
  ['where is the request timeout of the http client set', 'shop/http/client.py'],
  ['when does a login session expire', 'shop/auth/session.go'],
  ['how are passwords hashed and verified', 'shop/auth/password.py'],
  ['which roles may delete an order', 'shop/auth/permissions.rb'],
  ['how is the cart total computed with discount and tax', 'shop/cart/cart.py'],
  ['apply a coupon code for a percentage off', 'shop/cart/coupons.go'],
  ['what VAT rate applies to each country', 'shop/cart/tax.rs'],
  ['where is the payment captured at checkout', 'shop/orders/checkout.py'],
  ['how are invoice numbers generated each year', 'shop/orders/invoice.java'],
  ['refund the lines of an order that were not shipped', 'shop/orders/refunds.py'],
  ['reserve stock while the customer checks out', 'shop/inventory.py'],
  ['parse quoted fields in a CSV row', 'shop/util/csv.py'],
  ['format a date in the user time zone', 'shop/util/dates.ts'],
  ['turn a title into a URL slug', 'shop/util/slugify.rb'],
  ['evict the least recently used cache entry', 'shop/util/lru_cache.go'],
  ['filter log messages below a level', 'shop/util/logger.py'],
  ['run the database schema migrations in order', 'shop/db/migrations.py'],
  ['limit how many database connections are open', 'shop/db/pool.rs'],
  ['render the welcome email', 'shop/email/templates.py'],
  ['how many emails per minute can we send over SMTP', 'shop/email/sender.go'],
  ['search products despite typos with edit distance', 'shop/search.java'],
  ['create fake users in the development database', 'scripts/seed_users.py'],
  ['monthly sales revenue report', 'scripts/monthly_report.py'],
  ['resize product images to thumbnails', 'workers/thumbnail.go'],
  ['failed jobs go to a dead letter queue', 'workers/queue.go'],
  ['turn on a feature flag with an environment variable', 'api/feature_flags.ts'],
  ['answer 429 when a client sends too many requests', 'api/rate_limit.rs'],
  ['which handler serves GET /orders/:id', 'api/routes.rb'],
  ['which order status changes are allowed', 'shop/orders/order_status.ts'],
  ['how do we roll back a deployment', 'docs/deploying.md'],
  // Paraphrases: fewer of the code's own words.
  ['how long can someone stay logged in without doing anything', 'shop/auth/session.go'],
  ['compare hashes in constant time', 'shop/auth/password.py'],
  ['what happens when the card is declined', 'shop/orders/checkout.py'],
  ['give the customer money back', 'shop/orders/refunds.py'],
  ['what is the largest side of a preview picture', 'workers/thumbnail.go'],
  ['throttle outgoing mail to stay under the provider quota', 'shop/email/sender.go'],
  ['jitter between attempts', 'shop/http/retry.ts'],
  ['sliding expiration', 'shop/auth/session.go'],
];

/** What the host would index: not git-ignored (dist/, *.log), not excluded by Parley's defaults (.env). */
function indexedFiles(): string[] {
  const rules = ignore().add(readFileSync(join(ROOT, '.gitignore'), 'utf8'));
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      const path = relative(ROOT, full).replace(/\\/g, '/');
      if (statSync(full).isDirectory()) return rules.ignores(`${path}/`) ? [] : walk(full);
      return rules.ignores(path) || exclusionOf(path) !== undefined ? [] : [path];
    });
  return walk(ROOT);
}

describe('codebase recall over the fixture repo', () => {
  const index = new SearchIndex();
  const files = indexedFiles();
  for (const path of files) index.setFile(path, { mtime: 0, size: 0 }, readFileSync(join(ROOT, path), 'utf8'));

  it('indexes the fixture repo less its git-ignored and excluded files', () => {
    assert.ok(files.length >= 30, `${files.length} files`);
    assert.ok(!files.includes('.env') && !files.some((f) => f.startsWith('dist/')));
    assert.ok(index.query('STRIPE_SECRET_KEY hunter2', 20).every((h) => h.path !== '.env'));
    assert.ok(!index.query('computeBackoffDelay', 20).some((h) => h.path.startsWith('dist/')));
  });

  it('has the answer file among the top 5 chunks for at least 80% of the questions', () => {
    const missed: string[] = [];
    let first = 0;
    for (const [question, answer] of QUESTIONS) {
      const top = index.query(question, 5).map((h) => h.path);
      if (top[0] === answer) first++;
      if (!top.includes(answer)) missed.push(`${question} → ${answer} (got ${top.join(', ') || 'nothing'})`);
    }
    const recall = (QUESTIONS.length - missed.length) / QUESTIONS.length;
    console.log(`      recall@5 = ${recall.toFixed(3)}, recall@1 = ${(first / QUESTIONS.length).toFixed(3)} over ${QUESTIONS.length} questions${missed.length ? `; missed:\n        ${missed.join('\n        ')}` : ''}`);
    assert.ok(recall >= 0.8, `recall@5 ${recall.toFixed(3)} is below 0.8`);
  });
});
