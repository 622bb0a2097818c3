// `orrery_db_shard_up{shard}`: at every scrape each shard gets a `SELECT 1` with a short timeout, so a
// shard that stops answering shows as 0 on the next scrape (the "shard down" alert reads it). The probe
// runs only when Prometheus scrapes, costs one round trip per shard and is not timed into the query
// histogram (it is not application load).
import type { Gauge, Registry } from 'prom-client';
import { DATA_METRICS } from './names.js';
import { gaugeOf } from './register.js';

/** Options for `registerShardProbe`. */
export interface ShardProbeOptions {
  /** Number of shards; shard ids are 0 … shards − 1. */
  readonly shards: number;
  /** Resolves when the shard answers (e.g. `pool(shard).query('SELECT 1')`). */
  readonly probe: (shard: number) => Promise<unknown>;
  /** A probe slower than this counts as down (default 1000 ms). */
  readonly timeoutMs?: number;
}

/**
 * Settles as `promise` does when it settles within `ms`, else rejects with a timeout error. A rejection
 * of `promise` after the timeout is swallowed (it does not become an unhandled rejection).
 */
export async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `collect` whenever Prometheus scrapes any of `gauges` (prom-client awaits a gauge's collect()
 * before reading it). Gauges collected together in one scrape share one run in flight.
 */
export function collectOnScrape(gauges: readonly Gauge[], collect: () => Promise<void>): void {
  let inflight: Promise<void> | undefined;
  const shared = (): Promise<void> => {
    inflight ??= collect().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
  for (const gauge of gauges) (gauge as unknown as { collect?: () => Promise<void> }).collect = shared;
}

/** Registers the shard-up gauge on `registry`; its value is probed on every collection. */
export function registerShardProbe(registry: Registry, options: ShardProbeOptions): void {
  if (!Number.isInteger(options.shards) || options.shards < 1) {
    throw new Error(`registerShardProbe: shards must be a positive integer, got ${options.shards}`);
  }
  const timeoutMs = options.timeoutMs ?? 1000;
  const gauge = gaugeOf(registry, DATA_METRICS.shardUp);
  for (let shard = 0; shard < options.shards; shard++) gauge.set({ shard: String(shard) }, 0);
  collectOnScrape([gauge], async () => {
    const results = await Promise.all(
      Array.from({ length: options.shards }, (_, shard) =>
        withinMs(options.probe(shard), timeoutMs).then(
          () => true,
          () => false,
        ),
      ),
    );
    for (const [shard, up] of results.entries()) gauge.set({ shard: String(shard) }, up ? 1 : 0);
  });
}
