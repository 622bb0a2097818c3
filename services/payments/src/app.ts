// The only wiring of the payments service: the card vault, stores, use cases, the resilient provider,
// the OrderCreated consumer and the outbox relay on the shared sharded-service shape.
import { fileURLToPath } from 'node:url';
import { bindService } from '@orrery/platform/grpc';
import { OUTBOX_MIGRATIONS, startEventPublishing } from '@orrery/platform/outbox';
import { type ShardedService, startShardedGrpcService } from '@orrery/platform/service';
import { chargeOrder } from './charges/charge-order.js';
import type { PaymentsConfig } from './config.js';
import { orderEventsConsumer } from './events/order-events-consumer.js';
import { PaymentsService, paymentsHandler } from './grpc/payments-handler.js';
import { type ResilienceOptions, resilientProvider } from './provider/resilient-provider.js';
import { simulatedProvider } from './provider/simulated-provider.js';
import { paymentMethodStore } from './store/payment-method-store.js';
import { paymentResults } from './store/payment-results.js';
import { createPaymentMetrics } from './telemetry/payment-metrics.js';
import { createCardVault } from './vault/card-vault.js';

/** Knobs tests turn; production uses the defaults. */
export interface PaymentsOptions {
  readonly resilience?: ResilienceOptions;
  /** Outbox poll interval (default: the relay's). */
  readonly outboxPollMs?: number;
  /** Consumer group on the orders topic (default `payments`); tests use one of their own. */
  readonly consumerGroup?: string;
}

export function startPayments(
  config: PaymentsConfig,
  options: PaymentsOptions = {},
): Promise<ShardedService> {
  return startShardedGrpcService({
    name: 'payments',
    config,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    extraMigrations: OUTBOX_MIGRATIONS,
    register: (parts) => {
      const { shards, runtime, background } = parts;
      const { logger, metrics } = runtime;
      const paymentMetrics = createPaymentMetrics(metrics.registry);
      const cards = { store: paymentMethodStore(shards), vault: createCardVault(config.cardKeys) };
      const provider = resilientProvider(simulatedProvider({ shards, ...config.provider }), paymentMetrics, {
        ...config.breaker,
        ...options.resilience,
      });
      const chargeDeps = {
        cards,
        provider,
        results: paymentResults(shards, options.consumerGroup),
        metrics: paymentMetrics,
        logger,
      };

      const { kafka, producer } = startEventPublishing(parts, {
        service: 'payments',
        brokers: config.kafkaBrokers,
        ...(options.outboxPollMs === undefined ? {} : { pollIntervalMs: options.outboxPollMs }),
      });
      const consumer = orderEventsConsumer(kafka, {
        logger,
        metrics,
        paymentMetrics,
        deadLetter: producer,
        charge: (order) => chargeOrder(chargeDeps, order),
        ...(options.consumerGroup === undefined ? {} : { groupId: options.consumerGroup }),
      });
      background({ name: 'orders consumer', start: () => consumer.start(), stop: () => consumer.stop() });
      return [bindService(PaymentsService, paymentsHandler(cards))];
    },
  });
}
