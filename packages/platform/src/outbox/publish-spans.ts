import { propagation, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';
import { SPAN_ATTRIBUTES } from '../metrics/names.js';
import { recordFailure } from '../telemetry/with-span.js';

const TRACER_NAME = '@orrery/platform/outbox';

/** What a producer span needs to know about one outbox row. */
export interface PublishedRow {
  readonly event_id: string;
  readonly topic: string;
  readonly key: string;
  readonly event_type: string;
  readonly traceparent: string | null;
}

/**
 * Starts the PRODUCER span `send <topic>` of a row, a child of the span that wrote it (its stored
 * traceparent), and returns it with the traceparent to put in the message's headers, so the consumer's
 * span is a child of this send. A row written outside any trace gets neither span nor header.
 */
export function startPublishSpan(
  row: PublishedRow,
  shard: number,
): { span: Span | undefined; traceparent: string | undefined } {
  if (row.traceparent === null) return { span: undefined, traceparent: undefined };
  const parent = propagation.extract(ROOT_CONTEXT, { traceparent: row.traceparent });
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `send ${row.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': row.topic,
        'messaging.kafka.message.key': row.key,
        [SPAN_ATTRIBUTES.eventId]: row.event_id,
        [SPAN_ATTRIBUTES.eventType]: row.event_type,
        [SPAN_ATTRIBUTES.shard]: shard,
      },
    },
    parent,
  );
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return { span, traceparent: carrier.traceparent ?? row.traceparent };
}

/** Ends the spans of a produce request: OK, or the error on every one of them. */
export function endPublishSpans(spans: readonly (Span | undefined)[], error?: unknown): void {
  for (const span of spans) {
    if (span === undefined) continue;
    if (error !== undefined) recordFailure(span, error);
    span.end();
  }
}
