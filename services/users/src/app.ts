// The only wiring of the users service: its stores, cache and use cases on the shared sharded-service shape.
import { fileURLToPath } from 'node:url';
import { bindService } from '@orrery/platform/grpc';
import { OUTBOX_MIGRATIONS, startEventPublishing } from '@orrery/platform/outbox';
import { createRedis } from '@orrery/platform/redis';
import { type ShardedService, startShardedGrpcService } from '@orrery/platform/service';
import { userCache } from './cache/user-cache.js';
import type { UsersConfig } from './config.js';
import { userEvents } from './events/user-events.js';
import { UsersService, usersHandler } from './grpc/users-handler.js';
import { emailClaims } from './store/email-claims.js';
import { userStore } from './store/user-store.js';
import { type UsersDeps, userExists } from './users/deps.js';
import { seedAdmin } from './users/seed-admin.js';

export function startUsers(config: UsersConfig): Promise<ShardedService> {
  return startShardedGrpcService({
    name: 'users',
    config,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    extraMigrations: OUTBOX_MIGRATIONS,
    register: (parts) => {
      const { runtime, shards, background, onClose } = parts;
      const { logger, metrics } = runtime;
      startEventPublishing(parts, { service: 'users', brokers: config.kafkaBrokers });
      const redis = createRedis({ url: config.redisUrl, logger, commandTimeoutMs: 500 });
      // Redis is optional for users (reads degrade to Postgres), so it is not a readiness check
      redis.connect().catch((error: unknown) => logger.warn({ err: error }, 'redis not reachable yet'));
      onClose('redis', () => redis.close());
      const cache = userCache({
        redis,
        ttlSeconds: config.cacheTtlSeconds,
        logger,
        registry: metrics.registry,
      });
      const store = userStore(shards, userEvents);
      const deps: UsersDeps = { store, claims: emailClaims(shards, userExists(store)), cache };
      const { admin } = config;
      if (admin !== undefined) {
        background({
          name: 'admin account',
          start: async () => {
            const seeded = await seedAdmin(deps, admin);
            logger.info({ user_id: seeded.id }, 'admin account ready');
          },
          stop: async () => {},
        });
      }
      return [bindService(UsersService, usersHandler(deps))];
    },
  });
}
