// The event side every sharded service shares: a Kafka client and an idempotent producer, the event
// topics ensured at start, the outbox relay (one leader per shard) as a background task, and the
// producer closed once gRPC has drained.
import type { Kafka } from 'kafkajs';
import {
  createKafka,
  createProducer,
  type EventProducer,
  ensureTopics,
  eventTopicSpecs,
} from '../kafka/index.js';
import type { ShardedServiceParts } from '../service/index.js';
import { createOutboxRelay } from './relay.js';

export interface EventPublishing {
  /** For the service's consumers. */
  readonly kafka: Kafka;
  /** Also the dead-letter producer of the service's consumers. */
  readonly producer: EventProducer;
}

export interface EventPublishingOptions {
  readonly service: string;
  readonly brokers: readonly string[];
  /** Relay poll interval (default: the relay's). */
  readonly pollIntervalMs?: number;
}

export function startEventPublishing(
  parts: ShardedServiceParts,
  options: EventPublishingOptions,
): EventPublishing {
  const { logger, metrics } = parts.runtime;
  const kafka = createKafka({ brokers: options.brokers, clientId: options.service, logger });
  const producer = createProducer(kafka);
  parts.background({
    name: 'kafka topics',
    start: async () => void (await ensureTopics(kafka, eventTopicSpecs(), logger)),
    stop: async () => {},
  });
  parts.background(
    createOutboxRelay({
      service: options.service,
      shards: parts.shards,
      producer,
      metrics,
      logger,
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    }),
  );
  parts.onClose('kafka producer', () => producer.disconnect());
  return { kafka, producer };
}
