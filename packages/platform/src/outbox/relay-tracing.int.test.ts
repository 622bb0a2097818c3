// With the OpenTelemetry kafkajs instrumentation active (as in every service: ESM hooks on before
// kafkajs loads), each relayed event still carries the trace of the transaction that wrote it, and the
// consumer's handler runs in that trace.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { pino } from 'pino';
import { createMetrics } from '../metrics/index.js';
import { createShardSet, migrate, type ShardSet } from '../pg/index.js';
import { startTelemetry, withSpan } from '../telemetry/index.js';
import { createTestDatabases, requireTestList, type TestDatabases } from '../testing/index.js';

const telemetry = startTelemetry({
  serviceName: 'relay-tracing-int',
  serviceVersion: '0.0.0',
  esmHooks: true,
});
// loaded only now, so the instrumentation patches kafkajs
const { createKafka, createProducer, createResilientConsumer, ensureTopics } = await import(
  '../kafka/index.js'
);
const { eventually } = await import('../kafka/int-test-kit.js');
const { appendToOutbox } = await import('./append.js');
const { OUTBOX_MIGRATIONS } = await import('./migrations.js');
const { createOutboxRelay } = await import('./relay.js');

const logger = pino({ level: 'silent' });

describe('outbox relay under the kafkajs instrumentation', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `relay-tracing-${suffix}`;
  let dbs: TestDatabases;
  let shards: ShardSet;

  before(async () => {
    dbs = await createTestDatabases();
    shards = createShardSet({ urls: dbs.urls, service: 'relay-tracing-int', poolMax: 4, logger });
    await migrate(shards, OUTBOX_MIGRATIONS);
  });
  after(async () => {
    await shards?.close();
    await dbs?.drop();
    await telemetry.shutdown();
  });

  it('publishes each event in its writer’s trace, and the consumer handles it in that trace', async () => {
    const kafka = createKafka({
      brokers: requireTestList('ORRERY_TEST_KAFKA_BROKERS'),
      clientId: topic,
      logger,
    });
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
    const producer = createProducer(kafka);
    assert.equal(
      (producer.producer.sendBatch as { __wrapped?: boolean }).__wrapped,
      true,
      'kafkajs is instrumented',
    );

    const writers = new Map<string, string>();
    for (let i = 0; i < 5; i++) {
      const eventId = randomUUID();
      const traceId = await withSpan('place order', {}, async (span) => {
        await shards.withTransaction(0, (client) =>
          appendToOutbox(client, {
            topic,
            key: `user-${i}`,
            eventId,
            type: 'test.Placed',
            payload: Buffer.from('x'),
          }),
        );
        return span.spanContext().traceId;
      });
      writers.set(eventId, traceId);
    }

    const metrics = createMetrics({ service: 'relay-tracing-int', processMetrics: false });
    const handled = new Map<string, { traceId: string | undefined; traceparent: string | undefined }>();
    const consumer = createResilientConsumer(kafka, {
      groupId: `relay-tracing-${suffix}`,
      topics: [topic],
      logger,
      metrics,
      deadLetter: producer,
      async handle(event) {
        handled.set(event.eventId ?? '', {
          traceId: trace.getSpanContext(context.active())?.traceId,
          traceparent: event.headers.traceparent,
        });
      },
    });
    const relay = createOutboxRelay({
      service: topic,
      shards,
      producer,
      metrics,
      logger,
      pollIntervalMs: 50,
    });
    try {
      await relay.start();
      await consumer.start();
      await eventually(() => handled.size >= writers.size, 60_000, 'every event handled');
    } finally {
      await consumer.stop();
      await relay.stop();
      await producer.disconnect();
    }
    for (const [eventId, traceId] of writers) {
      const seen = handled.get(eventId);
      assert.match(
        seen?.traceparent ?? '',
        new RegExp(`^00-${traceId}-`),
        'the header names the writer’s trace',
      );
      assert.equal(seen?.traceId, traceId, 'the handler runs in the writer’s trace');
    }
  });
});
