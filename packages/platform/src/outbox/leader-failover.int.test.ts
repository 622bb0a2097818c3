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
import { createMetrics, type Metrics } from '../metrics/index.js';
import { createShardSet, migrate, type ShardSet } from '../pg/index.js';
import { createTestDatabases, requireTestList, type TestDatabases } from '../testing/index.js';
import { appendToOutbox } from './append.js';
import { OUTBOX_MIGRATIONS } from './migrations.js';
import { createOutboxRelay, type OutboxRelay } from './relay.js';

const logger = pino({ level: 'silent' });
const BATCH = 10;

/** Terminates the session holding an advisory lock in this database: the leader's "crash". */
async function killLockHolder(shards: ShardSet, shard: number): Promise<number> {
  const { rows } = await shards.query<{ pid: number; killed: boolean }>(
    shard,
    `SELECT pid, pg_terminate_backend(pid) AS killed FROM pg_locks
      WHERE locktype = 'advisory' AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows.filter((row) => row.killed).length;
}

describe('outbox relay leader election and failover (real Postgres + Kafka)', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `failover-int-${suffix}`;
  const service = `failover-int-${suffix}`;
  let dbs: TestDatabases;
  let shards: ShardSet;
  let kafka: Kafka;
  const producers: EventProducer[] = [];

  const relay = (instanceId: string, metrics: Metrics): OutboxRelay => {
    const producer = createProducer(kafka);
    producers.push(producer);
    return createOutboxRelay({
      service,
      shards,
      producer,
      metrics,
      logger,
      instanceId,
      batchSize: BATCH,
      pollIntervalMs: 50,
      heartbeatMs: 300,
    });
  };

  before(async () => {
    dbs = await createTestDatabases();
    shards = createShardSet({ urls: dbs.urls, service, poolMax: 6, logger });
    await migrate(shards, OUTBOX_MIGRATIONS);
    kafka = createKafka({ brokers: requireTestList('ORRERY_TEST_KAFKA_BROKERS'), clientId: service, logger });
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
  });
  after(async () => {
    await Promise.all(producers.map((producer) => producer.disconnect()));
    await shards?.close();
    await dbs?.drop();
  });

  it('keeps one leader per shard; when it dies the other takes over within seconds and publishes the rest', async (t) => {
    const metricsA = createMetrics({ service: 'relay-a', processMetrics: false });
    const metricsB = createMetrics({ service: 'relay-b', processMetrics: false });
    const a = relay('relay-a', metricsA);
    const b = relay('relay-b', metricsB);
    const all = shards.all().map(({ shard }) => shard);
    const leadersOf = (shard: number) => [a, b].filter((candidate) => candidate.isLeader(shard)).length;

    // sample leadership all along: never two leaders of a shard at the same moment
    let doubleLeadership = 0;
    const sampler = setInterval(() => {
      for (const shard of all) if (leadersOf(shard) > 1) doubleLeadership += 1;
    }, 5);

    const seen: Collected[] = [];
    const reader = await collect(kafka, [topic], `failover-reader-${suffix}`, logger, seen);
    const written: { id: string; key: string }[] = [];
    let writing = true;
    const write = async (n: number) => {
      for (let i = 0; i < n && writing; i++) {
        const key = `user-${written.length % 8}`;
        const id = randomUUID();
        await shards.withTransaction(shards.shardForKey(key), (client) =>
          appendToOutbox(client, { topic, key, eventId: id, type: 'test.Tick', payload: Buffer.from(id) }),
        );
        written.push({ id, key });
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    };

    try {
      await a.start();
      await eventually(() => all.every((shard) => a.isLeader(shard)), 10_000, 'relay-a leading every shard');
      await b.start();
      await write(100);
      await eventually(() => seen.length >= 100, 30_000, 'the first 100 events');
      for (const shard of all) {
        assert.equal(leadersOf(shard), 1, `one leader of shard ${shard}`);
        assert.equal(
          await metricValue(metricsA.registry, 'orrery_outbox_leader', { shard: String(shard) }),
          1,
        );
        assert.equal(
          await metricValue(metricsB.registry, 'orrery_outbox_leader', { shard: String(shard) }),
          0,
        );
      }

      // crash relay-a while rows keep coming: its lock sessions die, then its process stops
      const writer = write(300);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const crashedAt = Date.now();
      for (const shard of all)
        assert.equal(await killLockHolder(shards, shard), 1, `killed shard ${shard}'s leader`);
      // (a counter, not isLeader: relay-a may win the lock back before relay-b's next try, until it stops)
      const lost = (metrics: Metrics, shard: number) =>
        metricValue(metrics.registry, 'orrery_outbox_leadership_changes_total', {
          shard: String(shard),
          change: 'lost',
        });
      await eventually(
        async () => (await Promise.all(all.map((shard) => lost(metricsA, shard)))).every((n) => n >= 1),
        1000,
        'relay-a noticing at once',
      );
      await a.stop();
      await eventually(() => all.every((shard) => b.isLeader(shard)), 5000, 'relay-b taking over');
      const takeoverMs = Date.now() - crashedAt;
      t.diagnostic(`takeover after ${takeoverMs} ms`);
      await writer;
      writing = false;

      const ids = new Set(written.map((entry) => entry.id));
      const published = () => new Set(seen.map((entry) => entry.header(EVENT_HEADERS.eventId)));
      await eventually(() => published().size >= ids.size, 60_000, 'every event on Kafka');
      for (const shard of all) {
        assert.equal(
          await metricValue(metricsA.registry, 'orrery_outbox_leader', { shard: String(shard) }),
          0,
        );
        assert.equal(
          await metricValue(metricsB.registry, 'orrery_outbox_leader', { shard: String(shard) }),
          1,
        );
        assert.equal(
          await metricValue(metricsB.registry, 'orrery_outbox_leadership_changes_total', {
            shard: String(shard),
            change: 'acquired',
          }),
          1,
        );
      }
    } finally {
      writing = false;
      clearInterval(sampler);
      await Promise.all([a.stop(), b.stop()]);
      await reader.stop();
    }

    assert.equal(doubleLeadership, 0, 'never two leaders of one shard');
    const publishedIds = seen.map((entry) => entry.header(EVENT_HEADERS.eventId) ?? '');
    assert.deepEqual(
      new Set(publishedIds),
      new Set(written.map((entry) => entry.id)),
      'every row, nothing else',
    );
    const duplicates = publishedIds.length - new Set(publishedIds).size;
    t.diagnostic(`${written.length} events, ${duplicates} redelivered after the failover`);
    assert.ok(
      duplicates <= BATCH * all.length,
      `at most one in-flight batch per shard again (${duplicates})`,
    );
    for (let k = 0; k < 8; k++) {
      const key = `user-${k}`;
      const expected = written.filter((entry) => entry.key === key).map((entry) => entry.id);
      const firstSeen = [
        ...new Set(
          seen
            .filter((entry) => entry.message.key?.toString() === key)
            .map((e) => e.header(EVENT_HEADERS.eventId)),
        ),
      ];
      assert.deepEqual(firstSeen, expected, `${key}'s events in order`);
    }
    for (const { shard } of shards.all()) {
      const unsent = await shards.query<{ n: string }>(
        shard,
        'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL',
      );
      assert.equal(unsent.rows[0]?.n, '0');
    }
  });

  it('a leader whose session is killed but that keeps running gives up at once; one leader remains', async () => {
    const metricsC = createMetrics({ service: 'relay-c', processMetrics: false });
    const metricsD = createMetrics({ service: 'relay-d', processMetrics: false });
    const a = relay('relay-c', metricsC);
    const b = relay('relay-d', metricsD);
    const lostBy = (metrics: Metrics) =>
      metricValue(metrics.registry, 'orrery_outbox_leadership_changes_total', { shard: '0', change: 'lost' });
    const leadersOf = (shard: number) => [a, b].filter((candidate) => candidate.isLeader(shard)).length;
    let doubleLeadership = 0;
    const sampler = setInterval(() => {
      if (leadersOf(0) > 1) doubleLeadership += 1;
    }, 5);
    try {
      await Promise.all([a.start(), b.start()]);
      await eventually(() => leadersOf(0) === 1, 10_000, 'a leader of shard 0');
      const before = a.isLeader(0) ? metricsC : metricsD;
      assert.equal(await lostBy(before), 0);
      assert.equal(await killLockHolder(shards, 0), 1);
      await eventually(async () => (await lostBy(before)) === 1, 1000, 'the old leader noticing at once');
      await eventually(() => leadersOf(0) === 1, 10_000, 'a new leader of shard 0');
    } finally {
      clearInterval(sampler);
      await Promise.all([a.stop(), b.stop()]);
    }
    assert.equal(doubleLeadership, 0, 'never two leaders of one shard');
  });
});
