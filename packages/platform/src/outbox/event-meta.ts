import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { type EventMeta, EventMetaSchema } from '@orrery/contracts/orrery/events/v1/event_meta_pb';

/** Metadata for a new event: a fresh UUID, `type` (the event's protobuf name), now, and its source. */
export function newEventMeta(type: string, source: string): EventMeta {
  if (type.trim() === '') throw new Error('newEventMeta: type must be the event message name');
  if (source.trim() === '') throw new Error('newEventMeta: source must be the producing service');
  return create(EventMetaSchema, { eventId: randomUUID(), type, occurredAt: timestampNow(), source });
}
