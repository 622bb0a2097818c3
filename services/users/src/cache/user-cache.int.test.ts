// The user cache against the real Redis of the test run (and a Redis that is not there).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createRedis, type RedisClient } from '@orrery/platform/redis';
import { requireTestEnv } from '@orrery/platform/testing';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { User } from '../users/user.js';
import { userCache } from './user-cache.js';

const logger = pino({ level: 'silent' });
let redis: RedisClient;

before(async () => {
  redis = createRedis({ url: requireTestEnv('ORRERY_TEST_REDIS_URL'), logger });
  await redis.connect();
});
after(() => redis?.close());

async function count(registry: Registry, name: string, result?: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? [])
    .filter((value) => result === undefined || value.labels.result === result)
    .reduce((sum, value) => sum + value.value, 0);
}

function user(id: string, name: string, updatedAt: Date): User {
  return {
    id,
    email: `${name}@example.test`,
    displayName: name,
    role: 'USER',
    createdAt: new Date(0),
    updatedAt,
  };
}

test('a miss loads and fills the cache; the next read is a hit without loading', async () => {
  const registry = new Registry();
  const cache = userCache({ redis, ttlSeconds: 60, logger, registry });
  const id = randomUUID();
  let loads = 0;
  const load = async () => {
    loads++;
    return user(id, 'ada', new Date(1_000));
  };
  assert.equal((await cache.get(id, load))?.displayName, 'ada');
  const again = await cache.get(id, load);
  assert.equal(loads, 1);
  assert.deepEqual(again, user(id, 'ada', new Date(1_000)), 'dates survive the round trip');
  assert.equal(await count(registry, 'orrery_cache_requests_total', 'hit'), 1);
  assert.equal(await count(registry, 'orrery_cache_requests_total', 'miss'), 1);
  assert.ok((await redis.client.ttl(`orrery:users:v1:${id}`)) > 50, 'stored with the TTL');
});

test('single flight: 50 concurrent misses on one key make one load', async () => {
  const registry = new Registry();
  const cache = userCache({ redis, ttlSeconds: 60, logger, registry });
  const id = randomUUID();
  let loads = 0;
  const load = async () => {
    loads++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return user(id, 'hot', new Date(1_000));
  };
  const results = await Promise.all(Array.from({ length: 50 }, () => cache.get(id, load)));
  assert.equal(loads, 1);
  assert.ok(results.every((result) => result?.displayName === 'hot'));
  assert.equal(await count(registry, 'orrery_cache_coalesced_total'), 49);
});

test('a slow reader cannot put back a value older than an update or a delete', async () => {
  const cache = userCache({ redis, ttlSeconds: 60, logger, registry: new Registry() });
  const id = randomUUID();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  // the reader loads version 1 and stalls before filling the cache …
  const slowRead = cache.get(id, async () => {
    await gate;
    return user(id, 'old', new Date(1_000));
  });
  // … while an update commits version 2
  await cache.written(user(id, 'new', new Date(2_000)));
  release();
  await slowRead;
  assert.equal((await cache.get(id, async () => assert.fail('must be a hit')))?.displayName, 'new');

  await cache.deleted(id);
  const revived = await cache.get(id, async () => user(id, 'new', new Date(2_000)));
  assert.equal(revived?.displayName, 'new', 'the loader is asked (the tombstone is a miss) …');
  assert.equal(
    await cache.get(id, async () => undefined),
    undefined,
    '… but its older version did not replace the tombstone',
  );
});

test('with Redis unreachable reads go to the loader and count as degraded', async () => {
  const down = createRedis({ url: 'redis://127.0.0.1:1', logger, commandTimeoutMs: 100 });
  const registry = new Registry();
  const cache = userCache({ redis: down, ttlSeconds: 60, logger, registry });
  const id = randomUUID();
  try {
    for (let i = 0; i < 3; i++) {
      assert.equal((await cache.get(id, async () => user(id, 'pg', new Date(1_000))))?.displayName, 'pg');
    }
    await cache.written(user(id, 'pg2', new Date(2_000))); // deferred, not thrown
    assert.equal(await count(registry, 'orrery_cache_degraded_reads_total'), 3);
    assert.equal(await count(registry, 'orrery_cache_requests_total', 'bypass'), 3);
  } finally {
    await down.close();
  }
});
