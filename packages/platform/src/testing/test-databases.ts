import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requireTestList } from './test-env.js';

/** Throwaway databases, one per shard cluster, and how to drop them. */
export interface TestDatabases {
  readonly name: string;
  /** One URL per shard cluster pointing at the new database. */
  readonly urls: readonly string[];
  drop(): Promise<void>;
}

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates `t_<random>` on every cluster in `ORRERY_TEST_PG_URLS` (throws naming the variable when it is
 * missing). `drop()` removes them, disconnecting any leftover sessions.
 */
export async function createTestDatabases(): Promise<TestDatabases> {
  const adminUrls = requireTestList('ORRERY_TEST_PG_URLS');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const created: string[] = [];
  try {
    for (const adminUrl of adminUrls) {
      await onAdmin(adminUrl, `CREATE DATABASE ${name}`);
      created.push(adminUrl);
    }
  } catch (error) {
    await Promise.allSettled(created.map((adminUrl) => onAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name}`)));
    throw error;
  }
  const urls = adminUrls.map((adminUrl) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  });
  return {
    name,
    urls,
    async drop() {
      await Promise.all(
        adminUrls.map((adminUrl) => onAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
      );
    },
  };
}
