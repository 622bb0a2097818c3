// The shape every sharded gRPC service of orrery shares: a shard set, a gRPC server (health +
// reflection), the admin server (/healthz, /readyz, /metrics), Postgres waited for with backoff and
// migrated on every shard, SERVING only after that, and the ordered stop steps for a graceful drain.
import type { Logger } from 'pino';
import { startAdminServer } from '../admin/index.js';
import { type bindService, createGrpcServer } from '../grpc/index.js';
import { createShardSet, loadMigrations, migrate, type ShardSet } from '../pg/index.js';
import type { ShutdownStep } from '../shutdown/index.js';
import { createRuntime, type ServiceRuntime } from './runtime.js';
import { untilReady } from './until-ready.js';

export interface ShardedServiceConfig {
  readonly host: string;
  readonly grpcPort: number;
  readonly adminPort: number;
  readonly pgUrls: readonly string[];
  readonly logLevel: string;
  readonly shutdownGraceMs: number;
}

export interface ShardedServiceOptions {
  readonly name: string;
  readonly config: ShardedServiceConfig;
  /** Directory of `NNN_name.sql` migrations applied to every shard. */
  readonly migrationsDir: string;
  /** Builds the service's use cases and gRPC registrations from the shared parts. */
  readonly register: (parts: {
    runtime: ServiceRuntime;
    shards: ShardSet;
  }) => ReturnType<typeof bindService>[];
}

export interface ShardedService {
  readonly grpcPort: number;
  readonly adminPort: number;
  readonly logger: Logger;
  /** Resolves once Postgres answered and every shard is migrated (the service then reports SERVING). */
  readonly ready: Promise<void>;
  readonly stopSteps: readonly ShutdownStep[];
}

export async function startShardedGrpcService(options: ShardedServiceOptions): Promise<ShardedService> {
  const { name, config } = options;
  const runtime = createRuntime({ service: name, logLevel: config.logLevel });
  const { logger, metrics, readiness } = runtime;
  const shards = createShardSet({ urls: config.pgUrls, service: name, metrics, logger });
  const services = options.register({ runtime, shards });
  const grpc = await createGrpcServer({
    host: config.host,
    port: config.grpcPort,
    services,
    observer: runtime.rpcObserver,
    logger,
  });
  readiness.add('postgres', (signal) => shards.ping(signal));
  const admin = await startAdminServer({
    host: config.host,
    port: config.adminPort,
    registry: metrics.registry,
    readiness,
    logger,
  });
  logger.info({ grpc_port: grpc.port, admin_port: admin.port, shards: shards.size }, `${name} listening`);

  const stopping = new AbortController();
  const ready = (async () => {
    const migrations = await loadMigrations(options.migrationsDir);
    await untilReady('postgres', () => migrate(shards, migrations), { logger, signal: stopping.signal });
    for (const { service } of services) grpc.setServing(service.typeName, 'SERVING');
    grpc.setServing('', 'SERVING');
  })();
  ready.catch((error: unknown) => {
    if (!stopping.signal.aborted) logger.fatal({ err: error }, `${name} could not start`);
  });

  const stopSteps: ShutdownStep[] = [
    {
      name: 'mark not ready',
      run: () => {
        stopping.abort();
        readiness.markShuttingDown();
      },
    },
    { name: 'drain gRPC', run: () => grpc.shutdown(Math.max(1000, config.shutdownGraceMs - 2000)) },
    { name: 'close Postgres pools', run: () => shards.close() },
    { name: 'close admin server', run: () => admin.close() },
  ];
  return { grpcPort: grpc.port, adminPort: admin.port, logger, ready, stopSteps };
}
