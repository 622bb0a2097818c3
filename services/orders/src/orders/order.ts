// The order as the orders service knows it, and the errors its use cases raise. Each error carries a
// stable reason code that the gRPC edge sends as the `reason` detail (the gateway maps it to HTTP).

export const ORDER_STATUSES = ['PENDING', 'PAID', 'FAILED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  readonly productId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPriceCents: bigint;
  readonly currency: string;
}

export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly items: readonly OrderItem[];
  readonly totalCents: bigint;
  readonly currency: string;
  readonly paymentToken: string;
  /** Set only when status is FAILED. */
  readonly failureReason: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A rule was broken by the caller's input; `field` is the path of the offending field. */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
  constructor(
    readonly field: string,
    readonly reason: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** No order with that id belongs to that user (whether it exists for someone else is not told). */
export class OrderNotFound extends Error {
  override readonly name = 'OrderNotFound';
  readonly reason = 'ORDER_NOT_FOUND';
  constructor() {
    super('order not found');
  }
}

/** The idempotency key was used before for a different request. */
export class IdempotencyKeyReused extends Error {
  override readonly name = 'IdempotencyKeyReused';
  readonly reason = 'IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super('idempotency_key was already used for a different request (other items or payment token)');
  }
}

/** The order has left PENDING, so it can no longer be cancelled. */
export class OrderNotPending extends Error {
  override readonly name = 'OrderNotPending';
  readonly reason = 'ORDER_NOT_PENDING';
  constructor(readonly status: OrderStatus) {
    super(`the order is ${status}; only a PENDING order can be cancelled`);
  }
}
