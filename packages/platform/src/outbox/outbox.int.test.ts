import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kafka } from 'kafkajs';
import { pino } from 'pino';
import {
  createKafka,
  createProducer,
  EVENT_HEADERS,
  type EventProducer,
  ensureTopics,
} from '../kafka/index.js';
import { type Collected, collect, eventually, metricValue } from '../kafka/int-test-kit.js';
import { createMetrics } from '../metrics/index.js';
import { createShardSet, migrate, type ShardSet } from '../pg/index.js';
import { startTelemetry, type Telemetry, withSpan } from '../telemetry/index.js';
import { createTestDatabases, requireTestList, type TestDatabases } from '../testing/index.js';
import { appendToOutbox, type OutboxEvent } from './append.js';
import { OUTBOX_MIGRATIONS } from './migrations.js';
import { markProcessed } from './processed.js';
import { countBacklog, deleteExpired } from './publish-batch.js';
import { createOutboxRelay } from './relay.js';

const logger = pino({ level: 'silent' });

describe('outbox, idempotent consumer table and relay (real Postgres + Kafka)', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `outbox-int-${suffix}`;
  let dbs: TestDatabases;
  let shards: ShardSet;
  let kafka: Kafka;
  let producer: EventProducer;
  let telemetry: Telemetry;

  const event = (key: string, type = 'test.Happened'): OutboxEvent => ({
    topic,
    key,
    eventId: randomUUID(),
    type,
    payload: Buffer.from(`payload for ${key}`),
  });
  const count = async (shard: number, where = 'true') =>
    Number(
      (await shards.query<{ n: string }>(shard, `SELECT count(*) AS n FROM outbox WHERE ${where}`)).rows[0]
        ?.n,
    );

  before(async () => {
    telemetry = startTelemetry({ serviceName: 'outbox-int', serviceVersion: '0.0.0', esmHooks: false });
    dbs = await createTestDatabases();
    shards = createShardSet({ urls: dbs.urls, service: 'outbox-int', poolMax: 4, logger });
    await migrate(shards, OUTBOX_MIGRATIONS);
    kafka = createKafka({
      brokers: requireTestList('ORRERY_TEST_KAFKA_BROKERS'),
      clientId: `outbox-${suffix}`,
      logger,
    });
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    producer = createProducer(kafka);
  });
  after(async () => {
    await producer?.disconnect();
    await shards?.close();
    await dbs?.drop();
    await telemetry?.shutdown();
  });

  it('appends inside the transaction: a rollback leaves no row, a commit keeps it with its traceparent', async () => {
    const rolledBack = event('user-rb');
    await assert.rejects(
      shards.withTransaction(0, async (client) => {
        await appendToOutbox(client, rolledBack);
        throw new Error('business rule failed');
      }),
      /business rule failed/,
    );
    assert.equal(await count(0, `event_id = '${rolledBack.eventId}'`), 0);

    const kept = event('user-ok');
    const writer = await withSpan('place order', {}, async (span) => {
      await shards.withTransaction(0, (client) => appendToOutbox(client, kept));
      return span.spanContext();
    });
    const { rows } = await shards.query<{
      key: string;
      traceparent: string;
      payload: Buffer;
      published_at: null;
    }>(0, 'SELECT key, traceparent, payload, published_at FROM outbox WHERE event_id = $1', [kept.eventId]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.key, 'user-ok');
    // the writing span's own context (unsampled here: this process exports nothing)
    assert.equal(rows[0]?.traceparent, `00-${writer.traceId}-${writer.spanId}-0${writer.traceFlags}`);
    assert.deepEqual(rows[0]?.payload, Buffer.from('payload for user-ok'));
    assert.equal(rows[0]?.published_at, null);
    await shards.query(0, 'DELETE FROM outbox');
  });

  it('refuses a malformed event and stores nothing', async () => {
    const bad: OutboxEvent = { ...event('user-bad'), eventId: 'not-a-uuid' };
    await assert.rejects(
      shards.withTransaction(0, (client) => appendToOutbox(client, bad)),
      /eventId must be a UUID/,
    );
    await assert.rejects(
      shards.withTransaction(0, (client) => appendToOutbox(client, { ...event('user-bad'), key: '' })),
      /key is empty/,
    );
    assert.equal(await count(0), 0);
  });

  it('markProcessed is true the first time and false for a duplicate, per consumer group', async () => {
    const id = randomUUID();
    assert.equal(await shards.withTransaction(1, (client) => markProcessed(client, 'payments', id)), true);
    assert.equal(await shards.withTransaction(1, (client) => markProcessed(client, 'payments', id)), false);
    assert.equal(await shards.withTransaction(1, (client) => markProcessed(client, 'audit', id)), true);
    // a rolled-back state change forgets the mark too, so the redelivery is processed
    const other = randomUUID();
    await assert.rejects(
      shards.withTransaction(1, async (client) => {
        assert.equal(await markProcessed(client, 'payments', other), true);
        throw new Error('charge failed');
      }),
    );
    assert.equal(await shards.withTransaction(1, (client) => markProcessed(client, 'payments', other)), true);
  });

  it('the relay publishes rows in order per key with event headers and traceparent, and marks them sent', async () => {
    const written: { event: OutboxEvent; shard: number; traceId: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const key = `user-${i % 4}`;
      const shard = shards.shardForKey(key);
      const next = event(key, `test.Step${i}`);
      const traceId = await withSpan('write', {}, async (span) => {
        await shards.withTransaction(shard, (client) => appendToOutbox(client, next));
        return span.spanContext().traceId;
      });
      written.push({ event: next, shard, traceId });
    }
    const metrics = createMetrics({ service: 'outbox-int', processMetrics: false });
    const relay = createOutboxRelay({
      service: `outbox-int-${suffix}`,
      shards,
      producer,
      metrics,
      logger,
      batchSize: 5,
      pollIntervalMs: 50,
      instanceId: 'relay-a',
    });
    const seen: Collected[] = [];
    const reader = await collect(kafka, [topic], `outbox-reader-${suffix}`, logger, seen);
    try {
      await relay.start();
      await eventually(() => seen.length >= written.length, 60_000, 'every outbox row on Kafka');
      await eventually(
        async () => (await count(0, 'published_at IS NULL')) + (await count(1, 'published_at IS NULL')) === 0,
        10_000,
        'rows marked sent',
      );
      for (const { shard } of shards.all())
        assert.equal(relay.isLeader(shard), true, `sole relay leads shard ${shard}`);
      for (const { shard } of shards.all()) {
        assert.equal(
          await metricValue(metrics.registry, 'orrery_outbox_leader', {
            shard: String(shard),
            instance: 'relay-a',
          }),
          1,
        );
      }
    } finally {
      await relay.stop();
      await reader.stop();
    }
    assert.equal(seen.length, written.length, 'each row once');
    for (const { shard } of shards.all()) assert.equal(relay.isLeader(shard), false, 'stop lets go');
    for (const key of ['user-0', 'user-1', 'user-2', 'user-3']) {
      const expected = written.filter((entry) => entry.event.key === key).map((entry) => entry.event.eventId);
      const actual = seen
        .filter((entry) => entry.message.key?.toString() === key)
        .map((entry) => entry.header(EVENT_HEADERS.eventId));
      assert.deepEqual(actual, expected, `${key}'s events in order`);
    }
    for (const { event: sent, traceId } of written) {
      const entry = seen.find(
        (candidate) => candidate.header(EVENT_HEADERS.eventId) === sent.eventId,
      ) as Collected;
      assert.equal(entry.header(EVENT_HEADERS.eventType), sent.type);
      assert.match(
        entry.header('traceparent') ?? '',
        new RegExp(`^00-${traceId}-`),
        'published under the writer’s trace',
      );
      assert.deepEqual(entry.message.value, Buffer.from(sent.payload));
    }
    assert.equal(
      await metricValue(metrics.registry, 'orrery_outbox_published_total', { topic }),
      written.length,
    );
    const lag = await metricValue(metrics.registry, 'orrery_outbox_publish_lag_seconds', { topic });
    assert.ok(lag >= 0);
  });

  it('a committed insert wakes the leader at once: published long before the fallback poll', async (t) => {
    const metrics = createMetrics({ service: 'outbox-int', processMetrics: false });
    const relay = createOutboxRelay({
      service: `outbox-wake-${suffix}`,
      shards,
      producer,
      metrics,
      logger,
      pollIntervalMs: 60_000,
      instanceId: 'relay-wake',
    });
    const seen: Collected[] = [];
    const reader = await collect(kafka, [topic], `outbox-wake-${suffix}`, logger, seen);
    try {
      await relay.start();
      await eventually(() => shards.all().every(({ shard }) => relay.isLeader(shard)), 10_000, 'leads');
      // the first round after winning drains older rows; then the relay waits up to 60 s for a NOTIFY
      await eventually(
        async () => (await count(0, 'published_at IS NULL')) + (await count(1, 'published_at IS NULL')) === 0,
        10_000,
        'older rows drained',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const wake = event('wake-me');
      const started = Date.now();
      await shards.withTransaction(shards.shardForKey('wake-me'), (client) => appendToOutbox(client, wake));
      await eventually(
        () => seen.some((entry) => entry.header(EVENT_HEADERS.eventId) === wake.eventId),
        20_000,
        'the new row on Kafka',
      );
      t.diagnostic(`published ${Date.now() - started} ms after commit (fallback poll: 60 s)`);
    } finally {
      await relay.stop();
      await reader.stop();
    }
  });

  it('publishes a backlog of events from distinct traces completely and in order', async (t) => {
    const backlogTopic = `${topic}-backlog`;
    await ensureTopics(kafka, [{ topic: backlogTopic, numPartitions: 3 }]);
    const ids: string[] = [];
    await shards.withTransaction(0, async (client) => {
      for (let i = 0; i < 500; i++) {
        const next = { ...event('user-backlog'), topic: backlogTopic };
        ids.push(next.eventId);
        await withSpan('write', {}, () => appendToOutbox(client, next));
      }
    });
    const seen: Collected[] = [];
    const reader = await collect(kafka, [backlogTopic], `backlog-reader-${suffix}`, logger, seen);
    const metrics = createMetrics({ service: 'outbox-int', processMetrics: false });
    const relay = createOutboxRelay({ service: `backlog-${suffix}`, shards, producer, metrics, logger });
    const started = Date.now();
    try {
      await relay.start();
      await eventually(
        async () => (await count(0, 'published_at IS NULL')) === 0,
        60_000,
        'the backlog drained',
      );
      const seconds = (Date.now() - started) / 1000;
      t.diagnostic(
        `500 events, one trace each, published in ${seconds.toFixed(2)} s (${Math.round(500 / seconds)}/s)`,
      );
      await eventually(() => seen.length >= 500, 60_000, 'every event consumed');
    } finally {
      await relay.stop();
      await reader.stop();
    }
    assert.deepEqual(
      seen.map((entry) => entry.header(EVENT_HEADERS.eventId)),
      ids,
    );
    await shards.query(0, 'DELETE FROM outbox');
  });

  it('the backlog counts unsent rows; retention deletes only rows published long enough ago', async () => {
    await shards.query(1, 'DELETE FROM outbox');
    const rows = [event('user-old'), event('user-recent'), event('user-unsent')];
    await shards.withTransaction(1, async (client) => {
      for (const row of rows) await appendToOutbox(client, row);
    });
    await shards.query(1, `UPDATE outbox SET published_at = now() - interval '2 hours' WHERE event_id = $1`, [
      rows[0]?.eventId,
    ]);
    await shards.query(
      1,
      `UPDATE outbox SET published_at = now() - interval '10 minutes' WHERE event_id = $1`,
      [rows[1]?.eventId],
    );
    const client = await shards.pool(1).connect();
    try {
      assert.equal(await countBacklog(client), 1);
      assert.equal(await deleteExpired(client, 3_600_000), 1);
      assert.equal(await deleteExpired(client, 3_600_000), 0);
    } finally {
      client.release();
    }
    const left = await shards.query<{ key: string }>(1, 'SELECT key FROM outbox ORDER BY seq');
    assert.deepEqual(
      left.rows.map((row) => row.key),
      ['user-recent', 'user-unsent'],
    );
    await shards.query(1, 'DELETE FROM outbox');
  });
});
