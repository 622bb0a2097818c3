import type { ShardSet } from '../pg/index.js';

/**
 * Rows of `table` matching `where` (parameterised by `params`), summed over every shard. For test
 * assertions only: `where` is SQL written by the test, never input.
 */
export async function countRows(
  shards: ShardSet,
  table: string,
  where = 'true',
  params: readonly unknown[] = [],
): Promise<number> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const counts = await Promise.all(
    shards
      .all()
      .map(async (shard) =>
        Number((await shard.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params)).rows[0]?.n),
      ),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}
