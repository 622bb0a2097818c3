// A payment result applied to its order inside the consumer's transaction: PaymentSucceeded → PAID,
// PaymentFailed → FAILED, through the guarded transition. A result for an order that is no longer
// PENDING (cancelled first, or a second result) changes nothing and is recorded in
// late_payment_results; a success for an order that did not end PAID with that charge is a refund owed.
import { recordLateResult } from '../store/late-results-store.js';
import type { Tx } from '../store/tx.js';
import type { PaymentResult } from './payment-result.js';
import { type FinalStatus, transition } from './state-machine.js';

export type PaymentOutcome =
  | { readonly applied: true; readonly status: FinalStatus; readonly ageSeconds: number }
  | { readonly applied: false; readonly refundOwed: boolean; readonly recorded: boolean };

export async function applyPaymentResult(tx: Tx, result: PaymentResult): Promise<PaymentOutcome> {
  const outcome = await transition(
    tx,
    result.userId,
    result.orderId,
    result.kind === 'SUCCEEDED'
      ? { to: 'PAID', paymentId: result.paymentId }
      : { to: 'FAILED', failureReason: result.failureReason },
  );
  if (outcome.changed) {
    return {
      applied: true,
      status: result.kind === 'SUCCEEDED' ? 'PAID' : 'FAILED',
      ageSeconds: outcome.ageSeconds,
    };
  }
  // a success that is not the charge the order is PAID with is money to give back
  const refundOwed =
    result.kind === 'SUCCEEDED' &&
    (outcome.current !== 'PAID' || outcome.currentPaymentId !== result.paymentId);
  const recorded = await recordLateResult(tx, result, outcome.current, refundOwed);
  return { applied: false, refundOwed, recorded };
}
