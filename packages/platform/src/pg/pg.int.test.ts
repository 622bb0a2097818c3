import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createMetrics } from '../metrics/index.js';
import { createTestDatabases, type TestDatabases } from '../testing/index.js';
import { migrate } from './migrate.js';
import { loadMigrations, type Migration, MigrationError } from './migrations.js';
import { createShardSet, type ShardSet } from './shard-set.js';

const logger = pino({ level: 'silent' });
const MIGRATIONS: Migration[] = [
  { version: 1, name: 'create_users', sql: 'CREATE TABLE users (id text PRIMARY KEY, email text NOT NULL);' },
  {
    version: 2,
    name: 'add_created_at',
    sql: 'ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();',
  },
];

describe('pg shard set and migrations (real Postgres)', () => {
  let dbs: TestDatabases;
  let shards: ShardSet;
  const metrics = createMetrics({ service: 'pg-int', processMetrics: false });

  before(async () => {
    dbs = await createTestDatabases();
    shards = createShardSet({ urls: dbs.urls, service: 'pg-int', poolMax: 4, logger, metrics });
    await shards.waitUntilReady({ deadlineMs: 10_000 });
  });
  after(async () => {
    await shards?.close();
    await dbs?.drop();
  });

  it('applies migrations on every shard, and re-running is a no-op', async () => {
    const first = await migrate(shards, MIGRATIONS);
    assert.deepEqual(
      first.applied,
      shards.all().map(({ shard }) => ({ shard, versions: [1, 2] })),
    );
    const second = await migrate(shards, MIGRATIONS);
    assert.deepEqual(
      second.applied,
      shards.all().map(({ shard }) => ({ shard, versions: [] })),
    );
    for (const { shard } of shards.all()) {
      const rows = await shards.query<{ version: number; name: string }>(
        shard,
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      assert.deepEqual(rows.rows, [
        { version: 1, name: 'create_users' },
        { version: 2, name: 'add_created_at' },
      ]);
    }
  });

  it('refuses to boot when an applied migration was edited', async () => {
    const edited = [MIGRATIONS[0] as Migration, { ...(MIGRATIONS[1] as Migration), sql: 'SELECT 1;' }];
    await assert.rejects(migrate(shards, edited), (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.equal(error.code, 'MIGRATION_CHECKSUM_MISMATCH');
      assert.match(error.message, /^shard 0: migration 2 \(add_created_at\) changed after it was applied/);
      return true;
    });
  });

  it('two shard sets migrating at once take turns and apply each migration once', async () => {
    const other = createShardSet({ urls: dbs.urls, service: 'pg-int-2', poolMax: 2, logger });
    try {
      const more: Migration[] = [
        ...MIGRATIONS,
        // would fail on the second run if it were applied twice
        {
          version: 3,
          name: 'create_orders',
          sql: 'CREATE TABLE orders (id text PRIMARY KEY, user_id text);',
        },
        { version: 4, name: 'orders_index', sql: 'CREATE INDEX orders_user ON orders (user_id);' },
      ];
      const [a, b] = await Promise.all([migrate(shards, more), migrate(other, more)]);
      for (const { shard } of shards.all()) {
        const fromA = a.applied.find((entry) => entry.shard === shard)?.versions ?? [];
        const fromB = b.applied.find((entry) => entry.shard === shard)?.versions ?? [];
        assert.deepEqual([...fromA, ...fromB].sort(), [3, 4], `shard ${shard}: each applied exactly once`);
      }
    } finally {
      await other.close();
    }
  });

  it('loads NNN_name.sql files and rejects badly named ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orrery-migrations-'));
    try {
      await writeFile(join(dir, '002_second.sql'), 'SELECT 2;');
      await writeFile(join(dir, '001_first.sql'), 'SELECT 1;');
      await writeFile(join(dir, 'README.md'), 'ignored');
      assert.deepEqual(
        (await loadMigrations(dir)).map(({ version, name }) => `${version}:${name}`),
        ['1:first', '2:second'],
      );
      await writeFile(join(dir, 'third.sql'), 'SELECT 3;');
      await assert.rejects(loadMigrations(dir), /third\.sql: name must look like 001_create_users\.sql/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a row written through forKey lands on the shard the ring picks, and only there', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    for (const key of keys) {
      await shards
        .forKey(key)
        .query('INSERT INTO users (id, email) VALUES ($1, $2)', [key, `${key}@example.com`]);
    }
    for (const { shard } of shards.all()) {
      const rows = await shards.query<{ id: string }>(shard, 'SELECT id FROM users ORDER BY id');
      const expected = keys.filter((key) => shards.shardForKey(key) === shard).sort();
      assert.deepEqual(
        rows.rows.map((row) => row.id),
        expected,
      );
    }
    if (shards.size > 1) {
      const used = new Set(keys.map((key) => shards.shardForKey(key)));
      assert.equal(used.size, shards.size, 'keys spread over every shard');
    }
    const text = await metrics.registry.metrics();
    assert.match(
      text,
      /orrery_db_query_duration_seconds_count\{service="pg-int",shard="0",operation="insert"\} \d+/,
    );
  });

  it('withTransaction commits on success and rolls back on error', async () => {
    await shards.withTransaction(0, async (client) => {
      await client.query('INSERT INTO users (id, email) VALUES ($1, $2)', ['tx-ok', 'a@b']);
    });
    await assert.rejects(
      shards.withTransaction(0, async (client) => {
        await client.query('INSERT INTO users (id, email) VALUES ($1, $2)', ['tx-bad', 'a@b']);
        throw new Error('abort');
      }),
      /abort/,
    );
    const rows = await shards.query<{ id: string }>(
      0,
      "SELECT id FROM users WHERE id LIKE 'tx-%' ORDER BY id",
    );
    assert.deepEqual(
      rows.rows.map((row) => row.id),
      ['tx-ok'],
    );
  });

  it('rejects a shard out of range precisely', () => {
    assert.throws(() => shards.pool(shards.size), new RegExp(`shard ${shards.size} is out of range 0-`));
  });

  it('waitUntilReady gives up on an unreachable shard by its deadline', async () => {
    const dead = createShardSet({ urls: ['postgres://orrery@127.0.0.1:1/none'], service: 'x', logger });
    try {
      await assert.rejects(
        dead.waitUntilReady({ deadlineMs: 300 }),
        /gave up after \d+ attempt\(s\).*shard 0/,
      );
    } finally {
      await dead.close();
    }
  });
});
