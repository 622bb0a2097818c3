import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One versioned schema change. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Stable error codes of migration failures. */
export type MigrationErrorCode = 'MIGRATION_INVALID' | 'MIGRATION_CHECKSUM_MISMATCH' | 'MIGRATION_FAILED';

/** A migration problem; stops the service at boot. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** SHA-256 of the migration text, hex: any edit to an applied migration changes it. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Checks versions are unique positive integers and names non-empty; returns them sorted by version. */
export function validateMigrations(migrations: readonly Migration[]): Migration[] {
  const seen = new Map<number, string>();
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new MigrationError(
        'MIGRATION_INVALID',
        `migration "${migration.name}": version must be an integer ≥ 1`,
      );
    }
    if (migration.name.trim() === '') {
      throw new MigrationError('MIGRATION_INVALID', `migration ${migration.version}: name is empty`);
    }
    const other = seen.get(migration.version);
    if (other !== undefined) {
      throw new MigrationError(
        'MIGRATION_INVALID',
        `migrations "${other}" and "${migration.name}" share version ${migration.version}`,
      );
    }
    seen.set(migration.version, migration.name);
  }
  return [...migrations].sort((a, b) => a.version - b.version);
}

const FILE_PATTERN = /^(\d+)_([a-z0-9][a-z0-9_-]*)\.sql$/;

/** Loads `NNN_name.sql` files from `dir`; any other `.sql` file name is an error. */
export async function loadMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new MigrationError(
        'MIGRATION_INVALID',
        `${join(dir, file)}: name must look like 001_create_users.sql`,
      );
    }
    migrations.push({
      version: Number(match[1]),
      name: match[2],
      sql: await readFile(join(dir, file), 'utf8'),
    });
  }
  return validateMigrations(migrations);
}
