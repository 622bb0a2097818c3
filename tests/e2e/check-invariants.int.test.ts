// `node scripts/check-invariants.mjs` against real sharded orders and payments databases (migrated as
// the services migrate them): exit 0 on a consistent saga, 1 naming the violation once money was taken
// for a FAILED order without a refund owed, or an order sits on a shard the ring does not name.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { OUTBOX_MIGRATIONS } from '@orrery/platform/outbox';
import { createShardSet, loadMigrations, migrate, type ShardSet } from '@orrery/platform/pg';
import { createTestDatabases, type TestDatabases } from '@orrery/platform/testing';
import pino from 'pino';
import { repoRoot } from '../support/local-platform.js';

const logger = pino({ level: 'silent' });
let orders: { db: TestDatabases; shards: ShardSet };
let payments: { db: TestDatabases; shards: ShardSet };

async function service(name: 'orders' | 'payments') {
  const db = await createTestDatabases();
  const shards = createShardSet({ urls: db.urls, service: 'cli-test', logger });
  await migrate(shards, [
    ...(await loadMigrations(join(repoRoot, 'services', name, 'migrations'))),
    ...OUTBOX_MIGRATIONS,
  ]);
  return { db, shards };
}

before(async () => {
  orders = await service('orders');
  payments = await service('payments');
});
after(async () => {
  for (const side of [orders, payments]) {
    await side?.shards.close();
    await side?.db.drop();
  }
});

async function cli(...extra: string[]): Promise<{ code: number; out: string }> {
  const args = [
    join(repoRoot, 'scripts', 'check-invariants.mjs'),
    '--orders',
    orders.db.urls.join(','),
    '--payments',
    payments.db.urls.join(','),
    ...extra,
  ];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args);
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

/** An order of `status` on the shard the ring names (or the other one), its payment and provider charge. */
async function orderWith(status: 'PAID' | 'FAILED', charged: boolean, misplaced = false): Promise<string> {
  const [id, userId, chargeId] = [randomUUID(), randomUUID(), `ch_${randomUUID()}`];
  const ringShard = orders.shards.shardForKey(userId);
  await orders.shards.query(
    misplaced ? (ringShard + 1) % orders.shards.size : ringShard,
    `INSERT INTO orders (id, user_id, status, total_cents, currency, payment_token, payment_id, failure_reason)
     VALUES ($1, $2, $3, 7800, 'USD', 'pm_testtesttest', $4, $5)`,
    [id, userId, status, status === 'PAID' ? chargeId : null, status === 'FAILED' ? 'declined' : null],
  );
  const succeeded = status === 'PAID';
  await payments.shards.forKey(userId).query(
    `INSERT INTO payments (order_id, user_id, payment_token, status, charge_id, failure_reason, amount_cents, currency, result_event_id)
       VALUES ($1, $2, 'pm_testtesttest', $3, $4, $5, 7800, 'USD', $6)`,
    [
      id,
      userId,
      succeeded ? 'SUCCEEDED' : 'FAILED',
      succeeded ? chargeId : null,
      succeeded ? null : 'CARD_DECLINED',
      randomUUID(),
    ],
  );
  if (charged) {
    await payments.shards.forKey(id).query(
      `INSERT INTO provider_charges (charge_id, idempotency_key, outcome, amount_cents, currency, last4)
         VALUES ($1, $2, 'succeeded', 7800, 'USD', '4242')`,
      [chargeId, id],
    );
  }
  return id;
}

test('a consistent saga passes; a charge for a FAILED order and a misplaced order are violations', async () => {
  await orderWith('PAID', true);
  await orderWith('FAILED', false);
  const clean = await cli();
  assert.equal(clean.code, 0, clean.out);
  assert.match(clean.out, /orders: 2 \(PAID 1, FAILED 1/);
  assert.match(clean.out, /violations: 0/);

  const lost = await orderWith('FAILED', true);
  const misplaced = await orderWith('PAID', true, true);
  const broken = await cli('--json');
  assert.equal(broken.code, 1, broken.out);
  const report = JSON.parse(broken.out);
  assert.deepEqual(
    report.violations.map((v: { rule: string; orderId?: string }) => `${v.rule} ${v.orderId}`).sort(),
    [`charge-not-recorded ${lost}`, `wrong-shard ${misplaced}`].sort(),
  );

  // the charge recorded as owed back is no longer lost money
  await orders.shards.query(
    0,
    `INSERT INTO late_payment_results (event_id, order_id, user_id, result, order_status, refund_owed)
     VALUES ($1, $2, $3, 'SUCCEEDED', 'FAILED', true)`,
    [randomUUID(), lost, randomUUID()],
  );
  const owed = await cli();
  assert.equal(owed.code, 1);
  assert.match(owed.out, /refunds owed 1/);
  assert.match(owed.out, new RegExp(`wrong-shard ${misplaced}: order on shard \\d, ring names \\d`));
  assert.doesNotMatch(owed.out, /charge-not-recorded/);
});
