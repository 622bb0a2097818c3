// The only wiring of the payments service: the card vault, stores, use cases and the resilient
// provider on the shared sharded-service shape.
import { fileURLToPath } from 'node:url';
import { bindService } from '@orrery/platform/grpc';
import { type ShardedService, startShardedGrpcService } from '@orrery/platform/service';
import type { PaymentsConfig } from './config.js';
import { PaymentsService, paymentsHandler } from './grpc/payments-handler.js';
import type { ResilienceOptions } from './provider/resilient-provider.js';
import { paymentMethodStore } from './store/payment-method-store.js';
import { createCardVault } from './vault/card-vault.js';

/** Knobs tests turn; production uses the defaults. */
export interface PaymentsOptions {
  readonly resilience?: ResilienceOptions;
}

export function startPayments(
  config: PaymentsConfig,
  _options: PaymentsOptions = {},
): Promise<ShardedService> {
  return startShardedGrpcService({
    name: 'payments',
    config,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    register: ({ shards }) => {
      const cards = { store: paymentMethodStore(shards), vault: createCardVault(config.cardKeys) };
      return [bindService(PaymentsService, paymentsHandler(cards))];
    },
  });
}
