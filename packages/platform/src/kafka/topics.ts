import type { TopicSpec } from './ensure-topics.js';

/** Every event topic of orrery (versioned: a breaking change gets a new topic). */
export const TOPICS = {
  users: 'orrery.users.v1',
  orders: 'orrery.orders.v1',
  payments: 'orrery.payments.v1',
  deadLetter: 'orrery.dead-letter.v1',
} as const;

/** Partition count of every topic in local mode (the unit of consumer parallelism and of ordering). */
export const TOPIC_PARTITIONS = 6;

/** Headers every orrery event carries besides W3C `traceparent`/`tracestate`. */
export const EVENT_HEADERS = { eventId: 'orrery-event-id', eventType: 'orrery-event-type' } as const;

/** Headers a dead-lettered message gains: why, and where it came from. */
export const DLQ_HEADERS = {
  reason: 'orrery-dlq-reason',
  topic: 'orrery-dlq-topic',
  partition: 'orrery-dlq-partition',
  offset: 'orrery-dlq-offset',
  group: 'orrery-dlq-group',
} as const;

/** All four topics with `TOPIC_PARTITIONS` partitions, for `ensureTopics`. */
export function eventTopicSpecs(): TopicSpec[] {
  return Object.values(TOPICS).map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS }));
}
