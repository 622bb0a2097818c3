import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { Readiness } from '../admin/index.js';
import { requireTestEnv } from '../testing/index.js';
import { createRedis, type RedisClient } from './create-redis.js';

const logger = pino({ level: 'silent' });

describe('redis client (real Redis)', () => {
  let redis: RedisClient;
  before(async () => {
    redis = createRedis({ url: requireTestEnv('ORRERY_TEST_REDIS_URL'), logger });
  });
  after(() => redis?.close());

  it('does not connect until asked, then answers PING', async () => {
    assert.equal(redis.client.status, 'wait');
    assert.equal(redis.isReady(), false);
    await redis.connect();
    assert.equal(redis.isReady(), true);
    await redis.ping();
    const key = `platform-int:${process.pid}:${Date.now()}`;
    await redis.client.set(key, 'v', 'PX', 5000);
    assert.equal(await redis.client.get(key), 'v');
    await redis.client.del(key);
  });

  it('serves as a readiness check: ready when up, a precise failure when down', async () => {
    const readiness = new Readiness().add('redis', () => redis.ping(), { timeoutMs: 1000 });
    assert.equal((await readiness.run()).ready, true);

    const dead = createRedis({ url: 'redis://127.0.0.1:1', logger, commandTimeoutMs: 300 });
    try {
      await assert.rejects(dead.connect(), /Connection is closed/);
      const down = new Readiness().add('redis', () => dead.ping(), { timeoutMs: 1000 });
      const report = await down.run();
      assert.equal(report.ready, false);
      assert.equal(report.checks[0]?.name, 'redis');
      assert.match(
        report.checks[0]?.error ?? '',
        /^redis is not connected \(status (reconnecting|connecting); last error: connect ECONNREFUSED 127\.0\.0\.1:1\)$/,
      );
    } finally {
      await dead.close();
    }
  });

  it('close() ends the connection', async () => {
    await redis.close();
    assert.equal(redis.client.status, 'end');
    assert.equal(redis.isReady(), false);
  });
});
