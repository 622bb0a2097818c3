import type { KafkaMessage } from 'kafkajs';
import { errorType } from '../telemetry/index.js';
import type { EventProducer } from './producer.js';
import { DLQ_HEADERS, TOPICS } from './topics.js';

/** Where a dead-lettered message came from. */
export interface DeadLetterSource {
  readonly topic: string;
  readonly partition: number;
  readonly group: string;
}

const MAX_REASON = 500;

/** A short, single-line reason for an error (its type and message, truncated). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${errorType(error)}: ${message}`.replace(/\s+/g, ' ').slice(0, MAX_REASON);
}

/**
 * Publishes `message` unchanged (key, value, headers) to `TOPICS.deadLetter` with the `orrery-dlq-*`
 * headers added. Rejects when Kafka does not take it: the caller must then not commit the offset.
 */
export async function sendToDeadLetter(
  producer: EventProducer,
  source: DeadLetterSource,
  message: KafkaMessage,
  reason: string,
): Promise<void> {
  await producer.send(TOPICS.deadLetter, [
    {
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        [DLQ_HEADERS.reason]: reason.slice(0, MAX_REASON),
        [DLQ_HEADERS.topic]: source.topic,
        [DLQ_HEADERS.partition]: String(source.partition),
        [DLQ_HEADERS.offset]: message.offset,
        [DLQ_HEADERS.group]: source.group,
      },
    },
  ]);
}
