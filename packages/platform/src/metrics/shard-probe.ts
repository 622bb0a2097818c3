// `orrery_db_shard_up{shard}`: at every scrape each shard gets a `SELECT 1` with a short timeout, so a
// shard that stops answering shows as 0 on the next scrape (the "shard down" alert reads it). The probe
// runs only when Prometheus scrapes, costs one round trip per shard and is not timed into the query
// histogram (it is not application load).
import type { Registry } from 'prom-client';
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

async function answers(probe: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([probe.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Registers the shard-up gauge on `registry`; its value is probed on every collection. */
export function registerShardProbe(registry: Registry, options: ShardProbeOptions): void {
  if (!Number.isInteger(options.shards) || options.shards < 1) {
    throw new Error(`registerShardProbe: shards must be a positive integer, got ${options.shards}`);
  }
  const timeoutMs = options.timeoutMs ?? 1000;
  const gauge = gaugeOf(registry, DATA_METRICS.shardUp);
  for (let shard = 0; shard < options.shards; shard++) gauge.set({ shard: String(shard) }, 0);
  const collect = async () => {
    const results = await Promise.all(
      Array.from({ length: options.shards }, (_, shard) => {
        // a probe that rejects after the timeout must not become an unhandled rejection
        const probe = options.probe(shard);
        probe.catch(() => {});
        return answers(probe, timeoutMs);
      }),
    );
    for (const [shard, up] of results.entries()) gauge.set({ shard: String(shard) }, up ? 1 : 0);
  };
  // prom-client awaits a collector's collect() before it reads the gauge
  (gauge as unknown as { collect?: () => Promise<void> }).collect = collect;
}
