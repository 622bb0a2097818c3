// The gRPC edge of the payments service: contract messages ⇄ card use cases, domain errors → gRPC
// status with `{ reason, field }` details. Requests carry card data: nothing here logs them, and no
// error message repeats a field's value.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { CardBrand, PaymentsService } from '@orrery/contracts/orrery/payments/v1/payments_pb';
import { type ImplementationOf, RpcError, Status } from '@orrery/platform/grpc';
import {
  type CardBrand as Brand,
  InvalidCardInput,
  type PaymentMethod,
  PaymentMethodNotFound,
} from '../cards/card.js';
import type { CardDeps } from '../cards/deps.js';
import { getPaymentMethod } from '../cards/get-payment-method.js';
import { tokenizeCard } from '../cards/tokenize-card.js';

export { PaymentsService };

const BRANDS: Record<Brand, CardBrand> = {
  visa: CardBrand.VISA,
  mastercard: CardBrand.MASTERCARD,
  amex: CardBrand.AMEX,
  discover: CardBrand.DISCOVER,
  other: CardBrand.OTHER,
};

function toContract(card: PaymentMethod) {
  return {
    token: card.token,
    userId: card.userId,
    brand: BRANDS[card.brand],
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    createdAt: timestampFromDate(card.createdAt),
  };
}

/** Domain errors become their gRPC status; anything else propagates (the bridge answers INTERNAL). */
function toStatus(error: unknown): never {
  if (error instanceof InvalidCardInput) {
    throw new RpcError(Status.INVALID_ARGUMENT, error.message, { reason: error.reason, field: error.field });
  }
  if (error instanceof PaymentMethodNotFound) {
    throw new RpcError(Status.NOT_FOUND, error.message, { reason: 'PAYMENT_METHOD_NOT_FOUND' });
  }
  throw error;
}

export function paymentsHandler(deps: CardDeps): ImplementationOf<typeof PaymentsService> {
  return {
    async tokenizeCard(request) {
      const card = await tokenizeCard(deps, request).catch(toStatus);
      return { paymentMethod: toContract(card) };
    },
    async getPaymentMethod(request) {
      const card = await getPaymentMethod(deps, request).catch(toStatus);
      return { paymentMethod: toContract(card) };
    },
  };
}
