export { MIGRATION_LOCK_KEY, type MigrateReport, migrate } from './migrate.js';
export {
  checksumOf,
  loadMigrations,
  type Migration,
  MigrationError,
  type MigrationErrorCode,
  validateMigrations,
} from './migrations.js';
export { operationOf } from './operation.js';
export { createShardSet, type Shard, type ShardSet, type ShardSetOptions } from './shard-set.js';
