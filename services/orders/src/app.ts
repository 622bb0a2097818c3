// The only wiring of the orders service: its use cases, metrics and gRPC edge on the shared
// sharded-service shape.
import { fileURLToPath } from 'node:url';
import { bindService } from '@orrery/platform/grpc';
import { type ShardedService, startShardedGrpcService } from '@orrery/platform/service';
import type { OrdersConfig } from './config.js';
import { OrdersService, ordersHandler } from './grpc/orders-handler.js';
import { createOrdersMetrics } from './orders/orders-metrics.js';

export function startOrders(config: OrdersConfig): Promise<ShardedService> {
  return startShardedGrpcService({
    name: 'orders',
    config,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    register: ({ shards, runtime }) => {
      const deps = { shards, metrics: createOrdersMetrics(runtime.metrics.registry) };
      return [bindService(OrdersService, ordersHandler(deps))];
    },
  });
}
