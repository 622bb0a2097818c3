import { randomUUID } from 'node:crypto';
import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { type EventMeta, EventMetaSchema } from '@orrery/contracts/orrery/events/v1/event_meta_pb';
import type { OutboxEvent } from './append.js';

/** Metadata for a new event: a fresh UUID, `type` (the event's protobuf name), now, and its source. */
export function newEventMeta(type: string, source: string): EventMeta {
  if (type.trim() === '') throw new Error('newEventMeta: type must be the event message name');
  if (source.trim() === '') throw new Error('newEventMeta: source must be the producing service');
  return create(EventMetaSchema, { eventId: randomUUID(), type, occurredAt: timestampNow(), source });
}

/** Where an event goes and who announces it. */
export interface OutboxEventTarget {
  readonly topic: string;
  /** Kafka key: the user id the event concerns. */
  readonly key: string;
  /** The producing service (`meta.source`). */
  readonly source: string;
}

/**
 * A new event of `schema` ready for `appendToOutbox`: `build` gets the fresh meta and returns the
 * message's fields (the meta among them); the outbox row carries the meta's id and type.
 */
export function outboxEvent<S extends DescMessage>(
  schema: S,
  target: OutboxEventTarget,
  build: (meta: EventMeta) => MessageInitShape<S>,
): OutboxEvent {
  const meta = newEventMeta(schema.typeName, target.source);
  return {
    topic: target.topic,
    key: target.key,
    eventId: meta.eventId,
    type: meta.type,
    payload: toBinary(schema, create(schema, build(meta))),
  };
}
