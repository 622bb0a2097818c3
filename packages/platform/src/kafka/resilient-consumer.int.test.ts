import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import type { Kafka, Message } from 'kafkajs';
import { pino } from 'pino';
import { createMetrics } from '../metrics/index.js';
import { startTelemetry, type Telemetry, withSpan } from '../telemetry/index.js';
import { requireTestList } from '../testing/index.js';
import { createKafka } from './create-kafka.js';
import { ensureTopics } from './ensure-topics.js';
import type { InboundEvent } from './inbound-event.js';
import { type Collected, collect, eventually, metricValue } from './int-test-kit.js';
import { PermanentError } from './permanent-error.js';
import { createProducer, type EventProducer } from './producer.js';
import { createResilientConsumer } from './resilient-consumer.js';
import { DLQ_HEADERS, EVENT_HEADERS, eventTopicSpecs, TOPICS } from './topics.js';

const logger = pino({ level: 'silent' });

function event(id: string, type: string | undefined, value: string | null): Message {
  const headers: Record<string, string> = { [EVENT_HEADERS.eventId]: id };
  if (type !== undefined) headers[EVENT_HEADERS.eventType] = type;
  return { key: 'user-1', value, headers };
}

describe('resilient consumer (real broker)', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `resilient-int-${suffix}`;
  const groupId = `resilient-int-group-${suffix}`;
  let kafka: Kafka;
  let producer: EventProducer;
  let telemetry: Telemetry;

  before(async () => {
    telemetry = startTelemetry({ serviceName: 'resilient-int', serviceVersion: '0.0.0', esmHooks: false });
    kafka = createKafka({
      brokers: requireTestList('ORRERY_TEST_KAFKA_BROKERS'),
      clientId: `resilient-${suffix}`,
      logger,
    });
    producer = createProducer(kafka);
    // one partition, so "the next message on the same partition" is every later message
    await ensureTopics(kafka, [...eventTopicSpecs(), { topic, numPartitions: 1 }]);
    await producer.connect();
  });
  after(async () => {
    await producer?.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await telemetry?.shutdown();
  });

  it('retries transient failures, dead-letters bad messages and keeps the partition moving', async () => {
    const ids = {
      flaky: randomUUID(),
      permanent: randomUUID(),
      nullValue: randomUUID(),
      noType: randomUUID(),
      hopeless: randomUUID(),
      last: randomUUID(),
    };
    const traceId = await withSpan('produce', {}, async (span) => {
      await producer.send(topic, [
        event(ids.flaky, 'test.Flaky', 'flaky'),
        event(ids.permanent, 'test.Permanent', 'permanent'),
        event(ids.nullValue, 'test.Null', null),
        event(ids.noType, undefined, 'no type'),
        event(ids.hopeless, 'test.Hopeless', 'hopeless'),
        event(ids.last, 'test.Last', 'last'),
      ]);
      return span.spanContext().traceId;
    });

    const calls = new Map<string, number>();
    const processed: InboundEvent[] = [];
    const handlerTraceIds = new Set<string | undefined>();
    const metrics = createMetrics({ service: 'resilient-int', processMetrics: false });
    const consumer = createResilientConsumer(kafka, {
      groupId,
      topics: [topic],
      logger,
      metrics,
      deadLetter: producer,
      maxAttempts: 3,
      retryBaseMs: 10,
      retryMaxMs: 50,
      async handle(inbound) {
        const id = inbound.eventId ?? '';
        const n = (calls.get(id) ?? 0) + 1;
        calls.set(id, n);
        handlerTraceIds.add(trace.getSpanContext(context.active())?.traceId);
        if (id === ids.flaky && n <= 2) throw new Error(`flaky failure ${n}`);
        if (id === ids.permanent) throw new PermanentError('cannot decode');
        if (id === ids.hopeless) throw new Error('always down');
        processed.push(inbound);
      },
    });
    const dlq: Collected[] = [];
    const dlqReader = await collect(kafka, [TOPICS.deadLetter], `dlq-reader-${suffix}`, logger, dlq);
    const mine = () => dlq.filter((entry) => entry.header(DLQ_HEADERS.group) === groupId);
    try {
      await consumer.start();
      await eventually(
        () => processed.length >= 2 && mine().length >= 4,
        60_000,
        'processing and dead letters',
      );
    } finally {
      await consumer.stop();
      await dlqReader.stop();
    }

    assert.deepEqual(
      processed.map((entry) => entry.eventId),
      [ids.flaky, ids.last],
      'the flaky event once, then the message after the bad ones',
    );
    assert.equal(calls.get(ids.flaky), 3, 'failed twice, succeeded on the third try');
    assert.equal(calls.get(ids.permanent), 1, 'PermanentError is not retried');
    assert.equal(calls.get(ids.hopeless), 3, 'retried up to maxAttempts');
    assert.equal(calls.has(ids.nullValue), false);
    assert.equal(calls.has(ids.noType), false);
    assert.deepEqual([...handlerTraceIds], [traceId], 'handler runs in the producer’s trace');
    const flaky = processed[0] as InboundEvent;
    assert.equal(flaky.key, 'user-1');
    assert.equal(flaky.value.toString(), 'flaky');
    assert.equal(flaky.eventType, 'test.Flaky');
    assert.equal(flaky.topic, topic);
    assert.equal(flaky.partition, 0);

    const byId = new Map(mine().map((entry) => [entry.header(EVENT_HEADERS.eventId), entry]));
    assert.deepEqual(
      [...byId.keys()].sort(),
      [ids.permanent, ids.nullValue, ids.noType, ids.hopeless].sort(),
    );
    const expectations: [string, string | null, RegExp][] = [
      [ids.permanent, 'permanent', /^PermanentError: cannot decode$/],
      [ids.nullValue, null, /no value/],
      [ids.noType, 'no type', /no orrery-event-type header/],
      [ids.hopeless, 'hopeless', /^gave up after 3 attempts: Error: always down$/],
    ];
    for (const [id, value, reason] of expectations) {
      const entry = byId.get(id) as Collected;
      assert.equal(entry.message.key?.toString(), 'user-1', 'original key');
      assert.equal(entry.message.value?.toString() ?? null, value, 'original value');
      assert.match(entry.header(DLQ_HEADERS.reason) ?? '', reason);
      assert.equal(entry.header(DLQ_HEADERS.topic), topic);
      assert.equal(entry.header(DLQ_HEADERS.partition), '0');
      assert.match(entry.header(DLQ_HEADERS.offset) ?? '', /^\d+$/);
      assert.match(entry.header('traceparent') ?? '', new RegExp(`^00-${traceId}-`), 'original trace kept');
    }
    assert.equal(byId.get(ids.noType)?.header(EVENT_HEADERS.eventType), undefined);
    assert.equal(
      byId.get(ids.permanent)?.header(EVENT_HEADERS.eventType),
      'test.Permanent',
      'original headers',
    );

    const count = (outcome: string) =>
      metricValue(metrics.registry, 'orrery_consumer_messages_total', { group: groupId, topic, outcome });
    assert.equal(await count('processed'), 2);
    assert.equal(await count('retried'), 4, 'two retries of the flaky one, two of the hopeless one');
    assert.equal(await count('dead_lettered'), 4);
    assert.equal(
      await metricValue(metrics.registry, 'orrery_consumer_lag_messages', {
        group: groupId,
        topic,
        partition: '0',
      }),
      0,
    );

    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      assert.equal(offsets?.partitions[0]?.offset, '6', 'every offset committed, the bad ones too');
    } finally {
      await admin.disconnect();
    }
  });

  it('stopping during a retry neither dead-letters nor commits the message: the next member gets it', async () => {
    const stopTopic = `${topic}-stop`;
    const stopGroup = `${groupId}-stop`;
    await ensureTopics(kafka, [{ topic: stopTopic, numPartitions: 1 }]);
    const id = randomUUID();
    await producer.send(stopTopic, [event(id, 'test.Stuck', 'stuck')]);
    const metrics = createMetrics({ service: 'resilient-int', processMetrics: false });
    let calls = 0;
    const failing = createResilientConsumer(kafka, {
      groupId: stopGroup,
      topics: [stopTopic],
      logger,
      metrics,
      deadLetter: producer,
      retryBaseMs: 60_000,
      retryMaxMs: 60_000,
      async handle() {
        calls += 1;
        throw new Error('dependency down');
      },
    });
    await failing.start();
    await eventually(() => calls >= 1, 30_000, 'the first attempt');
    const stopStarted = Date.now();
    await failing.stop();
    assert.ok(Date.now() - stopStarted < 15_000, 'stop does not wait out the backoff');
    assert.equal(
      await metricValue(metrics.registry, 'orrery_consumer_messages_total', {
        group: stopGroup,
        outcome: 'dead_lettered',
      }),
      0,
    );

    const handled: string[] = [];
    const next = createResilientConsumer(kafka, {
      groupId: stopGroup,
      topics: [stopTopic],
      logger,
      metrics,
      deadLetter: producer,
      async handle(inbound) {
        handled.push(inbound.eventId ?? '');
      },
    });
    try {
      await next.start();
      await eventually(() => handled.length >= 1, 30_000, 'the redelivered message');
    } finally {
      await next.stop();
    }
    assert.deepEqual(handled, [id]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [stopTopic] }).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  });

  it('rejects options that cannot work', () => {
    const metrics = createMetrics({ service: 'resilient-int', processMetrics: false });
    const base = { groupId, logger, metrics, deadLetter: producer, handle: async () => undefined };
    assert.throws(() => createResilientConsumer(kafka, { ...base, topics: [] }), /no topics/);
    assert.throws(
      () => createResilientConsumer(kafka, { ...base, topics: [topic], maxAttempts: 0 }),
      /maxAttempts/,
    );
  });
});
