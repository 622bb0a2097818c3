// An order to charge and what payments decided about it. Never holds card data: only the token.

/** Why a charge failed (the PaymentFailureReason of the event, without its prefix). */
export type FailureReason =
  | 'CARD_DECLINED'
  | 'INSUFFICIENT_FUNDS'
  | 'CARD_EXPIRED'
  | 'PAYMENT_METHOD_NOT_FOUND'
  | 'PROVIDER_UNAVAILABLE';

/** From an OrderCreated event. */
export interface OrderToCharge {
  /** The OrderCreated event id (deduplicated per consumer group). */
  readonly eventId: string;
  readonly orderId: string;
  readonly userId: string;
  readonly amount: { readonly amountCents: bigint; readonly currency: string };
  readonly paymentToken: string;
}

export type ChargeDecision =
  | { readonly status: 'SUCCEEDED'; readonly chargeId: string }
  | { readonly status: 'FAILED'; readonly reason: FailureReason; readonly message: string };

/** Where decisions are kept (store/payment-results.ts). */
export interface PaymentResults {
  /** True once a decision for this order is stored (on the buyer's shard). */
  exists(userId: string, orderId: string): Promise<boolean>;
  /**
   * In one transaction on the buyer's shard: marks the event processed, stores the decision
   * (UNIQUE(order_id)) and appends the result event to the outbox. `duplicate` when the event or the
   * order was already handled by another delivery; then nothing new is written.
   */
  record(order: OrderToCharge, decision: ChargeDecision): Promise<'recorded' | 'duplicate'>;
}
