// The only wiring of the orders service: use cases, metrics and the gRPC edge on the shared
// sharded-service shape, plus its Kafka side: topics ensured on start, the outbox relay (one leader per
// shard across replicas) publishing OrderCreated/OrderCancelled, and the payment-results consumer.
import { fileURLToPath } from 'node:url';
import { bindService } from '@orrery/platform/grpc';
import { OUTBOX_MIGRATIONS, startEventPublishing } from '@orrery/platform/outbox';
import { type ShardedService, startShardedGrpcService } from '@orrery/platform/service';
import type { OrdersConfig } from './config.js';
import { createPaymentResultsConsumer } from './events/payment-results-consumer.js';
import { OrdersService, ordersHandler } from './grpc/orders-handler.js';
import { createOrdersMetrics } from './orders/orders-metrics.js';
import { registerPendingOrdersMetrics } from './orders/pending-orders-metrics.js';

export function startOrders(config: OrdersConfig): Promise<ShardedService> {
  return startShardedGrpcService({
    name: 'orders',
    config,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    extraMigrations: OUTBOX_MIGRATIONS,
    register: (parts) => {
      const { shards, runtime, background } = parts;
      const { logger, metrics } = runtime;
      const orders = createOrdersMetrics(metrics.registry);
      registerPendingOrdersMetrics(metrics.registry, shards);
      const { kafka, producer } = startEventPublishing(parts, {
        service: 'orders',
        brokers: config.kafkaBrokers,
      });
      const consumer = createPaymentResultsConsumer(kafka, {
        shards,
        orders,
        logger,
        metrics,
        deadLetter: producer,
      });
      background({
        name: 'payment results consumer',
        start: () => consumer.start(),
        stop: () => consumer.stop(),
      });
      return [bindService(OrdersService, ordersHandler({ shards, metrics: orders }))];
    },
  });
}
