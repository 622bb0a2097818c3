// Test support: the payments service started in-process on throwaway databases (one per test shard
// cluster) with ephemeral ports, and helpers to look at its tables. Used by the *.int.test.ts files.
import { randomBytes } from 'node:crypto';
import { createShardSet, type ShardSet } from '@orrery/platform/pg';
import type { ShardedService } from '@orrery/platform/service';
import { createTestDatabases, requireTestList, type TestDatabases } from '@orrery/platform/testing';
import pino from 'pino';
import { type PaymentsOptions, startPayments } from '../app.js';
import type { PaymentsConfig } from '../config.js';
import { parseCardKeys } from '../vault/card-keys.js';

export interface PaymentsHarness {
  readonly service: ShardedService;
  readonly config: PaymentsConfig;
  readonly databases: TestDatabases;
  /** A separate shard set on the service's databases, for assertions. */
  readonly shards: ShardSet;
  stop(): Promise<void>;
}

export const TEST_CARD_KEYS = `old:${randomBytes(32).toString('base64')},new:${randomBytes(32).toString('base64')}`;

export function testConfig(
  pgUrls: readonly string[],
  overrides: Partial<PaymentsConfig> = {},
): PaymentsConfig {
  return Object.freeze({
    host: '127.0.0.1',
    grpcPort: 0,
    adminPort: 0,
    pgUrls,
    kafkaBrokers: requireTestList('ORRERY_TEST_KAFKA_BROKERS'),
    logLevel: 'silent',
    shutdownGraceMs: 3000,
    cardKeys: parseCardKeys(TEST_CARD_KEYS),
    provider: Object.freeze({ latencyMs: 0, failureRate: 0 }),
    breaker: Object.freeze({ breakerThreshold: 5, halfOpenAfterMs: 10_000 }),
    ...overrides,
  });
}

export async function startPaymentsHarness(
  overrides: Partial<PaymentsConfig> = {},
  options: PaymentsOptions = {},
): Promise<PaymentsHarness> {
  const databases = await createTestDatabases();
  const config = testConfig(databases.urls, overrides);
  const service = await startPayments(config, options);
  await service.ready;
  const shards = createShardSet({ urls: databases.urls, service: 'test', logger: pino({ level: 'silent' }) });
  return {
    service,
    config,
    databases,
    shards,
    async stop() {
      for (const step of service.stopSteps) await step.run();
      await shards.close();
      await databases.drop();
    },
  };
}
