// For integration tests: the real orders service (app.ts) on throwaway databases of the test Postgres
// clusters, real Kafka, ephemeral ports; a gRPC client to it; its shards for row counts; stop() leaves
// nothing behind.
import { OrdersService } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import { type ClientOf, createClient } from '@orrery/platform/grpc';
import { createShardSet, type ShardSet } from '@orrery/platform/pg';
import { createTestDatabases, requireTestList, type TestDatabases } from '@orrery/platform/testing';
import { pino } from 'pino';
import { startOrders } from '../app.js';

export interface OrdersUnderTest {
  readonly client: ClientOf<typeof OrdersService>;
  /** A second view of the service's shards, for checking rows. */
  readonly shards: ShardSet;
  readonly adminPort: number;
  readonly kafkaBrokers: readonly string[];
  stop(): Promise<void>;
}

export async function startOrdersUnderTest(): Promise<OrdersUnderTest> {
  const kafkaBrokers = requireTestList('ORRERY_TEST_KAFKA_BROKERS');
  const databases: TestDatabases = await createTestDatabases();
  const service = await startOrders({
    host: '127.0.0.1',
    grpcPort: 0,
    adminPort: 0,
    pgUrls: databases.urls,
    kafkaBrokers,
    logLevel: 'error',
    shutdownGraceMs: 5000,
  });
  await service.ready;
  const client = createClient(OrdersService, `127.0.0.1:${service.grpcPort}`, { defaultTimeoutMs: 15_000 });
  const shards = createShardSet({
    urls: databases.urls,
    service: 'orders-test',
    logger: pino({ level: 'silent' }),
  });
  return {
    client,
    shards,
    adminPort: service.adminPort,
    kafkaBrokers,
    async stop() {
      client.close();
      for (const step of service.stopSteps) await step.run();
      await shards.close();
      await databases.drop();
    },
  };
}
