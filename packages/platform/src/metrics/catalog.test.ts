import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredMetrics, declaredSeriesNames, METRIC_REGISTRIES } from './catalog.js';
import * as names from './names.js';

describe('metric catalog', () => {
  it('lists every *_METRICS registry names.ts exports', () => {
    const exported = Object.keys(names).filter((key) => /^([A-Z]+_)?METRICS$/.test(key));
    assert.deepEqual(Object.keys(METRIC_REGISTRIES).sort(), exported.sort());
  });

  it('declares each name once, orrery_-prefixed, seconds only on *_seconds', () => {
    const all = declaredMetrics();
    assert.equal(new Set(all.map((m) => m.name)).size, all.length, 'a name is declared twice');
    for (const metric of all) {
      assert.match(metric.name, /^orrery_[a-z0-9_]+$/);
      if (metric.unit === 'seconds') assert.match(metric.name, /_seconds$/);
      if (metric.type === 'counter') assert.match(metric.name, /_total$/, metric.name);
    }
  });

  it('expands histograms into the series Prometheus stores', () => {
    const series = declaredSeriesNames();
    assert.ok(series.has('orrery_order_saga_duration_seconds_bucket'));
    assert.ok(series.has('orrery_order_saga_duration_seconds_count'));
    assert.ok(!series.has('orrery_order_saga_duration_seconds'));
    assert.ok(series.has('orrery_db_shard_up'));
    assert.ok(series.has('orrery_orders_pending_oldest_age_seconds'));
    assert.ok(!series.has('up'));
  });
});
