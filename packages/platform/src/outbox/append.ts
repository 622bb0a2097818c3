import { context, propagation } from '@opentelemetry/api';
import type pg from 'pg';

/** An event to publish once the transaction that wrote it commits. */
export interface OutboxEvent {
  readonly topic: string;
  /** Kafka key: the user id the event concerns, so one user's events stay in order. */
  readonly key: string;
  /** A UUID, the same as the event's `meta.eventId`; consumers deduplicate on it. */
  readonly eventId: string;
  /** The event's protobuf name, e.g. `orrery.events.v1.OrderCreated` (the `orrery-event-type` header). */
  readonly type: string;
  /** The protobuf-encoded event (`toBinary`). */
  readonly payload: Uint8Array;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validate(event: OutboxEvent): void {
  if (!UUID.test(event.eventId)) throw new TypeError('appendToOutbox: eventId must be a UUID');
  if (event.topic.trim() === '') throw new TypeError('appendToOutbox: topic is empty');
  if (event.key === '') throw new TypeError('appendToOutbox: key is empty');
  if (event.type.trim() === '') throw new TypeError('appendToOutbox: type is empty');
}

/** The W3C traceparent of the active span, if there is one. */
function activeTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/**
 * Writes `event` to the outbox. Call it inside the same `shards.withTransaction(...)` as the state
 * change it announces: both commit or neither does. Stores the active span's traceparent so the relay
 * publishes the event under the trace that caused it.
 */
export async function appendToOutbox(client: pg.PoolClient, event: OutboxEvent): Promise<void> {
  validate(event);
  await client.query(
    `INSERT INTO outbox (event_id, topic, key, event_type, payload, traceparent)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [event.eventId, event.topic, event.key, event.type, Buffer.from(event.payload), activeTraceparent()],
  );
}
