// The only wiring of the users service: its stores and use cases on the shared sharded-service shape.
import { fileURLToPath } from 'node:url';
import { bindService } from '@orrery/platform/grpc';
import { type ShardedService, startShardedGrpcService } from '@orrery/platform/service';
import type { UsersConfig } from './config.js';
import { UsersService, usersHandler } from './grpc/users-handler.js';
import { emailClaims } from './store/email-claims.js';
import { userStore } from './store/user-store.js';

export function startUsers(config: UsersConfig): Promise<ShardedService> {
  return startShardedGrpcService({
    name: 'users',
    config,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    register: ({ shards }) => {
      const deps = { store: userStore(shards), claims: emailClaims(shards) };
      return [bindService(UsersService, usersHandler(deps))];
    },
  });
}
