// The whole platform as a user runs it: four service processes on real Postgres shards, Redis and
// Kafka; calls through the gateway and straight to the services over gRPC.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { callerMetadata, createClient, RpcError, Status } from '@orrery/platform/grpc';
import { createShardSet } from '@orrery/platform/pg';
import pino from 'pino';
import { metricsText } from '../support/http.js';
import { startTestPlatform, type TestPlatform } from '../support/local-platform.js';
import { queryShards } from '../support/shards.js';

let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform();
});
after(async () => {
  await platform?.stop();
});

const gateway = (path: string) => fetch(`http://127.0.0.1:${platform.ports.gatewayHttp}${path}`);

/** Users on each shard, in shard order. */
async function countUsers(): Promise<number[]> {
  const rows = await queryShards<{ n: string }>(
    platform.databases.users.urls,
    'SELECT count(*) AS n FROM users',
  );
  return rows.map((row) => Number(row.n));
}

test('the gateway is live and ready once every upstream reports SERVING', async () => {
  assert.equal((await gateway('/healthz')).status, 200);
  const response = await gateway('/readyz');
  const report = (await response.json()) as { ready: boolean; checks: { name: string; ok: boolean }[] };
  assert.equal(response.status, 200);
  assert.deepEqual(
    report.checks.map((check) => [check.name, check.ok]),
    [
      ['upstream users', true],
      ['upstream orders', true],
      ['upstream payments', true],
    ],
  );
});

test('GET /v1/products serves the catalog from the orders service', async () => {
  const response = await gateway('/v1/products');
  assert.equal(response.status, 200);
  const { products } = (await response.json()) as {
    products: { id: string; unitPrice: { amountCents: number; currency: string } }[];
  };
  assert.equal(products.length, 8);
  assert.ok(products.some((product) => product.id === 'telescope-80mm'));
  for (const { unitPrice } of products) {
    assert.ok(Number.isInteger(unitPrice.amountCents) && unitPrice.amountCents > 0);
    assert.equal(unitPrice.currency, 'USD');
  }
});

test('unknown routes and wrong methods answer problem+json, never 5xx', async () => {
  const response = await gateway('/v1/nothing-here');
  assert.equal(response.status, 404);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(((await response.json()) as { type: string }).type, '/problems/not-found');
});

test('a user is stored once, on the shard the ring names for its id', async () => {
  const users = createClient(UsersService, `127.0.0.1:${platform.ports.usersGrpc}`);
  const shards = createShardSet({
    urls: platform.databases.users.urls,
    service: 'test',
    logger: pino({ level: 'silent' }),
  });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { user } = await users.createUser({
        email: `ring-${i}@example.com`,
        password: 'long enough',
        displayName: `R${i}`,
      });
      assert.ok(user);
      ids.push(user.id);
    }
    const holders = new Set<number>();
    for (const id of ids) {
      const found = await Promise.all(
        shards
          .all()
          .map(async (shard) => (await shard.query('SELECT 1 FROM users WHERE id = $1', [id])).rowCount),
      );
      const expected = shards.shardForKey(id);
      assert.deepEqual(
        found,
        shards.all().map((shard) => (shard.shard === expected ? 1 : 0)),
        `user ${id}`,
      );
      holders.add(expected);
    }
    assert.equal(holders.size, 2, '12 users should land on both shards');
    const first = ids[0] as string;
    assert.equal(
      (await users.getUser({ id: first }, { metadata: callerMetadata(first) })).user?.displayName,
      'R0',
    );
  } finally {
    users.close();
    await shards.close();
  }
});

test('malformed gRPC requests answer INVALID_ARGUMENT and store nothing', async () => {
  const users = createClient(UsersService, `127.0.0.1:${platform.ports.usersGrpc}`);
  try {
    const before = await countUsers();
    const bad = [
      { email: '', password: 'long enough', displayName: 'x' },
      { email: 'no-at-sign', password: 'long enough', displayName: 'x' },
      { email: 'a@b.c', password: 'short', displayName: 'x' },
      { email: 'a@b.c', password: 'long enough', displayName: '   ' },
      { email: "x'); DROP TABLE users; --@example.com", password: 'long enough', displayName: 'x' },
    ];
    for (const request of bad) {
      await assert.rejects(users.createUser(request), (error: unknown) => {
        assert.ok(error instanceof RpcError);
        assert.equal(error.code, Status.INVALID_ARGUMENT, `${JSON.stringify(request)} → ${error.message}`);
        return true;
      });
    }
    await assert.rejects(
      users.getUser({ id: 'not-a-uuid' }),
      (error: RpcError) => error.code === Status.INVALID_ARGUMENT,
    );
    assert.deepEqual(await countUsers(), before);
  } finally {
    users.close();
  }
});

test('every served RPC and route shows up in the RED histograms', async () => {
  const usersMetrics = await metricsText(platform.ports.usersAdmin);
  assert.match(
    usersMetrics,
    /orrery_rpc_server_duration_seconds_count\{[^}]*rpc_method="CreateUser"[^}]*rpc_code="OK"[^}]*\} [1-9]/,
  );
  assert.match(
    usersMetrics,
    /orrery_rpc_server_duration_seconds_count\{[^}]*rpc_code="INVALID_ARGUMENT"[^}]*\} [1-9]/,
  );
  const gatewayMetrics = await metricsText(platform.ports.gatewayAdmin);
  assert.match(
    gatewayMetrics,
    /orrery_http_server_duration_seconds_count\{[^}]*route="\/v1\/products"[^}]*status_code="200"[^}]*\} [1-9]/,
  );
});

test('SIGTERM drains every service and it exits 0', async () => {
  const exits = platform.services.running.map(
    (service) =>
      new Promise<[string, number | null]>((resolve) =>
        service.child.once('exit', (code) => resolve([service.name, code])),
      ),
  );
  await platform.services.stop(20_000);
  assert.deepEqual((await Promise.all(exits)).sort(), [
    ['gateway', 0],
    ['orders', 0],
    ['payments', 0],
    ['users', 0],
  ]);
});
