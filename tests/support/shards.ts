// Rows from every shard of a hash-sharded test database: what the tests read past the services.
import { createShardSet, type ShardSet } from '@orrery/platform/pg';
import pino from 'pino';

/** Every row `sql` returns from every shard of `shards`, in shard order, tagged with its shard. */
export async function fromEveryShard<R>(
  shards: ShardSet,
  sql: string,
  params: unknown[] = [],
): Promise<(R & { shard: number })[]> {
  const rows: (R & { shard: number })[] = [];
  for (const { shard, query } of shards.all()) {
    for (const row of (await query(sql, params)).rows) rows.push({ ...(row as R), shard });
  }
  return rows;
}

/** Every row `sql` returns from every shard of `urls` (one URL per shard, in shard order). */
export async function queryShards<R>(
  urls: readonly string[],
  sql: string,
  params: unknown[] = [],
): Promise<(R & { shard: number })[]> {
  const shards = createShardSet({ urls, service: 'test', logger: pino({ level: 'silent' }) });
  try {
    return await fromEveryShard<R>(shards, sql, params);
  } finally {
    await shards.close();
  }
}

/** The sum over every shard of `urls` of the `n` column `sql` returns (`SELECT count(*) AS n …`). */
export async function countOnShards(
  urls: readonly string[],
  sql: string,
  params: unknown[] = [],
): Promise<number> {
  const rows = await queryShards<{ n: string }>(urls, sql, params);
  return rows.reduce((sum, row) => sum + Number(row.n), 0);
}
