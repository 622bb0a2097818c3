import pg from 'pg';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { HashRing } from '../ring/index.js';
import { retry } from '../retry/index.js';
import { withShardContext } from '../telemetry/shard-context.js';
import { operationOf } from './operation.js';

/** Options for `createShardSet`. */
export interface ShardSetOptions {
  /** One Postgres URL per shard, in shard order (shard id = index). */
  readonly urls: readonly string[];
  /** Reported as `application_name` to Postgres. */
  readonly service: string;
  /** Connections per shard pool (default 10). */
  readonly poolMax?: number;
  /** Receives query timings by shard and operation. */
  readonly metrics?: { readonly dbQueryDuration: Histogram<'shard' | 'operation'> };
  readonly logger: Logger;
  /** Server-side statement timeout in ms (default 10000). */
  readonly statementTimeoutMs?: number;
}

/** One shard: its id, its pool, and timed helpers bound to it. */
export interface Shard {
  readonly shard: number;
  readonly pool: pg.Pool;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
  withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

/** A set of Postgres shards routed by a consistent-hash ring. */
export interface ShardSet {
  readonly size: number;
  /** The shard that owns `key` (e.g. a user id). */
  shardForKey(key: string): number;
  pool(shard: number): pg.Pool;
  /** The shard that owns `key`, with helpers bound to it. */
  forKey(key: string): Shard;
  shard(shard: number): Shard;
  all(): readonly Shard[];
  /** Runs parameterised SQL on a shard, timed into `orrery_db_query_duration_seconds`. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    shard: number,
    sql: string,
    params?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
  /** BEGIN … COMMIT on one shard; ROLLBACK and rethrow if `fn` throws. */
  withTransaction<T>(shard: number, fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** `SELECT 1` on every shard; rejects with the first failure (a readiness check). */
  ping(): Promise<void>;
  /** Retries `ping` with backoff until it passes or `deadlineMs` runs out. */
  waitUntilReady(options: { deadlineMs: number; signal?: AbortSignal }): Promise<void>;
  close(): Promise<void>;
}

/** Builds one pool per shard (no connection is opened until first use). */
export function createShardSet(options: ShardSetOptions): ShardSet {
  const { urls, logger, metrics } = options;
  if (urls.length === 0) throw new Error('createShardSet: at least one shard URL is needed');
  const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
  const pools = urls.map((connectionString, shard) => {
    const pool = new pg.Pool({
      connectionString,
      max: options.poolMax ?? 10,
      application_name: options.service,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      statement_timeout: statementTimeoutMs,
    });
    // an idle client losing its connection must not crash the process
    pool.on('error', (error) => logger.warn({ shard, err: error }, 'idle postgres connection failed'));
    return pool;
  });
  const ring = new HashRing(pools.map((_, shard) => shard));

  const pool = (shard: number): pg.Pool => {
    const found = Number.isInteger(shard) ? pools[shard] : undefined;
    if (found === undefined) throw new RangeError(`shard ${shard} is out of range 0-${pools.length - 1}`);
    return found;
  };

  const query = async <R extends pg.QueryResultRow>(
    shard: number,
    sql: string,
    params: readonly unknown[] = [],
  ) => {
    const target = pool(shard);
    const stop = metrics?.dbQueryDuration.startTimer({ shard: String(shard), operation: operationOf(sql) });
    try {
      return await withShardContext(shard, () => target.query<R>(sql, params as unknown[]));
    } finally {
      stop?.();
    }
  };

  const withTransaction = <T>(shard: number, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
    withShardContext(shard, () => transaction(shard, fn));
  const transaction = async <T>(shard: number, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool(shard).connect();
    const stop = metrics?.dbQueryDuration.startTimer({ shard: String(shard), operation: 'transaction' });
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      stop?.();
      client.release(broken);
    }
  };

  const bind = (shard: number): Shard => ({
    shard,
    pool: pool(shard),
    query: (sql, params) => query(shard, sql, params),
    withTransaction: (fn) => withTransaction(shard, fn),
  });
  const shards = pools.map((_, shard) => bind(shard));

  const ping = async (): Promise<void> => {
    await Promise.all(
      pools.map(async (target, shard) => {
        try {
          await target.query('SELECT 1');
        } catch (error) {
          throw new Error(`shard ${shard}: ${(error as Error).message}`, { cause: error });
        }
      }),
    );
  };

  let closed: Promise<void> | undefined;
  return {
    size: pools.length,
    shardForKey: (key) => ring.shardFor(key),
    pool,
    forKey: (key) => shards[ring.shardFor(key)] as Shard,
    shard: (shard) => shards[shard] ?? bind(shard),
    all: () => shards,
    query,
    withTransaction,
    ping,
    waitUntilReady: ({ deadlineMs, signal }) =>
      retry(ping, {
        deadlineMs,
        baseMs: 100,
        maxMs: 2000,
        ...(signal === undefined ? {} : { signal }),
        onRetry: ({ attempt, error, delayMs }) =>
          logger.warn({ attempt, delayMs, err: error }, 'postgres shards not ready yet; retrying'),
      }),
    close() {
      closed ??= Promise.all(pools.map((target) => target.end())).then(() => undefined);
      return closed;
    },
  };
}
