// The only wiring of the orders service: the catalog on the shared sharded-service shape.
import { fileURLToPath } from 'node:url';
import { bindService } from '@orrery/platform/grpc';
import { type ShardedService, startShardedGrpcService } from '@orrery/platform/service';
import type { OrdersConfig } from './config.js';
import { OrdersService, ordersHandler } from './grpc/orders-handler.js';

export function startOrders(config: OrdersConfig): Promise<ShardedService> {
  return startShardedGrpcService({
    name: 'orders',
    config,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    register: ({ shards }) => [bindService(OrdersService, ordersHandler(shards))],
  });
}
