import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import { pino } from 'pino';
import { startTelemetry, type Telemetry, withSpan } from '../telemetry/index.js';
import { requireTestList } from '../testing/index.js';
import { createConsumer } from './consumer.js';
import { createKafka } from './create-kafka.js';
import { ensureTopics } from './ensure-topics.js';
import { eventually } from './int-test-kit.js';
import { createProducer, type EventProducer } from './producer.js';

const logger = pino({ level: 'silent' });

async function committed(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (entry?.partitions ?? []).reduce(
      (sum, partition) => sum + Math.max(0, Number(partition.offset)),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}

describe('kafka (real broker)', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `platform-int-${suffix}`;
  let kafka: Kafka;
  let producer: EventProducer;
  let telemetry: Telemetry;

  before(async () => {
    const brokers = requireTestList('ORRERY_TEST_KAFKA_BROKERS');
    telemetry = startTelemetry({ serviceName: 'kafka-int', serviceVersion: '0.0.0', esmHooks: false });
    kafka = createKafka({ brokers, clientId: `platform-int-${suffix}`, logger });
    producer = createProducer(kafka);
  });
  after(async () => {
    await producer?.disconnect();
    if (kafka !== undefined) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
    await telemetry?.shutdown();
  });

  it('ensureTopics creates a topic once and is a no-op afterwards', async () => {
    assert.deepEqual(await ensureTopics(kafka, [{ topic, numPartitions: 3 }]), [topic]);
    assert.deepEqual(await ensureTopics(kafka, [{ topic, numPartitions: 3 }]), []);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      assert.equal(metadata.topics[0]?.partitions.length, 3);
    } finally {
      await admin.disconnect();
    }
    await assert.rejects(
      ensureTopics(kafka, [{ topic: 'bad topic', numPartitions: 1 }]),
      /invalid topic name/,
    );
  });

  it('round-trips messages with the producer’s trace context, and stop() commits offsets', async () => {
    await producer.connect();
    const traceId = await withSpan('publish', {}, async (span) => {
      await producer.send(
        topic,
        Array.from({ length: 5 }, (_, i) => ({ key: `user-${i}`, value: `event-${i}` })),
      );
      return span.spanContext().traceId;
    });

    const groupId = `platform-int-group-${suffix}`;
    const seen: { value: string; traceId: string | undefined; traceparent: string | undefined }[] = [];
    const consumer = createConsumer(kafka, {
      groupId,
      topics: [topic],
      logger,
      eachMessage: async ({ message }) => {
        seen.push({
          value: message.value?.toString() ?? '',
          traceId: trace.getSpanContext(context.active())?.traceId,
          traceparent: message.headers?.traceparent?.toString(),
        });
      },
    });
    await consumer.start();
    await eventually(() => seen.length >= 5, 30_000, '5 messages');
    await consumer.stop();

    assert.deepEqual(seen.map((entry) => entry.value).sort(), [
      'event-0',
      'event-1',
      'event-2',
      'event-3',
      'event-4',
    ]);
    for (const entry of seen) {
      assert.equal(entry.traceId, traceId, 'handler runs in the producer’s trace');
      assert.match(entry.traceparent ?? '', new RegExp(`^00-${traceId}-`));
    }
    assert.equal(await committed(kafka, groupId, topic), 5, 'all 5 offsets committed on stop');

    // a new member of the same group only sees what was produced after the commit
    await producer.send(topic, [{ key: 'user-9', value: 'event-late' }]);
    const again: string[] = [];
    const next = createConsumer(kafka, {
      groupId,
      topics: [topic],
      logger,
      eachMessage: async ({ message }) => {
        again.push(message.value?.toString() ?? '');
      },
    });
    await next.start();
    await eventually(() => again.length >= 1, 30_000, 'the late message');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await next.stop();
    assert.deepEqual(again, ['event-late']);
    assert.equal(await committed(kafka, groupId, topic), 6);
  });
});
