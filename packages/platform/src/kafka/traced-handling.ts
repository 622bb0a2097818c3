import { SpanKind } from '@opentelemetry/api';
import type { Batch, KafkaMessage } from 'kafkajs';
import { SPAN_ATTRIBUTES } from '../metrics/index.js';
import { withSpan } from '../telemetry/index.js';
import type { ConsumeOutcome } from './consumer-metrics.js';
import { EVENT_HEADERS } from './topics.js';

/**
 * Runs the handling of one message in a CONSUMER span (a child of the producer's span when the
 * caller made the extracted trace context active), recording the outcome as an attribute. Spans the
 * handler starts (pg, the service's own) are its children, and log lines carry its ids. `headers` are
 * the message's headers as text (`headersAsText`).
 */
export function traced(
  groupId: string,
  batch: Batch,
  message: KafkaMessage,
  headers: Record<string, string>,
  fn: () => Promise<ConsumeOutcome>,
): Promise<ConsumeOutcome> {
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': batch.topic,
    'messaging.destination.partition.id': String(batch.partition),
    'messaging.kafka.offset': message.offset,
    'messaging.consumer.group.name': groupId,
    [SPAN_ATTRIBUTES.eventId]: headers[EVENT_HEADERS.eventId] ?? '',
    [SPAN_ATTRIBUTES.eventType]: headers[EVENT_HEADERS.eventType] ?? '',
  };
  return withSpan(
    `process ${batch.topic}`,
    attributes,
    async (span) => {
      const outcome = await fn();
      span.setAttribute(SPAN_ATTRIBUTES.consumeOutcome, outcome);
      return outcome;
    },
    SpanKind.CONSUMER,
  );
}
