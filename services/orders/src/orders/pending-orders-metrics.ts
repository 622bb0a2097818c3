// Saga-stuck signals, read from Postgres when Prometheus scrapes: per shard, how many orders are PENDING
// and how old the oldest is. An order stays PENDING only while its payment result is on its way; an
// oldest age that keeps growing means the saga stopped (payments down, a consumer stuck, a lost event).
import { collectOnScrape, gaugeOf, ORDERS_METRICS, withinMs } from '@orrery/platform/metrics';
import type { ShardSet } from '@orrery/platform/pg';
import type { Registry } from 'prom-client';

const PENDING_SQL = `SELECT count(*)::int AS pending,
  COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_age
  FROM orders WHERE status = 'PENDING'`;

/** A scrape never waits longer than this for a shard. */
const READ_TIMEOUT_MS = 1000;

interface PendingRow {
  pending: number;
  oldest_age: number;
}

/** Registers the two gauges on `registry`; a shard that cannot be read keeps its last values. */
export function registerPendingOrdersMetrics(registry: Registry, shards: ShardSet): void {
  const pending = gaugeOf(registry, ORDERS_METRICS.pendingOrders);
  const oldest = gaugeOf(registry, ORDERS_METRICS.oldestPendingAge);
  for (const { shard } of shards.all()) {
    pending.set({ shard: String(shard) }, 0);
    oldest.set({ shard: String(shard) }, 0);
  }
  // prom-client collects the gauges of a scrape concurrently: both share one read
  collectOnScrape([pending, oldest], async () => {
    await Promise.all(
      shards.all().map(async ({ shard, pool }) => {
        try {
          const { rows } = await withinMs(pool.query<PendingRow>(PENDING_SQL), READ_TIMEOUT_MS);
          const row = rows[0];
          if (row === undefined) return;
          pending.set({ shard: String(shard) }, row.pending);
          oldest.set({ shard: String(shard) }, row.oldest_age);
        } catch {
          // shard down, slow or not migrated yet: orrery_db_shard_up says so; keep the last values
        }
      }),
    );
  });
}
