import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import { EVENT_METRICS, METRICS } from '../metrics/index.js';
import { reasonOf } from './dead-letter.js';
import { headersAsText, malformedReason, toInboundEvent } from './inbound-event.js';
import { PermanentError } from './permanent-error.js';
import { EVENT_HEADERS, eventTopicSpecs, TOPIC_PARTITIONS, TOPICS } from './topics.js';

function message(value: string | null, headers: KafkaMessage['headers']): KafkaMessage {
  return {
    key: Buffer.from('user-1'),
    value: value === null ? null : Buffer.from(value),
    timestamp: '0',
    attributes: 0,
    offset: '7',
    headers,
  } as KafkaMessage;
}

describe('event topics, headers and dead-letter reasons', () => {
  it('lists the four topics with the documented partition count', () => {
    assert.deepEqual(
      eventTopicSpecs(),
      ['orrery.users.v1', 'orrery.orders.v1', 'orrery.payments.v1', 'orrery.dead-letter.v1'].map((topic) => ({
        topic,
        numPartitions: TOPIC_PARTITIONS,
      })),
    );
    assert.equal(TOPICS.deadLetter, 'orrery.dead-letter.v1');
  });

  it('reads headers as text and tells malformed messages apart', () => {
    const headers = headersAsText({
      [EVENT_HEADERS.eventId]: Buffer.from('id-1'),
      [EVENT_HEADERS.eventType]: ['orrery.events.v1.OrderCreated', 'ignored'],
      empty: undefined,
    });
    assert.deepEqual(headers, {
      [EVENT_HEADERS.eventId]: 'id-1',
      [EVENT_HEADERS.eventType]: 'orrery.events.v1.OrderCreated',
    });
    assert.equal(malformedReason(message('x', {}), headers), undefined);
    assert.match(malformedReason(message(null, {}), headers) ?? '', /no value/);
    assert.match(malformedReason(message('x', {}), {}) ?? '', /no orrery-event-type header/);
    const event = toInboundEvent('t', 2, message('x', {}), headers);
    assert.equal(event.key, 'user-1');
    assert.equal(event.offset, '7');
    assert.equal(event.eventId, 'id-1');
    assert.equal(event.eventType, 'orrery.events.v1.OrderCreated');
  });

  it('makes one-line, bounded reasons', () => {
    assert.equal(reasonOf(new PermanentError('bad\nproto')), 'PermanentError: bad proto');
    assert.equal(reasonOf('plain'), 'string: plain');
    assert.equal(reasonOf(new Error('x'.repeat(2000))).length, 500);
  });

  it('declares event metrics like every other orrery metric, apart from METRICS', () => {
    const names = new Set(Object.values(METRICS).map((metric) => metric.name as string));
    for (const metric of Object.values(EVENT_METRICS)) {
      assert.match(metric.name, /^orrery_[a-z0-9_]+$/);
      if (metric.unit === 'seconds') assert.match(metric.name, /_seconds$/);
      if (metric.type === 'counter') assert.match(metric.name, /_total$/);
      assert.equal(names.has(metric.name), false, `${metric.name} declared twice`);
    }
  });
});
