import type pg from 'pg';
import { leaderLockKey } from '../leader/lock-key.js';
import { checksumOf, type Migration, MigrationError, validateMigrations } from './migrations.js';
import type { ShardSet } from './shard-set.js';

/** Advisory lock key serialising migrations per database. */
export const MIGRATION_LOCK_KEY = leaderLockKey('orrery.schema_migrations');

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** What `migrate` did on each shard. */
export interface MigrateReport {
  readonly applied: readonly { shard: number; versions: readonly number[] }[];
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Applies `migrations` in version order on every shard. Each migration runs in its own transaction
 * holding `pg_advisory_xact_lock(MIGRATION_LOCK_KEY)`, so replicas migrating at once take turns, and is
 * recorded in `schema_migrations` with its checksum. Re-running is a no-op: migrations already applied
 * when the shard was first checked are skipped without a transaction each. An applied migration whose
 * text changed is a `MIGRATION_CHECKSUM_MISMATCH` error, detected before anything new is applied.
 */
export async function migrate(shardSet: ShardSet, migrations: readonly Migration[]): Promise<MigrateReport> {
  const ordered = validateMigrations(migrations);
  const applied: { shard: number; versions: number[] }[] = [];
  for (const { shard } of shardSet.all()) {
    const versions: number[] = [];
    const alreadyApplied = await verifyApplied(shardSet, shard, ordered);
    for (const migration of ordered) {
      if (alreadyApplied.has(migration.version)) continue;
      const done = await shardSet.withTransaction(shard, async (client) => {
        await lockAndPrepare(client);
        const row = await appliedRow(client, migration.version);
        if (row !== undefined) {
          compare(shard, migration, row);
          return false;
        }
        try {
          await client.query(migration.sql);
        } catch (error) {
          throw new MigrationError(
            'MIGRATION_FAILED',
            `shard ${shard}: migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
            { cause: error },
          );
        }
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          checksumOf(migration.sql),
        ]);
        return true;
      });
      if (done) versions.push(migration.version);
    }
    applied.push({ shard, versions });
  }
  return { applied };
}

async function lockAndPrepare(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
  await client.query(CREATE_TABLE);
}

async function appliedRow(client: pg.PoolClient, version: number): Promise<AppliedRow | undefined> {
  const result = await client.query<AppliedRow>(
    'SELECT version, name, checksum FROM schema_migrations WHERE version = $1',
    [version],
  );
  return result.rows[0];
}

/** Checks every applied migration's checksum; returns the versions already applied on `shard`. */
async function verifyApplied(
  shardSet: ShardSet,
  shard: number,
  ordered: readonly Migration[],
): Promise<ReadonlySet<number>> {
  return shardSet.withTransaction(shard, async (client) => {
    await lockAndPrepare(client);
    const rows = await client.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations');
    const byVersion = new Map(rows.rows.map((row) => [row.version, row]));
    for (const migration of ordered) {
      const row = byVersion.get(migration.version);
      if (row !== undefined) compare(shard, migration, row);
    }
    return new Set(byVersion.keys());
  });
}

function compare(shard: number, migration: Migration, row: AppliedRow): void {
  const checksum = checksumOf(migration.sql);
  if (row.checksum !== checksum) {
    throw new MigrationError(
      'MIGRATION_CHECKSUM_MISMATCH',
      `shard ${shard}: migration ${migration.version} (${migration.name}) changed after it was applied ` +
        `(database has checksum ${row.checksum.slice(0, 12)}…, code has ${checksum.slice(0, 12)}…); ` +
        'add a new migration instead of editing an applied one',
    );
  }
}
