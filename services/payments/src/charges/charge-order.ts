// Exactly one charge per order, however often OrderCreated is delivered: a stored decision skips the
// order; the provider is idempotent on the order id, so a delivery that crashed after charging gets
// the same charge back; and UNIQUE(order_id) lets only one delivery record a decision and its event.
import { SPAN_ATTRIBUTES } from '@orrery/platform/metrics';
import { withSpan } from '@orrery/platform/telemetry';
import type { Logger } from 'pino';
import { PaymentMethodNotFound } from '../cards/card.js';
import type { CardDeps } from '../cards/deps.js';
import { getChargeableCard } from '../cards/get-payment-method.js';
import { type PaymentProvider, ProviderUnavailable } from '../provider/payment-provider.js';
import type { PaymentMetrics } from '../telemetry/payment-metrics.js';
import type { ChargeDecision, OrderToCharge, PaymentResults } from './charge.js';

export interface ChargeDeps {
  readonly cards: CardDeps;
  readonly provider: PaymentProvider;
  readonly results: PaymentResults;
  readonly metrics: PaymentMetrics;
  readonly logger: Logger;
}

async function decide({ cards, provider }: ChargeDeps, order: OrderToCharge): Promise<ChargeDecision> {
  let card: Awaited<ReturnType<typeof getChargeableCard>>;
  try {
    card = await getChargeableCard(cards, order.userId, order.paymentToken);
  } catch (error) {
    if (!(error instanceof PaymentMethodNotFound)) throw error;
    return { status: 'FAILED', reason: 'PAYMENT_METHOD_NOT_FOUND', message: 'payment method not found' };
  }
  try {
    const result = await provider.charge({
      idempotencyKey: order.orderId,
      amount: order.amount,
      card: { number: card.number, expMonth: card.expMonth, expYear: card.expYear },
    });
    if (result.outcome === 'succeeded') return { status: 'SUCCEEDED', chargeId: result.chargeId };
    return { status: 'FAILED', reason: result.reason, message: result.message };
  } catch (error) {
    if (!(error instanceof ProviderUnavailable)) throw error;
    return { status: 'FAILED', reason: 'PROVIDER_UNAVAILABLE', message: 'payment provider unavailable' };
  }
}

/** Charges the order once; `duplicate` when another delivery already decided it. Traced; no card data. */
export function chargeOrder(deps: ChargeDeps, order: OrderToCharge): Promise<'recorded' | 'duplicate'> {
  const attributes = {
    [SPAN_ATTRIBUTES.orderId]: order.orderId,
    [SPAN_ATTRIBUTES.userId]: order.userId,
    [SPAN_ATTRIBUTES.eventId]: order.eventId,
  };
  return withSpan('payments.charge_order', attributes, async (span) => {
    const outcome = await decideOnce(deps, order);
    span.setAttribute(SPAN_ATTRIBUTES.paymentOutcome, outcome);
    return outcome === 'duplicate' ? 'duplicate' : 'recorded';
  });
}

async function decideOnce(deps: ChargeDeps, order: OrderToCharge): Promise<string> {
  const { results, metrics, logger } = deps;
  if (await results.exists(order.userId, order.orderId)) {
    metrics.charges.inc({ outcome: 'duplicate' });
    return 'duplicate';
  }
  const decision = await decide(deps, order);
  const recorded = await results.record(order, decision);
  const outcome =
    recorded === 'duplicate'
      ? 'duplicate'
      : decision.status === 'SUCCEEDED'
        ? 'succeeded'
        : decision.reason.toLowerCase();
  metrics.charges.inc({ outcome });
  logger.info(
    {
      order_id: order.orderId,
      user_id: order.userId,
      outcome,
      ...(decision.status === 'FAILED' ? { reason: decision.reason } : {}),
    },
    'order charge decided',
  );
  return outcome;
}
