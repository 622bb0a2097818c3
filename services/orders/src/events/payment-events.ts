// PaymentSucceeded / PaymentFailed from the payments topic → PaymentResult. A message that cannot be
// read (bad protobuf, missing ids) throws UndecodableEvent: it can never succeed, so the consumer
// dead-letters it at once. Other event types on the topic are not for orders and are skipped.
import { fromBinary } from '@bufbuild/protobuf';
import {
  PaymentFailedSchema,
  PaymentFailureReason,
  PaymentSucceededSchema,
} from '@orrery/contracts/orrery/events/v1/payment_events_pb';
import { PermanentError } from '@orrery/platform/kafka';
import { UUID_SHAPE } from '../orders/fields.js';
import type { PaymentResult } from '../orders/payment-result.js';

/**
 * A payment result that can never be read. A PermanentError (and named like one, so the dead-letter
 * reason reads `PermanentError: …`): the consumer dead-letters it at once.
 */
export class UndecodableEvent extends PermanentError {}

/** The texts people see as failure_reason, by the machine-readable reason of PaymentFailed. */
const FAILURE_TEXT: Readonly<Record<PaymentFailureReason, string>> = {
  [PaymentFailureReason.UNSPECIFIED]: 'payment failed',
  [PaymentFailureReason.CARD_DECLINED]: 'card declined',
  [PaymentFailureReason.INSUFFICIENT_FUNDS]: 'insufficient funds',
  [PaymentFailureReason.CARD_EXPIRED]: 'card expired',
  [PaymentFailureReason.PAYMENT_METHOD_NOT_FOUND]: 'payment method not found',
  [PaymentFailureReason.PROVIDER_UNAVAILABLE]: 'payment provider unavailable',
};

function decode<T>(read: () => T, type: string): T {
  try {
    return read();
  } catch (error) {
    throw new UndecodableEvent(`${type}: not a valid protobuf message`, { cause: error });
  }
}

function ids(type: string, meta: { eventId: string } | undefined, orderId: string, userId: string) {
  const eventId = meta?.eventId.toLowerCase() ?? '';
  for (const [name, value] of [
    ['meta.event_id', eventId],
    ['order_id', orderId],
    ['user_id', userId],
  ] as const) {
    if (!UUID_SHAPE.test(value)) throw new UndecodableEvent(`${type}: ${name} is not a UUID`);
  }
  return { eventId, orderId, userId };
}

/** The result carried by `value`, or undefined when `type` is not a payment result. */
export function decodePaymentResult(type: string | undefined, value: Uint8Array): PaymentResult | undefined {
  if (type === PaymentSucceededSchema.typeName) {
    const event = decode(() => fromBinary(PaymentSucceededSchema, value), type);
    const known = ids(type, event.meta, event.orderId, event.userId);
    if (event.paymentId === '') throw new UndecodableEvent(`${type}: payment_id is empty`);
    return {
      kind: 'SUCCEEDED',
      ...known,
      paymentId: event.paymentId,
      amountCents: event.amount?.amountCents ?? 0n,
      currency: event.amount?.currency ?? '',
    };
  }
  if (type === PaymentFailedSchema.typeName) {
    const event = decode(() => fromBinary(PaymentFailedSchema, value), type);
    return {
      kind: 'FAILED',
      ...ids(type, event.meta, event.orderId, event.userId),
      failureReason: FAILURE_TEXT[event.reason] ?? FAILURE_TEXT[PaymentFailureReason.UNSPECIFIED],
    };
  }
  return undefined;
}
