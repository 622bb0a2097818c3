// The gauges' wiring with a tiny fake shard set; the SQL itself runs against real Postgres in
// tests/e2e/observability.int.test.ts (the saga-stuck alert's query must return data there).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ShardSet } from '@orrery/platform/pg';
import { Registry } from 'prom-client';
import { registerPendingOrdersMetrics } from './pending-orders-metrics.js';

function fakeShards(answers: (() => Promise<unknown>)[], counter: { queries: number }): ShardSet {
  const all = answers.map((answer, shard) => ({
    shard,
    pool: {
      query: () => {
        counter.queries++;
        return answer();
      },
    },
  }));
  return { all: () => all } as unknown as ShardSet;
}

describe('pending orders metrics', () => {
  it('reports per shard the pending count and the oldest age, one read per scrape', async () => {
    const registry = new Registry();
    const counter = { queries: 0 };
    const shards = fakeShards(
      [
        async () => ({ rows: [{ pending: 3, oldest_age: 42.5 }] }),
        async () => ({ rows: [{ pending: 0, oldest_age: 0 }] }),
      ],
      counter,
    );
    registerPendingOrdersMetrics(registry, shards);
    const text = await registry.metrics();
    assert.match(text, /orrery_orders_pending\{shard="0"\} 3/);
    assert.match(text, /orrery_orders_pending_oldest_age_seconds\{shard="0"\} 42.5/);
    assert.match(text, /orrery_orders_pending\{shard="1"\} 0/);
    assert.match(text, /orrery_orders_pending_oldest_age_seconds\{shard="1"\} 0/);
    assert.equal(counter.queries, 2, 'both gauges share one query per shard');
  });

  it('keeps zero series for a shard that cannot be read', async () => {
    const registry = new Registry();
    const shards = fakeShards([async () => Promise.reject(new Error('relation "orders" does not exist'))], {
      queries: 0,
    });
    registerPendingOrdersMetrics(registry, shards);
    const text = await registry.metrics();
    assert.match(text, /orrery_orders_pending\{shard="0"\} 0/);
    assert.match(text, /orrery_orders_pending_oldest_age_seconds\{shard="0"\} 0/);
  });
});
