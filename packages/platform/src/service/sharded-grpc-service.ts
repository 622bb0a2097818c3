// The shape every sharded gRPC service of orrery shares: a shard set, a gRPC server (health +
// reflection), the admin server (/healthz, /readyz, /metrics), Postgres waited for with backoff and
// migrated on every shard, SERVING only after that, background work (outbox relays, consumers)
// started after the migrations, and the ordered stop steps for a graceful drain.
import type { Logger } from 'pino';
import { startAdminServer } from '../admin/index.js';
import { type bindService, createGrpcServer } from '../grpc/index.js';
import { registerShardProbe } from '../metrics/index.js';
import { createShardSet, loadMigrations, type Migration, migrate, type ShardSet } from '../pg/index.js';
import type { ShutdownStep } from '../shutdown/index.js';
import { createRuntime, type ServiceRuntime } from './runtime.js';
import { untilReady } from './until-ready.js';

export interface ShardedServiceConfig {
  readonly host: string;
  readonly grpcPort: number;
  readonly adminPort: number;
  readonly pgUrls: readonly string[];
  readonly kafkaBrokers: readonly string[];
  readonly logLevel: string;
  readonly shutdownGraceMs: number;
}

export interface ShardedServiceOptions {
  readonly name: string;
  readonly config: ShardedServiceConfig;
  /** Directory of `NNN_name.sql` migrations applied to every shard. */
  readonly migrationsDir: string;
  /** Platform migrations applied together with the service's own, e.g. `OUTBOX_MIGRATIONS` (9001+). */
  readonly extraMigrations?: readonly Migration[];
  /** Builds the service's use cases and gRPC registrations from the shared parts. */
  readonly register: (parts: ShardedServiceParts) => ReturnType<typeof bindService>[];
}

/** Long-running work beside the RPCs: an outbox relay, a Kafka consumer. */
export interface BackgroundTask {
  readonly name: string;
  /** Called once every shard is migrated; resolves when the task runs. A rejection is retried with backoff. */
  start(): Promise<void>;
  /** Called on shutdown before gRPC drains: finish the work in hand, commit, let go. */
  stop(): Promise<void>;
}

/** What `register` gets to build a service from. */
export interface ShardedServiceParts {
  readonly runtime: ServiceRuntime;
  readonly shards: ShardSet;
  /** Runs `task` after the migrations and stops it first on shutdown. */
  background(task: BackgroundTask): void;
  /** Closes a shared client (a producer, Redis) after gRPC drained, before the Postgres pools. */
  onClose(name: string, close: () => Promise<void>): void;
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
  const tasks: BackgroundTask[] = [];
  const closers: ShutdownStep[] = [];
  const services = options.register({
    runtime,
    shards,
    background: (task) => void tasks.push(task),
    onClose: (closeName, close) => void closers.push({ name: `close ${closeName}`, run: close }),
  });
  const grpc = await createGrpcServer({
    host: config.host,
    port: config.grpcPort,
    services,
    observer: runtime.rpcObserver,
    logger,
  });
  readiness.add('postgres', () => shards.ping());
  registerShardProbe(metrics.registry, {
    shards: shards.size,
    probe: (shard) => shards.pool(shard).query('SELECT 1'),
  });
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
    const migrations = [...(await loadMigrations(options.migrationsDir)), ...(options.extraMigrations ?? [])];
    await untilReady('postgres', () => migrate(shards, migrations), { logger, signal: stopping.signal });
    for (const task of tasks) {
      await untilReady(task.name, () => task.start(), { logger, signal: stopping.signal });
    }
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
    ...tasks.map((task) => ({ name: `stop ${task.name}`, run: () => task.stop() })),
    { name: 'drain gRPC', run: () => grpc.shutdown(Math.max(1000, config.shutdownGraceMs - 2000)) },
    ...closers,
    { name: 'close Postgres pools', run: () => shards.close() },
    { name: 'close admin server', run: () => admin.close() },
  ];
  return { grpcPort: grpc.port, adminPort: admin.port, logger, ready, stopSteps };
}
