import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBinary } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { UserDeletedSchema } from '@orrery/contracts/orrery/events/v1/user_events_pb';
import { OUTBOX_MIGRATIONS } from './migrations.js';
import { newEventMeta, outboxEvent } from './event-meta.js';

describe('newEventMeta and OUTBOX_MIGRATIONS', () => {
  it('gives every event a fresh UUID, its type and source, and now', () => {
    const before = Date.now();
    const a = newEventMeta('orrery.events.v1.OrderCreated', 'orders');
    const b = newEventMeta('orrery.events.v1.OrderCreated', 'orders');
    assert.match(a.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a.eventId, b.eventId);
    assert.equal(a.type, 'orrery.events.v1.OrderCreated');
    assert.equal(a.source, 'orders');
    assert.ok(a.occurredAt !== undefined);
    const at = timestampDate(a.occurredAt).getTime();
    assert.ok(at >= before - 1 && at <= Date.now() + 1);
    assert.throws(() => newEventMeta('', 'orders'), /type/);
    assert.throws(() => newEventMeta('x', ' '), /source/);
  });

  it('outboxEvent: the encoded message under its fresh meta, with the meta id and type on the row', () => {
    const event = outboxEvent(
      UserDeletedSchema,
      { topic: 'orrery.users.v1', key: 'u-1', source: 'users' },
      (meta) => ({
        meta,
        userId: 'u-1',
      }),
    );
    const decoded = fromBinary(UserDeletedSchema, event.payload);
    assert.equal(decoded.userId, 'u-1');
    assert.equal(decoded.meta?.source, 'users');
    assert.equal(decoded.meta?.type, UserDeletedSchema.typeName);
    assert.deepEqual(
      [event.topic, event.key, event.eventId, event.type],
      ['orrery.users.v1', 'u-1', decoded.meta?.eventId, UserDeletedSchema.typeName],
    );
  });

  it('reserves versions 9001+ for the platform tables', () => {
    assert.deepEqual(
      OUTBOX_MIGRATIONS.map((migration) => [migration.version, migration.name]),
      [
        [9001, 'outbox'],
        [9002, 'processed_events'],
        [9003, 'outbox_notify'],
      ],
    );
  });
});
