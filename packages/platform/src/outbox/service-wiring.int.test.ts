// The way a service wires the outbox: extraMigrations, a topics task, the relay and an idempotent
// consumer registered as background tasks of startShardedGrpcService, on real Postgres and Kafka.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import {
  createKafka,
  createProducer,
  createResilientConsumer,
  EVENT_HEADERS,
  ensureTopics,
  eventTopicSpecs,
} from '../kafka/index.js';
import { eventually, metricValue } from '../kafka/int-test-kit.js';
import type { Metrics } from '../metrics/index.js';
import type { ShardSet } from '../pg/index.js';
import { type ShardedService, startShardedGrpcService } from '../service/index.js';
import { createTestDatabases, requireTestList, type TestDatabases } from '../testing/index.js';
import { appendToOutbox } from './append.js';
import { OUTBOX_MIGRATIONS } from './migrations.js';
import { markProcessed } from './processed.js';
import { createOutboxRelay } from './relay.js';

const logger = pino({ level: 'silent' });

describe('a sharded service with the outbox, relay and an idempotent consumer', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `wiring-int-${suffix}`;
  const group = `wiring-int-${suffix}`;
  let dbs: TestDatabases;
  let migrationsDir: string;

  before(async () => {
    dbs = await createTestDatabases();
    migrationsDir = await mkdtemp(join(tmpdir(), 'wiring-int-'));
    await writeFile(
      join(migrationsDir, '001_ledger.sql'),
      'CREATE TABLE ledger (event_id text PRIMARY KEY, amount integer NOT NULL);\n',
    );
  });
  after(async () => {
    await dbs?.drop();
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it('migrates the outbox tables with the service’s own, relays events and applies each once', async () => {
    const brokers = requireTestList('ORRERY_TEST_KAFKA_BROKERS');
    const kafka = createKafka({ brokers, clientId: group, logger });
    const handled: string[] = [];
    let shards: ShardSet | undefined;
    let metrics: Metrics | undefined;
    const service: ShardedService = await startShardedGrpcService({
      name: 'wiring-int',
      config: {
        host: '127.0.0.1',
        grpcPort: 0,
        adminPort: 0,
        pgUrls: dbs.urls,
        kafkaBrokers: brokers,
        logLevel: 'silent',
        shutdownGraceMs: 3000,
      },
      migrationsDir,
      extraMigrations: OUTBOX_MIGRATIONS,
      register(parts) {
        shards = parts.shards;
        metrics = parts.runtime.metrics;
        const producer = createProducer(kafka);
        parts.onClose('kafka producer', () => producer.disconnect());
        parts.background({
          name: 'kafka topics',
          start: async () =>
            void (await ensureTopics(kafka, [...eventTopicSpecs(), { topic, numPartitions: 2 }])),
          stop: async () => undefined,
        });
        parts.background(
          createOutboxRelay({
            service: 'wiring-int',
            shards: parts.shards,
            producer,
            metrics,
            logger,
            pollIntervalMs: 50,
          }),
        );
        const consumer = createResilientConsumer(kafka, {
          groupId: group,
          topics: [topic],
          logger,
          metrics,
          deadLetter: producer,
          handle: (event) =>
            parts.shards.withTransaction(parts.shards.shardForKey(event.key ?? ''), async (client) => {
              if (!(await markProcessed(client, group, event.eventId ?? ''))) return 'duplicate';
              await client.query('INSERT INTO ledger (event_id, amount) VALUES ($1, $2)', [
                event.eventId,
                Number(event.value.toString()),
              ]);
              handled.push(event.eventId ?? '');
              return undefined;
            }),
        });
        parts.background(consumer);
        return [];
      },
    });
    const stop = async () => {
      for (const step of service.stopSteps) await step.run();
    };
    try {
      await service.ready;
      const set = shards as ShardSet;
      for (const { shard } of set.all()) {
        const versions = await set.query<{ version: number }>(
          shard,
          'SELECT version FROM schema_migrations ORDER BY 1',
        );
        assert.deepEqual(
          versions.rows.map((row) => row.version),
          [1, ...OUTBOX_MIGRATIONS.map((migration) => migration.version)],
        );
      }
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const key = `user-${i % 3}`;
        const eventId = randomUUID();
        ids.push(eventId);
        await set.withTransaction(set.shardForKey(key), async (client) => {
          await appendToOutbox(client, {
            topic,
            key,
            eventId,
            type: 'test.Credited',
            payload: Buffer.from(String(i)),
          });
        });
      }
      await eventually(() => handled.length >= 10, 60_000, 'all ten events applied');
      // at-least-once: the same event delivered again is recognised and skipped
      const again = createProducer(kafka);
      await again.connect();
      await again.send(topic, [
        {
          key: 'user-0',
          value: '0',
          headers: { [EVENT_HEADERS.eventId]: ids[0] as string, [EVENT_HEADERS.eventType]: 'test.Credited' },
        },
      ]);
      await again.disconnect();
      const registry = (metrics as Metrics).registry;
      await eventually(
        async () =>
          (await metricValue(registry, 'orrery_consumer_messages_total', { group, outcome: 'duplicate' })) ===
          1,
        30_000,
        'the redelivery counted as a duplicate',
      );
      assert.deepEqual([...handled].sort(), [...ids].sort(), 'each event applied once');
      let rows = 0;
      let total = 0;
      for (const { shard } of set.all()) {
        const sum = await set.query<{ n: string; s: string | null }>(
          shard,
          'SELECT count(*) AS n, sum(amount) AS s FROM ledger',
        );
        rows += Number(sum.rows[0]?.n);
        total += Number(sum.rows[0]?.s ?? 0);
      }
      assert.equal(rows, 10);
      assert.equal(total, 45);
      const text = await (await fetch(`http://127.0.0.1:${service.adminPort}/metrics`)).text();
      const sample = (name: string, ...pairs: string[]) =>
        text
          .split('\n')
          .find((line) => line.startsWith(`${name}{`) && pairs.every((pair) => line.includes(pair)));
      assert.match(sample('orrery_outbox_leader', 'shard="0"', 'service="wiring-int"') ?? '', / 1$/);
      assert.match(sample('orrery_outbox_leader', 'shard="1"') ?? '', / 1$/);
      assert.match(sample('orrery_outbox_published_total', `topic="${topic}"`) ?? '', / \d+$/);
      assert.match(
        sample('orrery_consumer_messages_total', `group="${group}"`, 'outcome="processed"') ?? '',
        / 10$/,
      );
      assert.match(sample('orrery_consumer_lag_messages', `group="${group}"`) ?? '', / 0$/);
    } finally {
      await stop();
    }
  });
});
