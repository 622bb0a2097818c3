// The only wiring of the payments service, on the shared sharded-service shape.
import { fileURLToPath } from 'node:url';
import { bindService } from '@orrery/platform/grpc';
import { type ShardedService, startShardedGrpcService } from '@orrery/platform/service';
import type { PaymentsConfig } from './config.js';
import { PaymentsService, paymentsHandler } from './grpc/payments-handler.js';

export function startPayments(config: PaymentsConfig): Promise<ShardedService> {
  return startShardedGrpcService({
    name: 'payments',
    config,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    register: () => [bindService(PaymentsService, paymentsHandler())],
  });
}
