// Helpers for the integration tests of the kafka, outbox and leader modules (not exported).
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createConsumer, type EventConsumer } from './consumer.js';
import { headersAsText } from './inbound-event.js';

/** Resolves once `predicate` holds, polling every 50 ms, or rejects after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A message as collected by `collect`. */
export interface Collected {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  header(name: string): string | undefined;
}

/** Starts a consumer (new group, from the beginning) that appends every message of `topics` to `into`. */
export async function collect(
  kafka: Kafka,
  topics: readonly string[],
  groupId: string,
  logger: Logger,
  into: Collected[],
): Promise<EventConsumer> {
  const consumer = createConsumer(kafka, {
    groupId,
    topics,
    logger,
    eachMessage: async ({ topic, partition, message }) => {
      const headers = headersAsText(message.headers);
      into.push({ topic, partition, message, header: (name) => headers[name] });
    },
  });
  await consumer.start();
  return consumer;
}

/** The sum of a counter's or gauge's values whose labels include `labels`. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  return values
    .filter((entry) => Object.entries(labels).every(([key, value]) => entry.labels[key] === value))
    .reduce((sum, entry) => sum + entry.value, 0);
}
