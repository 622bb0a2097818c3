// The bare ceilings of this machine, measured in the same run as the platform paths: node:http hello,
// grpc-js unary echo, pgbench of the order + outbox transaction, redis-benchmark GET.
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { repoRoot } from '../lib/prepare.mjs';
import { grpcEchoLoad, httpLoad, httpJson } from './load.mjs';
import { metered } from './process-stats.mjs';

const run = promisify(execFile);

/** Runs a bare server script (prints its port), loads it, reports CPU seconds of server and loader. */
async function withServer(script, load) {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'bench', script)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
    return await metered({ server: child.pid }, (hooks) => load(port, hooks));
  } finally {
    child.kill('SIGTERM');
  }
}

export function bareGrpcEcho(load) {
  return withServer('echo-server.mjs', (port, hooks) =>
    grpcEchoLoad(`127.0.0.1:${port}`, { ...load, ...hooks }),
  );
}

export function bareHttpHello(load) {
  return withServer('hello-server.mjs', (port, hooks) =>
    httpLoad((agent) => httpJson(agent, `http://127.0.0.1:${port}/`, { expect: 200, raw: true }), {
      ...load,
      ...hooks,
    }),
  );
}

const PGBENCH_SCRIPT = `-- one order as CreateOrder writes it: key, order, line and outbox row in one transaction
SELECT gen_random_uuid() AS oid, gen_random_uuid() AS uid, gen_random_uuid() AS eid \\gset
BEGIN;
INSERT INTO idempotency_keys (user_id, key, request_hash, order_id, expires_at) VALUES (:uid, 'bench-key-0001', repeat('a', 64), :oid, now() + interval '24 hours');
INSERT INTO orders (id, user_id, total_cents, currency, payment_token) VALUES (:oid, :uid, 2599, 'EUR', 'pm_bench');
INSERT INTO order_items (order_id, line, product_id, product_name, unit_price_cents, currency, quantity) VALUES (:oid, 0, 'sku-1', 'Bench widget', 2599, 'EUR', 1);
INSERT INTO outbox (event_id, topic, key, event_type, payload) VALUES (:eid, 'bench.orders', :uid, 'OrderCreated', '\\x0a01');
COMMIT;
`;

/** Creates `database` afresh with the orders service's schema (its migrations and the outbox's). */
async function ordersSchemaDatabase(adminUrl, database) {
  const { OUTBOX_MIGRATIONS } = await import('../../packages/platform/dist/outbox/index.js');
  const { createShardSet, loadMigrations, migrate } = await import(
    '../../packages/platform/dist/pg/index.js'
  );
  const { createLogger } = await import('../../packages/platform/dist/log/index.js');
  const { withDatabase } = await import('../../packages/launcher/dist/services/index.js');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, database);
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const shards = createShardSet({ urls: [url], service: 'bench', logger });
  try {
    await migrate(shards, [
      ...(await loadMigrations(join(repoRoot, 'services', 'orders', 'migrations'))),
      ...OUTBOX_MIGRATIONS,
    ]);
  } finally {
    await shards.close();
  }
  return url;
}

/** pgbench of the order + outbox transaction in a scratch database with the orders schema. */
export async function pgbenchOrderTransaction(adminUrl, { concurrency, durationMs }) {
  const url = await ordersSchemaDatabase(adminUrl, 'bench_pgbench');
  const scriptFile = join(tmpdir(), `orrery-pgbench-${process.pid}.sql`);
  writeFileSync(scriptFile, PGBENCH_SCRIPT);
  const clients = Math.min(concurrency, 16);
  const { stdout } = await run(
    'pgbench',
    [
      '-n',
      '-f',
      scriptFile,
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(Math.round(durationMs / 1000)),
      '-r',
      '-M',
      'extended',
      url,
    ],
    { maxBuffer: 1 << 24 },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? Number.NaN);
  return {
    rps: tps,
    p50: latencyMs,
    p99: Number.NaN,
    errors: Number(/failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0),
    note: 'p50 column: average',
  };
}

/** redis-benchmark GET against the platform's Redis. */
export async function redisBenchmarkGet(redisUrl, { concurrency }) {
  const { hostname, port } = new URL(redisUrl);
  const { stdout } = await run('redis-benchmark', [
    '-h',
    hostname,
    '-p',
    port,
    '-t',
    'get',
    '-n',
    '200000',
    '-c',
    String(concurrency),
    '--csv',
  ]);
  const line = stdout
    .trim()
    .split('\n')
    .find((l) => l.startsWith('"GET"'));
  const cells = (line ?? '').split(',').map((cell) => Number(cell.replaceAll('"', '')));
  return { rps: cells[1], p50: cells[4], p99: cells[6], errors: 0 };
}
