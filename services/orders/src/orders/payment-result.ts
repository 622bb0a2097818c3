// A payment result as the orders service applies it, decoded from PaymentSucceeded / PaymentFailed.

export type PaymentResult =
  | {
      readonly kind: 'SUCCEEDED';
      readonly eventId: string;
      readonly orderId: string;
      readonly userId: string;
      readonly paymentId: string;
      readonly amountCents: bigint;
      readonly currency: string;
    }
  | {
      readonly kind: 'FAILED';
      readonly eventId: string;
      readonly orderId: string;
      readonly userId: string;
      /** A short text for people (the order's failure_reason); never card data. */
      readonly failureReason: string;
    };
