// The only wiring of the users service: builds the shard set, the gRPC server and the admin server,
// waits for Postgres with backoff (start in any order), migrates every shard, then reports SERVING.
import { fileURLToPath } from 'node:url';
import { startAdminServer } from '@orrery/platform/admin';
import { bindService, createGrpcServer } from '@orrery/platform/grpc';
import { createShardSet, loadMigrations, migrate } from '@orrery/platform/pg';
import { createRuntime, untilReady } from '@orrery/platform/service';
import type { ShutdownStep } from '@orrery/platform/shutdown';
import type { UsersConfig } from './config.js';
import { UsersService, usersHandler } from './grpc/users-handler.js';
import { emailClaims } from './store/email-claims.js';
import { userStore } from './store/user-store.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface UsersApp {
  readonly grpcPort: number;
  readonly adminPort: number;
  /** Resolves once dependencies are reachable and the schema is migrated. */
  readonly ready: Promise<void>;
  readonly stopSteps: readonly ShutdownStep[];
  readonly logger: ReturnType<typeof createRuntime>['logger'];
}

export async function startUsers(config: UsersConfig): Promise<UsersApp> {
  const runtime = createRuntime({ service: 'users', logLevel: config.logLevel });
  const { logger, metrics, readiness } = runtime;
  const shards = createShardSet({ urls: config.pgUrls, service: 'users', metrics, logger });
  const deps = { store: userStore(shards), claims: emailClaims(shards) };

  const grpc = await createGrpcServer({
    host: config.host,
    port: config.grpcPort,
    services: [bindService(UsersService, usersHandler(deps))],
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
  logger.info({ grpc_port: grpc.port, admin_port: admin.port, shards: shards.size }, 'users listening');

  const stopping = new AbortController();
  const ready = (async () => {
    const migrations = await loadMigrations(MIGRATIONS_DIR);
    await untilReady('postgres', () => migrate(shards, migrations), { logger, signal: stopping.signal });
    grpc.setServing('', 'SERVING');
    grpc.setServing(UsersService.typeName, 'SERVING');
  })();
  ready.catch((error: unknown) => {
    if (!stopping.signal.aborted) logger.fatal({ err: error }, 'users could not start');
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
  return { grpcPort: grpc.port, adminPort: admin.port, ready, stopSteps, logger };
}
