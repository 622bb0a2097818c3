import type { Shard } from '@orrery/platform/pg';

/** The pg client of an open transaction, as `shard.withTransaction` hands it out. */
export type Tx = Parameters<Parameters<Shard['withTransaction']>[0]>[0];

/** Anything that runs parameterised SQL: a shard (through its pool) or an open transaction. */
export type Queryable = Pick<Shard, 'query'> | Pick<Tx, 'query'>;

/** `shard` itself, or the transaction when one is open: both answer `query`. */
export function runner(on: Queryable): Pick<Shard, 'query'> {
  return on as Pick<Shard, 'query'>;
}
