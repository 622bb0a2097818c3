import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import { EventMetaSchema } from '@orrery/contracts/orrery/events/v1/event_meta_pb';
import {
  PaymentFailedSchema,
  PaymentFailureReason,
  PaymentSucceededSchema,
} from '@orrery/contracts/orrery/events/v1/payment_events_pb';
import { decodePaymentResult, UndecodableEvent } from './payment-events.js';

const ids = { orderId: randomUUID(), userId: randomUUID() };
const meta = (type: string) => create(EventMetaSchema, { eventId: randomUUID(), type, source: 'payments' });

test('PaymentSucceeded and PaymentFailed decode to results', () => {
  const succeeded = create(PaymentSucceededSchema, {
    meta: meta(PaymentSucceededSchema.typeName),
    ...ids,
    paymentId: 'ch_1',
    amount: { amountCents: 3900n, currency: 'USD' },
  });
  assert.deepEqual(
    decodePaymentResult(PaymentSucceededSchema.typeName, toBinary(PaymentSucceededSchema, succeeded)),
    {
      kind: 'SUCCEEDED',
      eventId: succeeded.meta?.eventId,
      ...ids,
      paymentId: 'ch_1',
      amountCents: 3900n,
      currency: 'USD',
    },
  );
  const failed = create(PaymentFailedSchema, {
    meta: meta(PaymentFailedSchema.typeName),
    ...ids,
    reason: PaymentFailureReason.CARD_DECLINED,
    message: 'declined by issuer',
  });
  assert.deepEqual(decodePaymentResult(PaymentFailedSchema.typeName, toBinary(PaymentFailedSchema, failed)), {
    kind: 'FAILED',
    eventId: failed.meta?.eventId,
    ...ids,
    failureReason: 'card declined',
  });
});

test('other event types are skipped, unreadable ones are UndecodableEvent', () => {
  assert.equal(decodePaymentResult('orrery.events.v1.Something', new Uint8Array([1, 2, 3])), undefined);
  assert.throws(
    () => decodePaymentResult(PaymentSucceededSchema.typeName, new Uint8Array([0xff, 0xff, 0xff])),
    UndecodableEvent,
  );
  const noIds = create(PaymentFailedSchema, { meta: meta(PaymentFailedSchema.typeName), orderId: 'x' });
  assert.throws(
    () => decodePaymentResult(PaymentFailedSchema.typeName, toBinary(PaymentFailedSchema, noIds)),
    /order_id is not a UUID/,
  );
  const noMeta = create(PaymentSucceededSchema, { ...ids, paymentId: 'ch_1' });
  assert.throws(
    () => decodePaymentResult(PaymentSucceededSchema.typeName, toBinary(PaymentSucceededSchema, noMeta)),
    /meta.event_id is not a UUID/,
  );
});
