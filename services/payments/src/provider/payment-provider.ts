// The port to a card payment provider. A charge either succeeds with the provider's charge id or is
// declined with a reason; anything else (processing error, timeout) is a TransientProviderError and may
// be retried with the same idempotency key, which never charges twice.

export type DeclineReason = 'CARD_DECLINED' | 'INSUFFICIENT_FUNDS' | 'CARD_EXPIRED';

export interface ChargeRequest {
  /** The provider charges at most once per key (payments uses the order id). */
  readonly idempotencyKey: string;
  readonly amount: { readonly amountCents: bigint; readonly currency: string };
  /** The opened card: goes to the provider and nowhere else. */
  readonly card: { readonly number: string; readonly expMonth: number; readonly expYear: number };
}

export type ChargeResult =
  | { readonly outcome: 'succeeded'; readonly chargeId: string }
  | { readonly outcome: 'declined'; readonly reason: DeclineReason; readonly message: string };

export interface PaymentProvider {
  /** `signal` aborts a call that is taking too long (the caller's timeout). */
  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult>;
}

/** The call failed in a way worth retrying: a processing error, an outage, a timeout. Never card data. */
export class TransientProviderError extends Error {
  override readonly name = 'TransientProviderError';
  constructor(
    /** `processing_error` or `timeout`: the metric label. */
    readonly kind: 'processing_error' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** No charge could be made: retries ran out, or the circuit breaker is open. */
export class ProviderUnavailable extends Error {
  override readonly name = 'ProviderUnavailable';
}
