// `node scripts/check-invariants.mjs`: checks the order saga's invariants (no lost order, no double
// charge, money taken only for PAID orders or recorded as owed back, rows on the ring's shard, outbox
// published) on every shard of the orders and payments databases, prints the report and exits 1 on a
// violation. Without URLs it reads the running local platform's `.local/infra/infra.json` (`npm start`).
//   --orders <url,url>     Postgres URLs of the orders database, one per shard, in shard order
//   --payments <url,url>   the same for payments (or ORRERY_CHECK_ORDERS_URLS / ORRERY_CHECK_PAYMENTS_URLS)
//   --wait <seconds>       poll until no order is PENDING and the outboxes are drained, at most this long
//   --json                 print the report as JSON
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/prepare.mjs';

const USAGE =
  'usage: node scripts/check-invariants.mjs [--orders <urls>] [--payments <urls>] [--wait <s>] [--json]';

function parseArgs(argv) {
  const options = { json: false, waitSeconds: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--orders') options.orders = value();
    else if (arg === '--payments') options.payments = value();
    else if (arg === '--wait') {
      options.waitSeconds = Number(value());
      if (!(options.waitSeconds >= 0 && options.waitSeconds <= 3600))
        throw new Error('--wait: expected seconds from 0 to 3600');
    } else if (arg === '--json') options.json = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

const list = (text) =>
  text
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);

/** The shard URLs of the local platform (`npm start`), from the manifest it writes. */
async function localUrls(database) {
  const { readManifest } = await import('../packages/launcher/dist/index.js');
  const { withDatabase } = await import('../packages/launcher/dist/services/index.js');
  const dataDir = join(repoRoot, '.local', 'infra');
  const manifest = await readManifest(dataDir);
  if (manifest === undefined) {
    throw new Error(
      `no --${database} URLs given and no running local platform (${join(dataDir, 'infra.json')} is missing or unreadable)`,
    );
  }
  return Array.from({ length: manifest.shards }, (_, shard) =>
    withDatabase(manifest.endpoints[`postgres shard ${shard}`], database),
  );
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const checker = join(repoRoot, 'tests', 'dist', 'support', 'invariants.js');
  if (!existsSync(checker)) throw new Error('the checker is not built yet: run `npm run build` first');
  const { settledSagaReport, formatSagaReport } = await import(checker);
  const urlsOf = (database, given, variable) =>
    given !== undefined
      ? list(given)
      : process.env[variable]
        ? list(process.env[variable])
        : localUrls(database);
  const databases = {
    orders: await urlsOf('orders', options.orders, 'ORRERY_CHECK_ORDERS_URLS'),
    payments: await urlsOf('payments', options.payments, 'ORRERY_CHECK_PAYMENTS_URLS'),
  };
  const report = await settledSagaReport(databases, { timeoutMs: options.waitSeconds * 1000 });
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatSagaReport(report, 50));
  process.exit(report.violations.length === 0 ? 0 : 1);
}

main().catch((error) => {
  // connection errors name host and port only; URLs with passwords are never printed
  console.error(`[check-invariants] ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
