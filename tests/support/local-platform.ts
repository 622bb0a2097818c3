// The four services started as real processes against the test infrastructure (ORRERY_TEST_* from the
// test runner), each with throwaway databases and ports of its own.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '@orrery/launcher';
import {
  type DevSecrets,
  freeServicePorts,
  generateDevSecrets,
  replicaSpecs,
  replicasTarget,
  type ServiceSpec,
  type Services,
  type ServicePorts,
  serviceSpecs,
  startServices,
} from '@orrery/launcher/services';
import {
  createTestDatabases,
  requireTestEnv,
  requireTestList,
  type TestDatabases,
} from '@orrery/platform/testing';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface TestPlatform {
  readonly ports: ServicePorts;
  readonly databases: Readonly<Record<'users' | 'orders' | 'payments', TestDatabases>>;
  readonly services: Services;
  /** The JWT secret and the seeded admin account of this run. */
  readonly secrets: DevSecrets;
  readonly baseUrl: string;
  /** Every orders process, the first one (instance `orders`) first; see `PlatformOptions.ordersReplicas`. */
  readonly ordersInstances: readonly OrdersInstance[];
  stop(): Promise<void>;
}

export interface OrdersInstance {
  /** `orders`, `orders-2`, … : what `services.stopService` takes. */
  readonly instance: string;
  readonly grpcPort: number;
  readonly adminPort: number;
}

export interface PlatformOptions {
  /**
   * Orders processes on the same shards (default 1). With more than one, the gateway's orders target
   * lists them all (`ipv4:…,…`) and round-robins over the live ones.
   */
  readonly ordersReplicas?: number;
}

/** Extra environment per service, e.g. `{ gateway: { ORRERY_RATE_LIMIT_USER: '2/1s' } }`. */
export type EnvOverrides = Partial<
  Record<'gateway' | 'users' | 'orders' | 'payments', Record<string, string>>
>;

export async function startTestPlatform(
  overrides: EnvOverrides = {},
  options: PlatformOptions = {},
): Promise<TestPlatform> {
  const redisUrl = requireTestEnv('ORRERY_TEST_REDIS_URL');
  const kafkaBrokers = requireTestList('ORRERY_TEST_KAFKA_BROKERS');
  const [users, orders, payments] = await Promise.all([
    createTestDatabases(),
    createTestDatabases(),
    createTestDatabases(),
  ]);
  const databases = { users, orders, payments } as Record<'users' | 'orders' | 'payments', TestDatabases>;
  const ports = await freeServicePorts();
  const extra = await freePorts(2 * ((options.ordersReplicas ?? 1) - 1));
  const ordersInstances: OrdersInstance[] = [
    { instance: 'orders', grpcPort: ports.ordersGrpc, adminPort: ports.ordersAdmin },
    ...Array.from({ length: extra.length / 2 }, (_, i) => ({
      instance: `orders-${i + 2}`,
      grpcPort: extra[2 * i] as number,
      adminPort: extra[2 * i + 1] as number,
    })),
  ];
  if (ordersInstances.length > 1) {
    overrides = {
      ...overrides,
      gateway: {
        ORRERY_ORDERS_ADDR: replicasTarget(ordersInstances.map((o) => o.grpcPort)),
        ...overrides.gateway,
      },
    };
  }
  const secrets = generateDevSecrets();
  const specs = serviceSpecs(
    {
      pgUrls: (database) => [...(databases[database as keyof typeof databases]?.urls ?? [])],
      redisUrl,
      kafkaBrokers,
    },
    ports,
    { ORRERY_LOG_LEVEL: 'warn' },
    secrets,
  )
    .map((spec) => ({ ...spec, env: { ...spec.env, ...overrides[spec.name as keyof EnvOverrides] } }))
    .flatMap((spec): ServiceSpec[] =>
      spec.name === 'orders' ? [spec, ...replicaSpecs(spec, ordersInstances.slice(1))] : [spec],
    );
  const services = await startServices(specs, {
    repoRoot,
    logDir: join(repoRoot, '.local', 'test-logs', users.name),
    log: () => {},
  });
  return {
    ports,
    databases,
    services,
    secrets,
    baseUrl: `http://127.0.0.1:${ports.gatewayHttp}`,
    ordersInstances,
    async stop() {
      await services.stop();
      await Promise.all(Object.values(databases).map((db) => db.drop()));
    },
  };
}
